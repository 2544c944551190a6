"""Every write of volunteering. Keyword-only, an explicit actor, atomic, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Model, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.queries import users_with_phone
from accounts.services import create_account, grant_role
from core import chain, idcard, pii
from core.audit import record_event, record_events
from core.roles import Cap, Role
from core.scoping import scope_for
from core.typing import Actor
from core.uploads import check_photo, clean_photo
from core.validators import EARLIEST_DATE
from registry.models import OrgUnit, Resident
from volunteering import ledger, notifications
from volunteering.models import (
    LEDGER,
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

HOURS_STEP = Decimal("0.01")  # the ledger's precision
MIN_HOURS = Decimal("0.1")


def finer_than_ledger(hours: Decimal | int) -> bool:
    """More decimals than the ledger keeps: stored, 0.001 hours would silently become 0."""
    return Decimal(hours) != Decimal(hours).quantize(HOURS_STEP)


def _audit(
    by: Actor, action: str, obj: Model, *, community_id: int, county_id: int, details: dict | None = None
) -> None:
    record_event(by=by, action=action, obj=obj, community_id=community_id, county_id=county_id, details=details)


def _ensure_settings(community: OrgUnit) -> VolunteeringSettings:
    """The community's settings row, created with the defaults when it has none, for a write that
    needs the row: its number sequences or a change of its values. Creating it decides nothing, so
    it writes no audit row; reads use queries.settings_of, which writes nothing."""
    obj, _created = VolunteeringSettings.objects.get_or_create(community=community)
    return obj


def _next_seq(community: OrgUnit, field: str) -> int:
    """The next number of a per-community sequence, under a row lock; call inside a transaction."""
    _ensure_settings(community)
    row = VolunteeringSettings.objects.select_for_update().get(community=community)
    value = getattr(row, field) + 1
    VolunteeringSettings.objects.filter(pk=row.pk).update(**{field: value})
    return value


# --- volunteers ----------------------------------------------------------------------------


def check_volunteer(
    *,
    name: str,
    phone: str,
    id_type: str,
    id_number: str,
    exclude_pk: int | None = None,
    refuse_registered: bool = True,
) -> dict[str, Any]:
    """Validate a volunteer's identity fields; return them cleaned or raise ValidationError by field.

    `refuse_registered=False` leaves out the one check that depends on who is registered, for the
    public sign-up, which must not tell anyone whether an ID number is known (sign_up_volunteer)."""
    errors: dict[str, str | ValidationError] = {}
    cleaned: dict[str, Any] = {"name": (name or "").strip(), "id_type": id_type or Volunteer.IdType.RESIDENT_ID}
    if not cleaned["name"]:
        errors["name"] = _("Enter the volunteer's name.")
    elif len(cleaned["name"]) > 50:
        errors["name"] = _("A name has at most 50 characters.")
    phone = pii.normalize_phone(phone)
    if not phone:
        errors["phone"] = _("Enter a mobile number so the team can reach the volunteer.")
    elif not pii.is_valid_phone(phone):
        errors["phone"] = _("Enter an 11-digit mobile number starting with 1, or a landline such as 0593-1234567.")
    cleaned["phone"] = phone
    number = idcard.normalize(id_number)
    cleaned["birth_date"] = cleaned["gender"] = None
    if not number:
        errors["id_number"] = _("Enter the ID number; it is needed for the service record and certificates.")
    elif cleaned["id_type"] == Volunteer.IdType.RESIDENT_ID:
        try:
            card = idcard.parse_id_number(number)
        except ValidationError as exc:
            errors["id_number"] = exc.messages[0]
        else:
            cleaned["birth_date"], cleaned["gender"] = card.birth_date, card.gender
    elif cleaned["id_type"] not in Volunteer.IdType.values:
        errors["id_type"] = _("Choose the ID type from the list.")
    cleaned["id_number"] = number
    known = refuse_registered and number and "id_number" not in errors
    if known and registered_with_id(number, exclude_pk=exclude_pk) is not None:
        errors["id_number"] = ValidationError(already_registered(), code="registered")
    if errors:
        raise ValidationError(errors)
    return cleaned


def already_registered() -> str:
    return _("A volunteer with this ID number is already registered; ask the community staff.")


def registered_with_id(number: str, *, exclude_pk: int | None = None) -> Volunteer | None:
    """The volunteer who gave this (normalized) ID number: registered, waiting or turned down, as
    the database's unique constraint counts them (one person, one record)."""
    clash = Volunteer.objects.filter(id_number_hash=pii.keyed_hash(number))
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    return clash.order_by("pk").first()


