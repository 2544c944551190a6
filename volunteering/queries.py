"""Scoped reads of volunteering. Everything that lists or fetches by user comes through here."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, DecimalField, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from core import idcard, pii
from core.roles import Cap
from core.scoping import get_for_user, scope_for
from core.typing import Viewer
from registry.models import OrgUnit
from registry.queries import communities_for_user
from volunteering import ledger
from volunteering.models import (
    Certificate,
    CorrectionRequest,
    ServiceRecord,
    Skill,
    StarLevel,
    Team,
    TeamMembership,
    Volunteer,
    VolunteeringSettings,
)

VIEW, RECORD, MANAGE = Cap.VOLUNTEERING_VIEW, Cap.VOLUNTEERING_RECORD, Cap.VOLUNTEERING_MANAGE
ZERO = Decimal(0)
_HOURS: DecimalField[Decimal, Decimal] = DecimalField(max_digits=9, decimal_places=2)
_MOBILE = re.compile(r"^1\d{10}$")
_CENT = Decimal("0.01")


def _hours(value: Any) -> Decimal:
    """A sum of hours to two places: SQLite returns sums as floats turned into long decimals."""
    return Decimal(value or 0).quantize(_CENT)


# --- volunteers ------------------------------------------------------------------------------


def volunteers_for_user(user: Viewer, cap: str = VIEW) -> QuerySet[Volunteer]:
    return Volunteer.objects.for_user(user, cap)


def get_volunteer_for_user(user: Viewer, pk: int | str, *, manage: bool = False, accounts: bool = False) -> Volunteer:
    """A volunteer: 404 outside scope, 403 without MANAGE (manage) or ACCOUNTS_MANAGE (accounts)."""
    return get_for_user(
        Volunteer.objects.select_related("community", "resident", "user"),
        user,
        pk,
        view=VIEW,
        change=Cap.ACCOUNTS_MANAGE if accounts else MANAGE if manage else None,
    )


def own_volunteer(user: Viewer) -> Volunteer | None:
    """The user's own registration in any state: their page also answers a pending or rejected one."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Volunteer.objects.select_related("community").filter(user=user).first()


def own_active_volunteer(user: Viewer) -> Volunteer | None:
    volunteer = own_volunteer(user)
    return volunteer if volunteer and volunteer.status == Volunteer.Status.ACTIVE else None


def volunteer_list(user: Viewer) -> QuerySet[Volunteer]:
    """The volunteer table: each row's active teams come in one more query for the whole page."""
    active = TeamMembership.objects.filter(status=TeamMembership.Status.ACTIVE).select_related("team")
    return (
        volunteers_for_user(user)
        .select_related("community")
        .prefetch_related(Prefetch("team_memberships", queryset=active.order_by("team__name"), to_attr="active_teams"))
    )


def filter_volunteers(
    volunteers: QuerySet[Volunteer],
    *,
    community: OrgUnit | None = None,
    status: str = "",
    team: Team | None = None,
    skill: Skill | None = None,
    text: str = "",
) -> QuerySet[Volunteer]:
    """Narrow a scoped volunteer queryset by the filter bar; a phone or ID number matches exactly."""
    if community is not None:
        volunteers = volunteers.filter(community=community)
    if status:
        volunteers = volunteers.filter(status=status)
    if team is not None:
        volunteers = volunteers.filter(
            pk__in=TeamMembership.objects.filter(team=team, status=TeamMembership.Status.ACTIVE).values("volunteer_id")
        )
    if skill is not None:
        volunteers = volunteers.filter(skills=skill)
    text = (text or "").strip().replace(" ", "")
    if _MOBILE.match(text):
        volunteers = volunteers.filter(phone_hash=pii.keyed_hash(pii.normalize_phone(text)))
    elif len(text) == 18 and text[:17].isdigit():
        volunteers = volunteers.filter(id_number_hash=pii.keyed_hash(idcard.normalize(text)))
    elif text:
        volunteers = volunteers.filter(Q(name__contains=text) | Q(number__icontains=text))
    return volunteers


def attach_stars(volunteers: Iterable[Volunteer]) -> None:
    """Set `stars` on each volunteer from their recorded hours (no query)."""
    for volunteer in volunteers:
        volunteer.stars = ledger.star_level(volunteer.recorded_hours)


def skills_for(community_ids: list[int]) -> QuerySet[Skill]:
    """Built-in skills and the communities' own."""
    return Skill.objects.filter(Q(community__isnull=True) | Q(community_id__in=community_ids)).order_by(
        "community_id", "code"
    )


def volunteer_memberships(volunteer: Volunteer) -> QuerySet[TeamMembership]:
    """The volunteer's teams: current ones first, then requests, then the past."""
    rank = Case(
        When(status=TeamMembership.Status.ACTIVE, then=0),
        When(status=TeamMembership.Status.REQUESTED, then=1),
        default=2,
    )
    return volunteer.team_memberships.select_related("team").order_by(rank, "team__name")