@transaction.atomic
def register_volunteer(
    *,
    by: Actor,
    community: OrgUnit,
    name: str,
    phone: str,
    id_number: str,
    id_type: str = Volunteer.IdType.RESIDENT_ID,
    skills: Iterable[Skill] = (),
    qualifications: str = "",
    availability: str = "",
    political_status: str = Volunteer.PoliticalStatus.MASSES,
    teams: Iterable[Team] = (),
    user: User | None = None,
    photo: Any = None,
) -> Volunteer:
    """Register a volunteer. Staff registering on the spot approve at once; a self sign-up waits.

    The volunteer is linked to the resident record with the same ID number in the community.
    """
    if community.kind != OrgUnit.Kind.COMMUNITY:
        raise ValidationError({"community": _("Choose a community.")})
    cleaned = check_volunteer(name=name, phone=phone, id_type=id_type, id_number=id_number)
    check_photo(photo)
    if political_status not in Volunteer.PoliticalStatus.values:
        raise ValidationError({"political_status": _("Choose the political status from the list.")})
    teams = list(teams)
    if any(t.community_id != community.pk for t in teams):
        raise ValidationError({"teams": _("Choose teams of this community.")})
    by_staff = community.pk in scope_for(by).community_ids(Cap.VOLUNTEERING_MANAGE) or scope_for(by).is_superuser
    number = cleaned["id_number"]
    resident = Resident.objects.filter(community=community, id_number_hash=pii.keyed_hash(number)).first()
    if user is None and resident is not None:
        # One person, one login: a resident who already logs in uses that login as a volunteer too.
        login = getattr(resident, "user", None)
        if login is not None and not Volunteer.objects.filter(user=login).exists():
            user = login
    seq = _next_seq(community, "last_volunteer_seq")
    try:
        # A savepoint: of registrations of one ID number racing past the check above, the database's
        # unique constraint lets one through and the others get the check's own answer.
        with transaction.atomic():
            volunteer = Volunteer.objects.create(
                county_id=community.county_key,
                community=community,
                number=f"{community.code}-V{seq:05d}",
                name=cleaned["name"],
                gender=cleaned["gender"] or "",
                birth_date=cleaned["birth_date"],
                id_type=cleaned["id_type"],
                **pii.id_columns(number),
                **pii.phone_columns(cleaned["phone"]),
                resident=resident,
                user=user,
                qualifications=qualifications.strip(),
                availability=availability.strip(),
                political_status=political_status,
                status=Volunteer.Status.ACTIVE if by_staff else Volunteer.Status.PENDING,
                approved_at=timezone.now() if by_staff else None,
            )
    except IntegrityError as exc:
        if registered_with_id(number) is None:
            raise
        raise ValidationError({"id_number": ValidationError(already_registered(), code="registered")}) from exc
    volunteer.skills.set(skills)
    if photo:
        # Stored under a random name: the photo is personal data, served only through a scoped view.
        stored = clean_photo(photo)
        volunteer.photo.save(stored.name, stored, save=True)
    for team in teams:
        TeamMembership.objects.create(
            team=team,
            volunteer=volunteer,
            status=TeamMembership.Status.ACTIVE if by_staff else TeamMembership.Status.REQUESTED,
            decided_at=timezone.now() if by_staff else None,
        )
    _audit(
        by,
        "volunteering.volunteer.register",
        volunteer,
        community_id=community.pk,
        county_id=community.county_key,
        details={"by_staff": by_staff},
    )
    if user is not None and by_staff:
        grant_role(by=by, user=user, role=Role.VOLUNTEER, org_unit=community)
    return volunteer


@transaction.atomic
def decide_registration(*, by: Actor, volunteer: Volunteer, approve: bool, reason: str = "") -> Volunteer:
    """Staff approve a self sign-up, or reject it with a reason the applicant sees."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if volunteer.status != Volunteer.Status.PENDING:
        raise ValidationError(_("This registration has already been decided."))
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Say why the registration is not approved; the applicant will read it.")})
    volunteer.status = Volunteer.Status.ACTIVE if approve else Volunteer.Status.REJECTED
    volunteer.rejection_reason = "" if approve else reason.strip()
    volunteer.approved_at = timezone.now() if approve else None
    volunteer.save(update_fields=["status", "rejection_reason", "approved_at"])
    if not approve:
        volunteer.team_memberships.filter(status=TeamMembership.Status.REQUESTED).update(
            status=TeamMembership.Status.DECLINED, decided_at=timezone.now()
        )
    _audit(
        by,
        "volunteering.volunteer." + ("approve" if approve else "reject"),
        volunteer,
        community_id=volunteer.community_id,
        county_id=volunteer.county_id,
    )
    notifications.registration_decided(volunteer)
    if approve:
        # The teams the applicant picked when signing up: their leaders see the request only now.
        requested = volunteer.team_memberships.filter(status=TeamMembership.Status.REQUESTED)
        for membership in requested.select_related("team", "volunteer"):
            notifications.join_requested(membership)
    return volunteer


# --- teams ----------------------------------------------------------------------------------


@transaction.atomic
def create_team(
    *,
    by: Actor,
    community: OrgUnit,
    name: str,
    type: str,
    parent: Team | None = None,
    founded_on: dt.date | None = None,
    description: str = "",
) -> Team:
    name = name.strip()
    errors = {}
    if not name:
        errors["name"] = _("Enter the team's name.")
    elif Team.objects.filter(community=community, name=name).exists():
        errors["name"] = _("This community already has a team named %(name)s.") % {"name": name}
    if type not in Team.Type.values:
        errors["type"] = _("Choose the team's type from the list.")
    if parent is not None and (parent.community_id != community.pk or parent.parent_id is not None):
        errors["parent"] = _("A sub-team belongs under a top-level team of the same community.")
    if founded_on and founded_on > timezone.localdate():
        errors["founded_on"] = _("The founding date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    team = Team.objects.create(
        county_id=community.county_key,
        community=community,
        name=name,
        type=type,
        parent=parent,
        founded_on=founded_on,
        description=description,
    )
    _audit(by, "volunteering.team.create", team, community_id=community.pk, county_id=community.county_key)
    return team


@transaction.atomic
def request_to_join(*, by: Actor, volunteer: Volunteer, team: Team) -> TeamMembership:
    """A volunteer asks to join a team; the team's leader decides."""
    if volunteer.status != Volunteer.Status.ACTIVE:
        raise ValidationError(_("Only a registered volunteer can join a team."))
    if team.community_id != volunteer.community_id:
        raise ValidationError({"team": _("Choose a team of your own community.")})
    if TeamMembership.objects.filter(team=team, volunteer=volunteer, status__in=["requested", "active"]).exists():
        raise ValidationError({"team": _("You are already in this team or have already asked to join it.")})
    try:
        with transaction.atomic():
            membership = TeamMembership.objects.create(team=team, volunteer=volunteer)
    except IntegrityError as exc:
        raise ValidationError({"team": _("You are already in this team or have already asked to join it.")}) from exc
    _audit(
        by,
        "volunteering.team.join_request",
        membership.team,
        community_id=team.community_id,
        county_id=team.county_id,
        details={"volunteer": volunteer.number},
    )
    notifications.join_requested(membership)
    return membership