@dataclass
class Figures:
    """The headline numbers of a volunteer's page."""

    recorded_hours: Decimal
    notice_hours: Decimal
    stars: int
    next_level: int | None
    hours_to_next: Decimal | None
    progress_from: int
    progress_to: int | None
    progress_percent: int
    levels: list[StarLevel] = field(default_factory=list)


def volunteer_figures(volunteer: Volunteer) -> Figures:
    """Hours recorded and on notice, star level, progress to the next level and the dates each was reached."""
    recorded = volunteer.recorded_hours
    notice = volunteer.records.filter(status=ServiceRecord.Status.NOTICE).aggregate(total=Sum("hours"))["total"]
    stars = ledger.star_level(recorded)
    thresholds = ledger.star_thresholds()
    upcoming = ledger.next_star(recorded)
    floor = thresholds[stars - 1] if stars else 0
    ceiling = thresholds[stars] if stars < len(thresholds) else None
    percent = 100 if ceiling is None else int((recorded - floor) * 100 / (ceiling - floor))
    return Figures(
        recorded_hours=recorded,
        notice_hours=_hours(notice),
        stars=stars,
        next_level=upcoming[0] if upcoming else None,
        hours_to_next=upcoming[1] if upcoming else None,
        progress_from=floor,
        progress_to=ceiling,
        progress_percent=max(0, min(percent, 100)),
        levels=list(volunteer.star_levels.all()),
    )


def volunteer_records(volunteer: Volunteer) -> QuerySet[ServiceRecord]:
    """A volunteer's service entries, newest first, each with its corrections and correction requests."""
    return (
        ServiceRecord.objects.filter(volunteer=volunteer, kind=ServiceRecord.Kind.SERVICE)
        .select_related("team")
        .prefetch_related(
            Prefetch("corrections", queryset=ServiceRecord.objects.order_by("created_at", "pk")),
            Prefetch("correction_requests", queryset=CorrectionRequest.objects.order_by("-created_at")),
        )
    )


def attach_effective_hours(records: Iterable[ServiceRecord]) -> None:
    """Set `effective_hours` (after corrections not withdrawn) from prefetched corrections."""
    for record in records:
        corrections = [c for c in record.corrections.all() if c.status != ServiceRecord.Status.WITHDRAWN]
        record.effective_hours = _hours(record.hours + sum((c.hours for c in corrections), ZERO))
        record.open_request = next(
            (r for r in record.correction_requests.all() if r.status == CorrectionRequest.Status.OPEN), None
        )


def volunteer_certificates(volunteer: Volunteer) -> QuerySet[Certificate]:
    return volunteer.certificates.order_by("-requested_at")


# --- teams -----------------------------------------------------------------------------------


def teams_for_user(user: Viewer, cap: str = VIEW) -> QuerySet[Team]:
    return Team.objects.for_user(user, cap)


def get_team_for_user(user: Viewer, pk: int | str, *, change: str | None = None) -> Team:
    """A team: 404 outside scope, 403 in scope without `change` (RECORD for leaders, MANAGE for staff)."""
    return get_for_user(Team.objects.select_related("community", "parent"), user, pk, view=VIEW, change=change)


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, month, 1)
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return start, following - dt.timedelta(days=1)


def _recorded_between(start: dt.date, end: dt.date) -> QuerySet[ServiceRecord]:
    return ServiceRecord.objects.filter(status=ServiceRecord.Status.RECORDED, served_on__gte=start, served_on__lte=end)