def _require_manager(by: Actor, community_id: int) -> None:
    """Staff of the community (or a script, by=None, such as the demo loader)."""
    if by is None:
        return
    scope = scope_for(by)
    if not (scope.is_superuser or community_id in scope.community_ids(Cap.VOLUNTEERING_MANAGE)):
        raise PermissionDenied(_("Only the community staff can do this."))


def _require_team_leader_or_staff(by: Actor, team: Team) -> None:
    scope = scope_for(by)
    if scope.is_superuser or team.community_id in scope.community_ids(Cap.VOLUNTEERING_MANAGE):
        return
    teams = scope.areas.get(Cap.VOLUNTEERING_RECORD, {}).get("team", set())
    if team.pk not in teams:
        raise PermissionDenied(_("Only the team's leader or the community staff can do this."))


@transaction.atomic
def decide_join_request(*, by: Actor, membership: TeamMembership, accept: bool) -> TeamMembership:
    _require_team_leader_or_staff(by, membership.team)
    membership = TeamMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != TeamMembership.Status.REQUESTED:
        raise ValidationError(_("This request has already been decided."))
    membership.status = TeamMembership.Status.ACTIVE if accept else TeamMembership.Status.DECLINED
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "decided_at"])
    _audit(
        by,
        "volunteering.team." + ("accept" if accept else "decline"),
        membership.team,
        community_id=membership.team.community_id,
        county_id=membership.team.county_id,
        details={"volunteer": membership.volunteer.number},
    )
    notifications.join_decided(membership)
    return membership


@transaction.atomic
def set_team_leader(*, by: Actor, team: Team, volunteer: Volunteer, leader: bool = True) -> TeamMembership:
    """Make an active member the team's leader (a team may have several), or step them down."""
    _require_manager(by, team.community_id)
    membership = (
        TeamMembership.objects.select_for_update()
        .filter(team=team, volunteer=volunteer, status=TeamMembership.Status.ACTIVE)
        .first()
    )
    if membership is None:
        raise ValidationError({"volunteer": _("Only an active member of the team can lead it.")})
    membership.role = TeamMembership.Role.LEADER if leader else TeamMembership.Role.MEMBER
    membership.save(update_fields=["role"])
    _audit(
        by,
        "volunteering.team.leader",
        team,
        community_id=team.community_id,
        county_id=team.county_id,
        details={"volunteer": volunteer.number, "leader": leader},
    )
    return membership


@transaction.atomic
def leave_team(*, by: Actor, membership: TeamMembership) -> TeamMembership:
    membership.status, membership.role, membership.decided_at = (
        TeamMembership.Status.LEFT,
        TeamMembership.Role.MEMBER,
        timezone.now(),
    )
    membership.save(update_fields=["status", "role", "decided_at"])
    _audit(
        by,
        "volunteering.team.leave",
        membership.team,
        community_id=membership.team.community_id,
        county_id=membership.team.county_id,
        details={"volunteer": membership.volunteer.number},
    )
    return membership


# --- the service-hour ledger -------------------------------------------------------------------


def _check_recorder(by: Actor, volunteer: Volunteer, team: Team | None, *, members: set[int] | None = None) -> None:
    """Staff record for their community; a leader only for active members of a team they lead.

    `members`, the active members' ids among a batch's volunteers, saves a query per volunteer."""
    scope = scope_for(by)
    if scope.is_superuser or volunteer.community_id in scope.community_ids(Cap.VOLUNTEERING_RECORD):
        return
    led = scope.areas.get(Cap.VOLUNTEERING_RECORD, {}).get("team", set())
    if team is None or team.pk not in led:
        raise ValidationError({"team": _("Choose a team you lead; you can record hours only for your team's members.")})
    if members is not None:
        is_member = volunteer.pk in members
    else:
        is_member = TeamMembership.objects.filter(
            team=team, volunteer=volunteer, status=TeamMembership.Status.ACTIVE
        ).exists()
    if not is_member:
        raise ValidationError(
            {
                "volunteer": _(
                    "%(name)s is not a member of %(team)s; you can record hours only for your team's members."
                )
                % {"name": volunteer.name, "team": team.name}
            }
        )


def _active_members(by: Actor, team: Team, volunteers: list[Volunteer]) -> set[int]:
    """The ids of `volunteers` who are active members of `team`; read only when a leader records."""
    scope = scope_for(by)
    staff = scope.community_ids(Cap.VOLUNTEERING_RECORD)
    if scope.is_superuser or all(v.community_id in staff for v in volunteers):
        return set()
    return set(
        TeamMembership.objects.filter(
            team=team, volunteer_id__in=[v.pk for v in volunteers], status=TeamMembership.Status.ACTIVE
        ).values_list("volunteer_id", flat=True)
    )


def check_service(
    *,
    volunteer: Volunteer,
    served_on: dt.date,
    start_time: dt.time | None,
    end_time: dt.time | None,
    hours: Decimal | None,
    content: str,
) -> Decimal:
    """The rules of one service entry; returns its hours. Raises ValidationError by field."""
    hours, errors = _entry_rules(
        volunteer=volunteer, served_on=served_on, start_time=start_time, end_time=end_time, hours=hours, content=content
    )
    # No hours is always one of the errors above; the test says so to the type checker.
    if not errors and hours is not None:
        day = list(_same_day(served_on, [volunteer.pk]).values_list("hours", "start_time", "end_time"))
        errors = _day_errors(
            volunteer=volunteer, served_on=served_on, start_time=start_time, end_time=end_time, hours=hours, day=day
        )
    if errors or hours is None:
        raise ValidationError(errors)
    return hours


def _entry_rules(
    *,
    volunteer: Volunteer,
    served_on: dt.date,
    start_time: dt.time | None,
    end_time: dt.time | None,
    hours: Decimal | None,
    content: str,
) -> tuple[Decimal | None, dict[str, str]]:
    """The entry's own rules, without the ledger: its hours (computed from the times) and errors."""
    errors: dict[str, str] = {}
    if volunteer.status != Volunteer.Status.ACTIVE:
        errors["volunteer"] = _("%(name)s is not a registered volunteer.") % {"name": volunteer.name}
    if served_on > timezone.localdate():
        errors["served_on"] = _("The date of service cannot be in the future.")
    elif served_on < EARLIEST_DATE:
        errors["served_on"] = _("Choose a date of service from the year 2000 on.")
    if (start_time is None) != (end_time is None):
        errors["end_time"] = _("Enter both the start and the end time, or neither and the hours.")
    elif start_time and end_time:
        if end_time <= start_time:
            errors["end_time"] = _("The end time must be after the start time.")
        else:
            computed = ledger.hours_between(start_time, end_time)
            if hours is not None and hours != computed:
                errors["hours"] = _("The hours do not match the start and end times (%(hours)s hours).") % {
                    "hours": computed
                }
            hours = computed
    if hours is None and "end_time" not in errors:
        errors["hours"] = _("Enter the hours of actual service, or the start and end times.")
    elif hours is not None and hours <= 0:
        errors["hours"] = _("Hours must be more than zero.")
    elif hours is not None and hours > 24:
        errors["hours"] = _("One entry cannot be more than 24 hours.")
    elif hours is not None and (finer_than_ledger(hours) or (start_time is None and hours < MIN_HOURS)):
        # The ledger keeps hundredths; hours typed by hand below a tenth (six minutes) are a slip.
        errors["hours"] = _("Enter at least 0.1 hours, with at most two decimals, for example 1.5.")
    if not (content or "").strip():
        errors["content"] = _("Say what the service was, for example 'free clinic: taking blood pressure'.")
    return hours, errors


def _same_day(served_on: dt.date, volunteer_ids: list[int]):
    """The entries that count towards the volunteers' day: service not withdrawn."""
    return ServiceRecord.objects.filter(
        volunteer_id__in=volunteer_ids, served_on=served_on, kind=ServiceRecord.Kind.SERVICE
    ).exclude(status=ServiceRecord.Status.WITHDRAWN)


def _day_errors(
    *,
    volunteer: Volunteer,
    served_on: dt.date,
    start_time: dt.time | None,
    end_time: dt.time | None,
    hours: Decimal,
    day: list[tuple[Decimal, dt.time | None, dt.time | None]],
) -> dict[str, str]:
    """At most 24 hours a day and no overlapping times, against the volunteer's entries `day`."""
    day_total = sum((h for h, _s, _e in day), Decimal(0))
    if day_total + hours > 24:
        message = _("%(name)s already has %(hours)s hours on %(date)s; a day has at most 24 hours of service.")
        return {"hours": message % {"name": volunteer.name, "hours": day_total, "date": served_on.isoformat()}}
    if (
        start_time
        and end_time
        and any(s is not None and e is not None and s < end_time and e > start_time for _h, s, e in day)
    ):
        message = _("%(name)s already has a record that overlaps this time on %(date)s.")
        return {"start_time": message % {"name": volunteer.name, "date": served_on.isoformat()}}
    return {}


def _notice_until(community_id: int) -> dt.date:
    days = (
        VolunteeringSettings.objects.filter(community_id=community_id)
        .values_list("notice_working_days", flat=True)
        .first()
    )
    return ledger.add_working_days(timezone.localdate(), 3 if days is None else days)


@transaction.atomic
def record_service(
    *,
    by: User,
    volunteer: Volunteer,
    served_on: dt.date,
    content: str,
    team: Team | None = None,
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    hours: Decimal | None = None,
    place: str = "",
    confirmed_by: str = "",
    activity_id: int | None = None,
) -> ServiceRecord:
    """Record service hours. The entry goes on public notice before it counts."""
    # Lock the volunteer so two recorders cannot both pass the 24-hour and overlap checks.
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    _check_recorder(by, volunteer, team)
    return _write_record(
        by=by,
        volunteer=volunteer,
        served_on=served_on,
        content=content,
        team=team,
        start_time=start_time,
        end_time=end_time,
        hours=hours,
        place=place,
        confirmed_by=confirmed_by,
        activity_id=activity_id,
    )


@transaction.atomic
def credit_activity_service(
    *,
    by: User,
    volunteer: Volunteer,
    activity_id: int,
    served_on: dt.date,
    hours: Decimal,
    content: str,
    team: Team | None = None,
    place: str = "",
) -> ServiceRecord:
    """Hours of an activity's own check-out, recorded by its organiser for whoever took part.

    The activity service has already checked who may check the volunteer out (the organiser, or
    the volunteer with the activity's QR code), so the rule that a leader records only for their
    own team's members does not apply: an activity open to all volunteers credits them all.
    """
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    return _write_record(
        by=by,
        volunteer=volunteer,
        served_on=served_on,
        content=content,
        team=team,
        hours=hours,
        place=place,
        activity_id=activity_id,
    )


def _new_record(
    *,
    by: User,
    volunteer: Volunteer,
    served_on: dt.date,
    content: str,
    team: Team | None,
    hours: Decimal,
    start_time: dt.time | None,
    end_time: dt.time | None,
    place: str,
    confirmed_by: str,
    notice_until: dt.date,
    activity_id: int | None = None,
) -> ServiceRecord:
    """A ledger entry, not yet written: the caller puts it on the chain."""
    return ServiceRecord(
        county_id=volunteer.county_id,
        community_id=volunteer.community_id,
        volunteer=volunteer,
        team=team,
        activity_id=activity_id,
        served_on=served_on,
        start_time=start_time,
        end_time=end_time,
        hours=hours,
        content=content.strip(),
        place=place.strip(),
        recorded_by=by,
        confirmed_by=confirmed_by.strip(),
        notice_until=notice_until,
    )