def team_list(user: Viewer, *, year: int | None = None) -> QuerySet[Team]:
    """Teams in scope with member count, hours recorded this year and leaders; sub-teams follow their parent."""
    start, end = year_bounds(year or timezone.localdate().year)
    members = (
        TeamMembership.objects.filter(team=OuterRef("pk"), status=TeamMembership.Status.ACTIVE)
        .order_by()
        .values("team")
        .annotate(n=Count("pk"))
        .values("n")
    )
    hours = (
        _recorded_between(start, end)
        .filter(team=OuterRef("pk"))
        .order_by()
        .values("team")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    leaders = TeamMembership.objects.filter(
        role=TeamMembership.Role.LEADER, status=TeamMembership.Status.ACTIVE
    ).select_related("volunteer")
    return (
        teams_for_user(user)
        .select_related("parent", "community")
        .annotate(
            member_count=Coalesce(Subquery(members), 0),
            year_hours=Coalesce(Subquery(hours, output_field=_HOURS), Value(ZERO), output_field=_HOURS),
            family=Coalesce("parent__name", "name"),
        )
        .prefetch_related(Prefetch("memberships", queryset=leaders.order_by("volunteer__name"), to_attr="leaders"))
        .order_by("community__sort_order", "community__code", "family", F("parent_id").asc(nulls_first=True), "name")
    )


def team_roster(team: Team, start: dt.date, end: dt.date) -> list[TeamMembership]:
    """Active members, leaders first, each with `period_hours` recorded under the team in the period."""
    hours = dict(
        _recorded_between(start, end)
        .filter(team=team)
        .order_by()
        .values_list("volunteer_id")
        .annotate(total=Sum("hours"))
    )
    leaders_first = Case(When(role=TeamMembership.Role.LEADER, then=0), default=1)
    members = list(
        team.memberships.filter(status=TeamMembership.Status.ACTIVE)
        .select_related("volunteer")
        .order_by(leaders_first, "volunteer__name", "pk")
    )
    for membership in members:
        membership.period_hours = _hours(hours.get(membership.volunteer_id))
    return members


def join_requests(team: Team) -> QuerySet[TeamMembership]:
    """Requests of registered volunteers; a pending applicant's wait until staff approve them."""
    return (
        team.memberships.filter(status=TeamMembership.Status.REQUESTED, volunteer__status=Volunteer.Status.ACTIVE)
        .select_related("volunteer")
        .order_by("requested_at", "pk")
    )


def team_year_hours(team: Team, year: int) -> Decimal:
    start, end = year_bounds(year)
    return _hours(_recorded_between(start, end).filter(team=team).aggregate(total=Sum("hours"))["total"])


def joinable_teams(volunteer: Volunteer) -> list[Team]:
    """The teams of the volunteer's community, each with `membership` (theirs, or None)."""
    mine = {
        m.team_id: m
        for m in volunteer.team_memberships.filter(
            status__in=[TeamMembership.Status.ACTIVE, TeamMembership.Status.REQUESTED]
        )
    }
    teams = list(
        Team.objects.filter(community_id=volunteer.community_id)
        .select_related("parent")
        .annotate(family=Coalesce("parent__name", "name"))
        .order_by("family", F("parent_id").asc(nulls_first=True), "name")
    )
    for team in teams:
        team.membership = mine.get(team.pk)
    return teams


def community_teams(community: OrgUnit) -> QuerySet[Team]:
    """A community's teams, offered on its public sign-up page."""
    return Team.objects.filter(community=community).order_by("parent_id", "name")


# --- the ledger --------------------------------------------------------------------------------


def records_for_user(user: Viewer, cap: str = VIEW) -> QuerySet[ServiceRecord]:
    return ServiceRecord.objects.for_user(user, cap)


def openable_record_ids(user: Viewer, records: Iterable[ServiceRecord]) -> set[int]:
    """Which of these entries the user may open, in one query. A leader sees all of a member's
    hours on the member's page but opens only the entries of the teams they lead: a link to the
    others would answer 404."""
    return set(records_for_user(user).filter(pk__in=[r.pk for r in records]).values_list("pk", flat=True))


def get_record_for_user(user: Viewer, pk: int | str, *, change: bool = False) -> ServiceRecord:
    return get_for_user(
        ServiceRecord.objects.select_related("volunteer", "team", "corrects", "recorded_by", "community"),
        user,
        pk,
        view=VIEW,
        change=RECORD if change else None,
    )


def record_list(user: Viewer) -> QuerySet[ServiceRecord]:
    return records_for_user(user).select_related("volunteer", "team", "corrects")


def filter_records(
    records: QuerySet[ServiceRecord],
    *,
    community: OrgUnit | None = None,
    status: str = "",
    team: Team | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    text: str = "",
) -> QuerySet[ServiceRecord]:
    for name, value in (("community", community), ("team", team), ("served_on__gte", start), ("served_on__lte", end)):
        if value is not None:
            records = records.filter(**{name: value})
    if status:
        records = records.filter(status=status)
    if text := (text or "").strip():
        records = records.filter(Q(volunteer__name__contains=text) | Q(volunteer__number__icontains=text))
    return records


def record_history(record: ServiceRecord) -> list[ServiceRecord]:
    """The original entry and every correction of it, oldest first."""
    original = record.corrects or record
    corrections = original.corrections.select_related("recorded_by").order_by("created_at", "pk")
    return [original, *corrections]


def record_requests(record: ServiceRecord) -> QuerySet[CorrectionRequest]:
    return record.correction_requests.select_related("decided_by").order_by("-created_at")


def recordable_volunteers(user: Viewer, team: Team | None = None) -> QuerySet[Volunteer]:
    """Active volunteers the user may record hours for: the community's for staff, their teams'
    active members for a leader; only `team`'s active members when given."""
    volunteers = Volunteer.objects.filter(status=Volunteer.Status.ACTIVE)
    active = TeamMembership.objects.filter(status=TeamMembership.Status.ACTIVE)
    if team is not None:
        volunteers = volunteers.filter(pk__in=active.filter(team=team).values("volunteer_id"))
    scope = scope_for(user)
    if scope.is_superuser:
        return volunteers
    led = sorted(scope.areas.get(RECORD, {}).get("team", set()))
    staff = sorted(scope.community_ids(RECORD))
    return volunteers.filter(
        Q(community_id__in=staff) | Q(pk__in=active.filter(team_id__in=led).values("volunteer_id"))
    )


def correction_requests_for_user(user: Viewer, cap: str = VIEW) -> QuerySet[CorrectionRequest]:
    return CorrectionRequest.objects.for_user(user, cap)


def get_correction_request_for_user(user: Viewer, pk: int | str) -> CorrectionRequest:
    """A correction request; deciding it needs RECORD over it (403 for read-only roles)."""
    return get_for_user(
        CorrectionRequest.objects.select_related("record__team", "volunteer"), user, pk, view=VIEW, change=RECORD
    )


def open_correction_requests(user: Viewer) -> QuerySet[CorrectionRequest]:
    return (
        correction_requests_for_user(user)
        .filter(status=CorrectionRequest.Status.OPEN)
        .select_related("record__team", "volunteer")
        .order_by("created_at", "pk")
    )


# --- leaderboards ------------------------------------------------------------------------------


def leaderboard_communities(user: Viewer) -> QuerySet[OrgUnit]:
    """Communities whose boards the user may see: those they oversee, their own, their teams'."""
    ids = set(communities_for_user(user, VIEW).values_list("pk", flat=True))
    ids |= set(teams_for_user(user).values_list("community_id", flat=True))
    if own := own_active_volunteer(user):
        ids.add(own.community_id)
    return OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNITY, pk__in=sorted(ids)).order_by("sort_order", "code")


@dataclass
class BoardRow:
    rank: int
    volunteer_id: int
    name: str
    number: str
    hours: Decimal
    stars: int
    is_self: bool
    full_name_shown: bool


def leaderboard(
    user: Viewer,
    *,
    community: OrgUnit,
    team: Team | None,
    start: dt.date,
    end: dt.date,
    page: int | str = 1,
    per_page: int = 50,
) -> Page[Any]:
    """Volunteers ranked by recorded hours served in the period (corrections included); the call
    checks nothing: pass a community from `leaderboard_communities`. Names the user may not see
    in full are masked."""
    recorded = _recorded_between(start, end)
    recorded = recorded.filter(team=team) if team is not None else recorded.filter(community=community)
    totals = (
        recorded.order_by()
        .values("volunteer_id")
        .annotate(total=Sum("hours"))
        .filter(total__gt=0)
        .order_by("-total", "volunteer_id")
    )
    result: Page[Any] = Paginator(totals, per_page).get_page(page)  # its object_list becomes BoardRows
    rows = list(result.object_list)
    ids = [row["volunteer_id"] for row in rows]
    people = {v.pk: v for v in Volunteer.objects.filter(pk__in=ids).only("name", "number", "recorded_hours", "user_id")}
    visible = set(volunteers_for_user(user).filter(pk__in=ids).values_list("pk", flat=True))
    own_id = getattr(user, "pk", None)
    board = []
    for offset, row in enumerate(rows):
        person = people[row["volunteer_id"]]
        shown = person.pk in visible
        board.append(
            BoardRow(
                rank=result.start_index() + offset,
                volunteer_id=person.pk,
                name=person.name if shown else person.masked_name,
                number=person.number if shown else "",
                hours=_hours(row["total"]),
                stars=ledger.star_level(person.recorded_hours),
                is_self=own_id is not None and person.user_id == own_id,
                full_name_shown=shown,
            )
        )
    result.object_list = board
    return result


# --- public pages ------------------------------------------------------------------------------


def community_by_code(code: str) -> OrgUnit:
    """The community of a public page (sign-up, notice board): 404 for any other code."""
    community = OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNITY, code=code).first()
    if community is None:
        raise Http404
    return community


def notice_board(community: OrgUnit) -> QuerySet[ServiceRecord]:
    """Entries on public notice: public by design, so only what the notice shows is even loaded."""
    return (
        ServiceRecord.objects.filter(community=community, status=ServiceRecord.Status.NOTICE)
        .select_related("volunteer", "team")
        .only(
            "kind",
            "served_on",
            "hours",
            "content",
            "place",
            "notice_until",
            "volunteer__name",
            "team__name",
        )
        .order_by("notice_until", "served_on", "pk")
    )


def settings_of(community: OrgUnit) -> VolunteeringSettings:
    """The community's settings, or the defaults (unsaved) when it has set none."""
    return VolunteeringSettings.objects.filter(community=community).first() or VolunteeringSettings(community=community)