def _write_record(
    *,
    by: User,
    volunteer: Volunteer,
    served_on: dt.date,
    content: str,
    team: Team | None,
    hours: Decimal | None,
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    place: str = "",
    confirmed_by: str = "",
    activity_id: int | None = None,
) -> ServiceRecord:
    """Check one entry against the ledger's rules and write it; call with the volunteer locked."""
    hours = check_service(
        volunteer=volunteer, served_on=served_on, start_time=start_time, end_time=end_time, hours=hours, content=content
    )
    record = chain.create(
        LEDGER,
        _new_record(
            by=by,
            volunteer=volunteer,
            served_on=served_on,
            content=content,
            team=team,
            hours=hours,
            start_time=start_time,
            end_time=end_time,
            place=place,
            confirmed_by=confirmed_by,
            activity_id=activity_id,
            notice_until=_notice_until(volunteer.community_id),
        ),
    )
    _audit(
        by,
        "volunteering.record.create",
        record,
        community_id=record.community_id,
        county_id=record.county_id,
        details={"hours": str(hours)},
    )
    return record


@transaction.atomic
def record_batch(
    *,
    by: User,
    team: Team,
    volunteers: Iterable[Volunteer],
    served_on: dt.date,
    content: str,
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    hours: Decimal | None = None,
    place: str = "",
    confirmed_by: str = "",
) -> list[ServiceRecord]:
    """One activity, many volunteers: every entry is written, or none (errors name the volunteer).

    The same rules as `record_service`, checked for all at once: a fixed number of statements
    however many served (a team's evening is fifty people)."""
    asked = [v.pk for v in volunteers]
    if not asked:
        raise ValidationError({"volunteers": _("Choose at least one volunteer.")})
    # Lock the volunteers, in id order so two batches cannot deadlock, as record_service locks one.
    locked = {v.pk: v for v in Volunteer.objects.select_for_update().filter(pk__in=asked).order_by("pk")}
    chosen = [locked[pk] for pk in dict.fromkeys(asked) if pk in locked]
    members = _active_members(by, team, chosen)
    day: dict[int, list] = {v.pk: [] for v in chosen}
    for volunteer_id, *entry in _same_day(served_on, list(day)).values_list(
        "volunteer_id", "hours", "start_time", "end_time"
    ):
        day[volunteer_id].append(tuple(entry))
    notice: dict[int, dt.date] = {}
    records, problems = [], []
    for volunteer in chosen:
        try:
            _check_recorder(by, volunteer, team, members=members)
            entry_hours, errors = _entry_rules(
                volunteer=volunteer,
                served_on=served_on,
                start_time=start_time,
                end_time=end_time,
                hours=hours,
                content=content,
            )
            if not errors and entry_hours is not None:
                errors = _day_errors(
                    volunteer=volunteer,
                    served_on=served_on,
                    start_time=start_time,
                    end_time=end_time,
                    hours=entry_hours,
                    day=day[volunteer.pk],
                )
            if errors or entry_hours is None:
                raise ValidationError(errors)
        except ValidationError as exc:
            problems.append(f"{volunteer.name}: {' '.join(exc.messages)}")
            continue
        if volunteer.community_id not in notice:
            notice[volunteer.community_id] = _notice_until(volunteer.community_id)
        records.append(
            _new_record(
                by=by,
                volunteer=volunteer,
                served_on=served_on,
                content=content,
                team=team,
                hours=entry_hours,
                start_time=start_time,
                end_time=end_time,
                place=place,
                confirmed_by=confirmed_by,
                notice_until=notice[volunteer.community_id],
            )
        )
    if problems:
        raise ValidationError({"volunteers": problems})
    chain.create_many(LEDGER, records)
    # One audit row per entry, as recording them one by one writes; one insert per community.
    by_area: dict[tuple[int, int], list[ServiceRecord]] = {}
    for record in records:
        by_area.setdefault((record.community_id, record.county_id), []).append(record)
    for (community_id, county_id), rows in by_area.items():
        record_events(
            by=by,
            action="volunteering.record.create",
            objs=list(rows),
            community_id=community_id,
            county_id=county_id,
            details=[{"hours": str(r.hours)} for r in rows],
        )
    return records


def effective_hours(record: ServiceRecord) -> Decimal:
    """An entry's hours after the corrections made to it."""
    corrections = record.corrections.exclude(status=ServiceRecord.Status.WITHDRAWN).aggregate(total=Sum("hours"))[
        "total"
    ]
    return record.hours + (corrections or Decimal(0))


@transaction.atomic
def correct_record(*, by: User, record: ServiceRecord, hours: Decimal, reason: str) -> ServiceRecord:
    """Amend an entry to `hours` (0 reverses it) with a new entry; the original stays as it was."""
    record = ServiceRecord.objects.select_for_update().get(pk=record.pk)
    if record.kind != ServiceRecord.Kind.SERVICE:
        raise ValidationError(_("Correct the original entry, not a correction."))
    _check_recorder(by, record.volunteer, record.team)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the entry is corrected; the reason stays in the ledger.")})
    if hours < 0 or hours > 24:
        raise ValidationError({"hours": _("The corrected hours must be between 0 and 24.")})
    if finer_than_ledger(hours):
        raise ValidationError({"hours": _("Enter the hours with at most two decimals, for example 1.5.")})
    delta = hours - effective_hours(record)
    if delta == 0:
        raise ValidationError(
            {"hours": _("The entry already has %(hours)s hours; nothing to correct.") % {"hours": hours}}
        )
    correction = chain.create(
        LEDGER,
        ServiceRecord(
            county_id=record.county_id,
            community_id=record.community_id,
            volunteer=record.volunteer,
            team=record.team,
            activity_id=record.activity_id,
            kind=ServiceRecord.Kind.REVERSAL if hours == 0 else ServiceRecord.Kind.AMENDMENT,
            corrects=record,
            served_on=record.served_on,
            hours=delta,
            content=record.content,
            place=record.place,
            reason=reason.strip(),
            recorded_by=by,
            notice_until=_notice_until(record.community_id),
        ),
    )
    _audit(
        by,
        "volunteering.record.correct",
        correction,
        community_id=record.community_id,
        county_id=record.county_id,
        details={"corrects": record.pk, "delta": str(delta), "reason": reason.strip()},
    )
    return correction


@transaction.atomic
def withdraw_record(*, by: Actor, record: ServiceRecord, reason: str) -> ServiceRecord:
    """Take an entry off the notice board before it counts (an objection upheld during notice)."""
    record = ServiceRecord.objects.select_for_update().get(pk=record.pk)
    _check_recorder(by, record.volunteer, record.team)
    if record.status != ServiceRecord.Status.NOTICE:
        raise ValidationError(_("Only an entry still on notice can be withdrawn; correct a recorded entry instead."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the entry is withdrawn.")})
    record.status = ServiceRecord.Status.WITHDRAWN
    record.save(update_fields=["status"])
    _audit(
        by,
        "volunteering.record.withdraw",
        record,
        community_id=record.community_id,
        county_id=record.county_id,
        details={"reason": reason.strip()},
    )
    return record


@transaction.atomic
def request_correction(*, by: Actor, record: ServiceRecord, proposed_hours: Decimal, reason: str) -> CorrectionRequest:
    """The volunteer asks for their entry to be corrected."""
    volunteer = record.volunteer
    if by is None or volunteer.user_id != by.pk:
        raise PermissionDenied(_("Only the volunteer can ask for their own entry to be corrected."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say what is wrong with the entry.")})
    if proposed_hours < 0 or proposed_hours > 24:
        raise ValidationError({"proposed_hours": _("The hours must be between 0 and 24.")})
    if finer_than_ledger(proposed_hours):
        raise ValidationError({"proposed_hours": _("Enter the hours with at most two decimals, for example 1.5.")})
    try:
        with transaction.atomic():
            request = CorrectionRequest.objects.create(
                record=record,
                volunteer=volunteer,
                community_id=record.community_id,
                county_id=record.county_id,
                proposed_hours=proposed_hours,
                reason=reason.strip(),
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("You have already asked for this entry to be corrected; wait for the decision.")
        ) from exc
    _audit(by, "volunteering.correction.request", request, community_id=record.community_id, county_id=record.county_id)
    return request


@transaction.atomic
def decide_correction(*, by: User, request: CorrectionRequest, accept: bool, reason: str = "") -> CorrectionRequest:
    request = CorrectionRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != CorrectionRequest.Status.OPEN:
        raise ValidationError(_("This request has already been decided."))
    if accept:
        request.correction = correct_record(
            by=by,
            record=request.record,
            hours=request.proposed_hours,
            reason=_("At the volunteer's request: %(reason)s") % {"reason": request.reason},
        )
    else:
        _check_recorder(by, request.volunteer, request.record.team)
        if not reason.strip():
            raise ValidationError({"reason": _("Say why the correction is declined; the volunteer will read it.")})
    request.status = CorrectionRequest.Status.ACCEPTED if accept else CorrectionRequest.Status.DECLINED
    request.decided_by, request.decision_reason = by, reason.strip()
    request.save(update_fields=["status", "decided_by", "decision_reason", "correction"])
    _audit(
        by,
        "volunteering.correction." + ("accept" if accept else "decline"),
        request,
        community_id=request.community_id,
        county_id=request.county_id,
    )
    return request


def close_notices(*, today: dt.date | None = None) -> int:
    """Entries whose notice period has ended become recorded; totals and star levels follow.

    Idempotent: the scheduler runs it hourly (volunteering/jobs.py); `manage.py close_notices` by hand.
    """
    today = today or timezone.localdate()
    closed = 0
    due = ServiceRecord.objects.filter(status=ServiceRecord.Status.NOTICE, notice_until__lt=today)
    for volunteer_id in due.values_list("volunteer_id", flat=True).distinct().order_by("volunteer_id"):
        closed += _close_for(volunteer_id, today)
    return closed


@transaction.atomic
def _close_for(volunteer_id: int, today: dt.date) -> int:
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer_id)
    due = ServiceRecord.objects.filter(volunteer=volunteer, status=ServiceRecord.Status.NOTICE, notice_until__lt=today)
    added = due.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    count = due.update(status=ServiceRecord.Status.RECORDED, recorded_on=today)
    Volunteer.objects.filter(pk=volunteer.pk).update(recorded_hours=F("recorded_hours") + added)
    total = volunteer.recorded_hours + added
    reached = set(volunteer.star_levels.values_list("level", flat=True))
    StarLevel.objects.bulk_create(
        [
            StarLevel(volunteer=volunteer, level=level, reached_on=today)
            for level in range(1, ledger.star_level(total) + 1)
            if level not in reached
        ]
    )
    return count


# --- certificates ----------------------------------------------------------------------------------


@transaction.atomic
def request_certificate(
    *, by: Actor, volunteer: Volunteer, period_start: dt.date, period_end: dt.date, purpose: str = ""
) -> Certificate:
    """A volunteer (or staff on their behalf) asks for a certificate of service for a period."""
    if period_end < period_start:
        raise ValidationError({"period_end": _("The end of the period must not be before its start.")})
    if period_end > timezone.localdate():
        raise ValidationError({"period_end": _("The period cannot end in the future.")})
    scope = scope_for(by)
    own = by is not None and volunteer.user_id == by.pk
    if not (own or scope.is_superuser or volunteer.community_id in scope.community_ids(Cap.VOLUNTEERING_MANAGE)):
        raise PermissionDenied(_("Only the volunteer or the community staff can ask for a certificate."))
    if Certificate.objects.filter(
        volunteer=volunteer, status=Certificate.Status.REQUESTED, period_start=period_start, period_end=period_end
    ).exists():
        raise ValidationError(
            _("A certificate for this period has already been asked for; wait for the staff's decision.")
        )
    certificate = Certificate.objects.create(
        county_id=volunteer.county_id,
        community_id=volunteer.community_id,
        volunteer=volunteer,
        period_start=period_start,
        period_end=period_end,
        purpose=purpose.strip(),
    )
    _audit(
        by,
        "volunteering.certificate.request",
        certificate,
        community_id=volunteer.community_id,
        county_id=volunteer.county_id,
    )
    return certificate


def recorded_in_period(volunteer: Volunteer, start: dt.date, end: dt.date):
    """Recorded entries (with their corrections) of a volunteer served within the period."""
    return ServiceRecord.objects.filter(
        volunteer=volunteer, status=ServiceRecord.Status.RECORDED, served_on__gte=start, served_on__lte=end
    )


@transaction.atomic
def issue_certificate(*, by: Actor, certificate: Certificate) -> Certificate:
    """Fix the hours and content of the period on the certificate and give it a serial number."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status != Certificate.Status.REQUESTED:
        raise ValidationError(_("Only a requested certificate can be issued."))
    entries = recorded_in_period(certificate.volunteer, certificate.period_start, certificate.period_end)
    hours = entries.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    if hours <= 0:
        raise ValidationError(_("There are no recorded hours in this period; a certificate would say nothing."))
    content = list(
        entries.filter(kind=ServiceRecord.Kind.SERVICE)
        .values("content")
        .annotate(hours=Sum("hours"))
        .order_by("-hours")[:8]
    )
    seq = _next_seq(certificate.community, "last_certificate_seq")
    today = timezone.localdate()
    certificate.serial = f"{certificate.community.code}-{today:%Y}-{seq:05d}"
    certificate.hours, certificate.issued_on, certificate.issued_by = hours, today, by
    issuer = _ensure_settings(certificate.community)
    # Fixed on the certificate: a later change of the settings must not change an issued paper.
    certificate.summary = {
        "content": [{"content": c["content"], "hours": str(c["hours"])} for c in content],
        "entries": entries.count(),
        "issuer": {
            "name": "".join(
                u.name for u in (certificate.community.county, certificate.community.town, certificate.community) if u
            ),
            "person_in_charge": issuer.person_in_charge,
            "clerk": issuer.clerk,
            "contact_phone": issuer.contact_phone,
        },
    }
    certificate.status = Certificate.Status.ISSUED
    certificate.save()
    _audit(
        by,
        "volunteering.certificate.issue",
        certificate,
        community_id=certificate.community_id,
        county_id=certificate.county_id,
        details={"serial": certificate.serial, "hours": str(hours)},
    )
    return certificate


@transaction.atomic
def decline_certificate(*, by: Actor, certificate: Certificate, reason: str) -> Certificate:
    if certificate.status != Certificate.Status.REQUESTED:
        raise ValidationError(_("Only a requested certificate can be declined."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the certificate is declined; the volunteer will read it.")})
    certificate.status, certificate.decision_reason = Certificate.Status.DECLINED, reason.strip()
    certificate.save(update_fields=["status", "decision_reason"])
    _audit(
        by,
        "volunteering.certificate.decline",
        certificate,
        community_id=certificate.community_id,
        county_id=certificate.county_id,
    )
    return certificate


@transaction.atomic
def revoke_certificate(*, by: Actor, certificate: Certificate, reason: str) -> Certificate:
    """Revoke an issued certificate; its verification page then says so."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status != Certificate.Status.ISSUED:
        raise ValidationError(_("Only an issued certificate can be revoked."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    certificate.status, certificate.decision_reason, certificate.revoked_at = (
        Certificate.Status.REVOKED,
        reason.strip(),
        timezone.now(),
    )
    certificate.save(update_fields=["status", "decision_reason", "revoked_at"])
    _audit(
        by,
        "volunteering.certificate.revoke",
        certificate,
        community_id=certificate.community_id,
        county_id=certificate.county_id,
        details={"serial": certificate.serial},
    )
    return certificate


# --- community settings (appended for the certificate pages) ---------------------------------------


@transaction.atomic
def update_volunteering_settings(
    *,
    by: Actor,
    community: OrgUnit,
    person_in_charge: str | None = None,
    clerk: str | None = None,
    contact_phone: str | None = None,
    notice_working_days: int | None = None,
    signup_limit: int | None = None,
) -> VolunteeringSettings:
    """Change a community's issuer details (printed on certificates), notice period or sign-up limit;
    None keeps a value."""
    errors: dict[str, str] = {}
    wanted: dict[str, Any] = {}
    for field, value in (("person_in_charge", person_in_charge), ("clerk", clerk)):
        if value is not None:
            wanted[field] = value.strip()
            if len(wanted[field]) > 50:
                errors[field] = _("Enter a name of at most 50 characters.")
    if contact_phone is not None:
        phone = pii.normalize_phone(contact_phone)
        if phone and not pii.is_valid_phone(phone):
            errors["contact_phone"] = _(
                "Enter an 11-digit mobile number starting with 1, or a landline such as 0593-1234567."
            )
        wanted["contact_phone"] = phone
    if notice_working_days is not None:
        if not 0 <= notice_working_days <= 30:
            errors["notice_working_days"] = _("The notice period must be between 0 and 30 working days.")
        wanted["notice_working_days"] = notice_working_days
    if signup_limit is not None:
        if not 1 <= signup_limit <= VolunteeringSettings.SIGNUP_LIMIT_MAX:
            errors["signup_limit"] = _("Allow from 1 to %(most)s sign-up attempts an hour.") % {
                "most": VolunteeringSettings.SIGNUP_LIMIT_MAX
            }
        wanted["signup_limit"] = signup_limit
    if errors:
        raise ValidationError(errors)
    _ensure_settings(community)
    row = VolunteeringSettings.objects.select_for_update().get(community=community)
    changed = [field for field, value in wanted.items() if getattr(row, field) != value]
    if changed:
        for field in changed:
            setattr(row, field, wanted[field])
        row.save(update_fields=changed)
        _audit(
            by,
            "volunteering.settings.update",
            row,
            community_id=community.pk,
            county_id=community.county_key,
            details={"changed": changed},
        )
    return row


# --- sign-up and approval (appended for the volunteering pages) ------------------------------------


@transaction.atomic
def sign_up_volunteer(
    *,
    community: OrgUnit,
    name: str,
    phone: str,
    id_number: str,
    id_type: str = Volunteer.IdType.RESIDENT_ID,
    password: str = "",
    user: Any = None,
    **profile: Any,
) -> Volunteer | None:
    """A public sign-up: a pending volunteer and, for someone not logged in, their login (they log
    in with their phone; the username is made up, never the phone); both or neither. Every field's
    problem is reported at once.

    An ID number already registered is not refused: refusing would tell anyone who lives here.
    Nothing is written but an audit row for the registered volunteer's staff, and None is
    returned, which the caller answers exactly as a new sign-up."""
    errors: dict[str, list[str]] = {}
    try:
        check_volunteer(name=name, phone=phone, id_type=id_type, id_number=id_number, refuse_registered=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if user is not None and Volunteer.objects.filter(user=user).exists():
        errors.setdefault("__all__", []).append(_("Your account has already signed up as a volunteer."))
    normalized = pii.normalize_phone(phone)
    # A phone that already has a login is not refused either (that would tell anyone whose number
    # has an account): the sign-up is registered without a new login, and the existing account
    # keeps its password, as the thanks page tells everyone.
    phone_taken = False
    if user is None and "phone" not in errors:
        if not pii.is_valid_phone(normalized) or not normalized.startswith("1"):
            errors["phone"] = [_("Enter an 11-digit mobile number starting with 1; you will log in with it.")]
        else:
            phone_taken = users_with_phone(normalized).exists()
    if user is None:
        try:
            validate_password(password, User(username=normalized, display_name=name))
        except ValidationError as exc:
            errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    registered = registered_with_id(idcard.normalize(id_number))
    if registered is None:
        try:
            with transaction.atomic():  # a savepoint: the new login goes too if the volunteer is refused
                account = user
                if account is None and phone_taken:
                    User().set_password(password)  # the work a new login costs, so the time taken says nothing
                elif account is None:
                    account, _password = create_account(
                        by=None, username=None, display_name=name.strip(), password=password, phone=normalized
                    )
                return register_volunteer(
                    by=account,
                    community=community,
                    name=name,
                    phone=phone,
                    id_number=id_number,
                    id_type=id_type,
                    user=account,
                    **profile,
                )
        except ValidationError as exc:
            registered = _registered_meanwhile(exc, id_number)
            if registered is None:
                raise
    elif user is None:
        User().set_password(password)  # the work a new login costs, so the time taken says nothing
    _audit(
        user,
        "volunteering.volunteer.sign_up_again",
        registered,
        community_id=registered.community_id,
        county_id=registered.county_id,
        details={"sign_up_page": community.name},
    )
    return None


def _registered_meanwhile(exc: ValidationError, id_number: str) -> Volunteer | None:
    """The volunteer a sign-up racing with another of the same ID number lost to, answered like any
    sign-up of a registered number; None when the refusal was about something else."""
    refusals = getattr(exc, "error_dict", {}).get("id_number", [])
    if not any(refusal.code == "registered" for refusal in refusals):
        return None
    return registered_with_id(idcard.normalize(id_number))


@transaction.atomic
def approve_volunteer(*, by: Actor, volunteer: Volunteer) -> Volunteer:
    """Approve a sign-up; an applicant with a login gets the volunteer role in their community."""
    volunteer = decide_registration(by=by, volunteer=volunteer, approve=True)
    if volunteer.user is not None:
        grant_role(by=by, user=volunteer.user, role=Role.VOLUNTEER, org_unit=volunteer.community)
    return volunteer


@transaction.atomic
def link_login(*, by: Actor, volunteer: Volunteer, user: User) -> Volunteer:
    """Link a new login to a volunteer record, with the volunteer role once they are registered.

    accounts.services.create_login, the one way staff give a person a login, calls it (registered in
    VolunteeringConfig.ready). A leader needs no role of their own: leading a team gives the login
    its rights (volunteering.scoping).
    """
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if volunteer.user_id is not None:
        raise ValidationError(_("%(name)s already has a login; reset its password instead.") % {"name": volunteer.name})
    volunteer.user = user
    volunteer.save(update_fields=["user"])
    _audit(
        by,
        "volunteering.volunteer.login",
        volunteer,
        community_id=volunteer.community_id,
        county_id=volunteer.county_id,
    )
    if volunteer.status == Volunteer.Status.ACTIVE:
        grant_role(by=by, user=user, role=Role.VOLUNTEER, org_unit=volunteer.community)
    return volunteer


# The four women's teams (巾帼) the domain names; team names are data, kept in Chinese.
WOMEN_SUB_TEAMS = ("娘家人志愿服务队", "文化志愿服务队", "文明志愿服务队", "助困志愿服务队")


@transaction.atomic
def create_women_sub_teams(*, by: Actor, parent: Team) -> list[Team]:
    """Create under a women's team whichever of its four sub-teams it does not have yet."""
    if parent.type != Team.Type.WOMEN or parent.parent_id is not None:
        raise ValidationError(_("The four women's sub-teams belong under a top-level women's team."))
    existing = set(parent.sub_teams.values_list("name", flat=True))
    return [
        create_team(by=by, community=parent.community, name=name, type=Team.Type.WOMEN, parent=parent)
        for name in WOMEN_SUB_TEAMS
        if name not in existing
    ]


def download_certificate(*, by: Actor, certificate: Certificate, verify_url: str) -> bytes:
    """The PDF of an issued certificate; a download by anyone but the volunteer leaves an audit row.

    Check the user's access first: the volunteer themself, or staff of the community.
    """
    from volunteering.pdf import render_certificate_pdf  # noqa: PLC0415 - reportlab loads only when a certificate is drawn

    if certificate.status != Certificate.Status.ISSUED:
        raise ValidationError(_("Only an issued certificate can be downloaded."))
    pdf = render_certificate_pdf(certificate, verify_url=verify_url)
    if by is None or certificate.volunteer.user_id != by.pk:
        _audit(
            by,
            "volunteering.certificate.download",
            certificate,
            community_id=certificate.community_id,
            county_id=certificate.county_id,
            details={"serial": certificate.serial},
        )
    return pdf
