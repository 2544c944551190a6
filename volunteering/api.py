"""The volunteering JSON API at /api/v1/volunteering/: the pages' services and scoping, as JSON.

As in the registry's API: out of scope answers 404 exactly as a missing id, in scope but
read-only 403, and a service's ValidationError 422 with the messages the pages show. Records
named in a path are fetched with get_for_user; secondary ones named in a body (skills, a
record's team, a batch's volunteers) are looked up in the caller's scope and refused as a field
error when unseen. Only the certificate verification is public.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from accounts import services as account_services
from core.api import READ, WRITE, ErrorOut, Id, Pages, answer_refusals
from core.net import client_address
from core.roles import Cap
from core.scoping import get_for_user, scope_for
from registry.models import OrgUnit
from volunteering import queries, services, signup_limits
from volunteering.api_schemas import (
    BatchIn,
    CertificateDetail,
    CertificateFilter,
    CertificateIn,
    CertificateOut,
    CorrectIn,
    CorrectionRequestFilter,
    CorrectionRequestIn,
    CorrectionRequestOut,
    DecideIn,
    JoinIn,
    LeaderboardFilter,
    LeaderboardOut,
    LeaderIn,
    LoginIn,
    LoginOut,
    MembershipOut,
    MeOut,
    ReasonIn,
    RecordDetail,
    RecordFilter,
    RecordIn,
    RecordOut,
    RegisterIn,
    SignUpIn,
    TeamDetail,
    TeamFilter,
    TeamIn,
    TeamOut,
    VerifyOut,
    VolunteerDetail,
    VolunteerFilter,
    VolunteerOut,
)
from volunteering.forms import JoinForm, VolunteerLoginForm
from volunteering.models import Certificate, CorrectionRequest, ServiceRecord, Skill, Team, TeamMembership, Volunteer

router = Router(tags=["volunteering"])
router.add_decorator(answer_refusals)

VIEW, RECORD, MANAGE = Cap.VOLUNTEERING_VIEW, Cap.VOLUNTEERING_RECORD, Cap.VOLUNTEERING_MANAGE
ACCOUNTS = Cap.ACCOUNTS_MANAGE
CENTS = Decimal("0.01")


# --- scoped fetching ----------------------------------------------------------------------------


def _active_teams() -> Prefetch:
    memberships = TeamMembership.objects.filter(status=TeamMembership.Status.ACTIVE).select_related("team")
    return Prefetch("team_memberships", memberships.order_by("team_id"), to_attr="active_memberships")


def _volunteers() -> Any:
    return Volunteer.objects.prefetch_related("skills", _active_teams())


def _volunteer(user: Any, pk: int, *, change: str | None = None) -> Volunteer:
    return get_for_user(_volunteers(), user, pk, view=VIEW, change=change)


def _shown(volunteer: Volunteer) -> Volunteer:
    # A volunteer a service returned, with what VolunteerOut reads.
    prefetch_related_objects([volunteer], "skills", _active_teams())
    return volunteer


def _records() -> Any:
    return ServiceRecord.objects.select_related("volunteer", "team", "recorded_by")


def _community(user: Any, pk: int) -> OrgUnit:
    return get_for_user(OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNITY), user, pk, view=VIEW, change=MANAGE)


def _own_volunteer(user: Any) -> Volunteer:
    """The caller's own registered volunteer record; a field error when they have none."""
    volunteer = queries.own_active_volunteer(user)
    if volunteer is None:
        raise ValidationError({"volunteer": _("You are not a registered volunteer; sign up first.")})
    return volunteer


def _skills(community_id: int, pks: list[int]) -> list[Skill]:
    # Skills are not personal data: the built-in ones and the community's own are offered to all.
    skills = list(queries.skills_for([community_id]).filter(pk__in=pks))
    if len(skills) != len(set(pks)):
        raise ValidationError({"skills": _("Choose skills from the list.")})
    return skills


def _bound(form: Any) -> Any:
    """The page's form, bound to the request's data: the API refuses what the page refuses."""
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form


def _teams(queryset: Any, pks: list[int], *, field: str = "teams") -> list[Team]:
    teams = list(queryset.filter(pk__in=pks))
    if len(teams) != len(set(pks)):
        raise ValidationError({field: _("Choose teams from the list: only the teams you may use here are on it.")})
    return teams


# --- volunteers -------------------------------------------------------------------------------


@router.get("/volunteers", response={200: list[VolunteerOut], 401: ErrorOut})
@paginate(Pages)
def list_volunteers(request: HttpRequest, filters: Query[VolunteerFilter]):
    # The page's filter bar; ids stand for the community, team and skill it is given as objects.
    volunteers = queries.filter_volunteers(
        _volunteers().for_user(request.user, VIEW),
        community=filters.community,
        status=filters.status or "",
        team=filters.team,
        skill=filters.skill,
        text=filters.q,
    )
    return volunteers.order_by("number", "pk")


SIGN_UP_NOT_TAKEN = gettext_lazy(
    "This sign-up was not taken. If you signed up before, that registration stands: follow it with the "
    "account you used then, or ask the community staff."
)


# Before /volunteers/{volunteer_id}: a path parameter matches any word, so the fixed path goes first.
@router.post("/volunteers/sign-up", response={201: VolunteerDetail, **WRITE})
def sign_up(request: HttpRequest, payload: SignUpIn):
    """The caller signs up as a volunteer of a community; staff approve, team leaders accept."""
    # The sign-up page is public and names communities by code; so does this.
    community = OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNITY, code=payload.community_code).first()
    if community is None:
        raise ValidationError({"community_code": _("There is no community with this code; check the sign-up link.")})
    # The caller's own row, whatever its status: a person signs up once.
    if queries.own_volunteer(request.user) is not None:
        raise ValidationError(_("You have already signed up as a volunteer."))
    # The page's form, with its limits per mobile number and per network, then the page's service.
    form = JoinForm(
        community,
        payload.dict(exclude={"community_code"}),
        needs_account=False,
        address=client_address(request),
        device=signup_limits.device_id(request),
    )
    try:
        volunteer = services.sign_up_volunteer(community=community, user=request.user, **_bound(form).service_kwargs())
    except ValidationError:
        form.note_failure()
        raise
    if volunteer is None:
        # An ID number already registered. The page answers it as a new sign-up; here there is no
        # new volunteer to show, so the answer refuses without saying why, and it counts as failed.
        form.note_failure()
        raise ValidationError(SIGN_UP_NOT_TAKEN)
    return Status(201, _shown(volunteer))


@router.get("/volunteers/{volunteer_id}", response={200: VolunteerDetail, **READ})
def get_volunteer(request: HttpRequest, volunteer_id: Id):
    return _volunteer(request.user, volunteer_id)


@router.post("/volunteers", response={201: VolunteerDetail, **WRITE})
def register_volunteer(request: HttpRequest, payload: RegisterIn):
    """Staff register a volunteer on the spot: registered at once, in the teams named."""
    community = _community(request.user, payload.community)
    teams = _teams(Team.objects.for_user(request.user, MANAGE).filter(community=community), payload.teams)
    volunteer = services.register_volunteer(
        by=request.user,
        community=community,
        name=payload.name,
        phone=payload.phone,
        id_type=payload.id_type,
        id_number=payload.id_number,
        skills=_skills(community.pk, payload.skills),
        qualifications=payload.qualifications,
        availability=payload.availability,
        political_status=payload.political_status,
        teams=teams,
    )
    return Status(201, _shown(volunteer))


@router.post("/volunteers/{volunteer_id}/approve", response={200: VolunteerDetail, **WRITE})
def approve_volunteer(request: HttpRequest, volunteer_id: Id):
    """Approve a sign-up, as the page does: the applicant's login gets the volunteer role."""
    volunteer = _volunteer(request.user, volunteer_id, change=MANAGE)
    return _shown(services.approve_volunteer(by=request.user, volunteer=volunteer))


@router.post("/volunteers/{volunteer_id}/reject", response={200: VolunteerDetail, **WRITE})
def reject_volunteer(request: HttpRequest, volunteer_id: Id, payload: ReasonIn):
    volunteer = _volunteer(request.user, volunteer_id, change=MANAGE)
    return _shown(
        services.decide_registration(by=request.user, volunteer=volunteer, approve=False, reason=payload.reason)
    )


@router.post("/volunteers/{volunteer_id}/login", response={201: LoginOut, **WRITE})
def give_login(request: HttpRequest, volunteer_id: Id, payload: LoginIn):
    """Staff give a volunteer without a login their login, as on the volunteer's page."""
    volunteer = get_for_user(
        Volunteer.objects.select_related("resident", "user"), request.user, volunteer_id, view=VIEW, change=ACCOUNTS
    )
    form = _bound(VolunteerLoginForm(payload.dict()))
    user, password = account_services.create_login(
        by=request.user, volunteer=volunteer, username=form.cleaned_data["username"]
    )
    return Status(201, {"user_id": user.pk, "username": user.username, "password": password})


@router.get("/me", response={200: MeOut, **READ})
def me(request: HttpRequest):
    """The caller's own hours, star level and progress to the next star, as on their page."""
    volunteer = queries.own_active_volunteer(request.user)
    if volunteer is None:
        raise Http404
    figures = queries.volunteer_figures(volunteer)
    return {
        "volunteer": _shown(volunteer),
        "star_level": figures.stars,
        "next_star_level": figures.next_level,
        "hours_to_next_star": figures.hours_to_next,
        "hours_on_notice": figures.notice_hours.quantize(CENTS),
    }


# --- teams ------------------------------------------------------------------------------------


def _teams_counted() -> Any:
    active = Count("memberships", filter=Q(memberships__status=TeamMembership.Status.ACTIVE))
    return Team.objects.select_related("community").annotate(member_count=active)


@router.get("/teams", response={200: list[TeamOut], 401: ErrorOut})
@paginate(Pages)
def list_teams(request: HttpRequest, filters: Query[TeamFilter]):
    teams = _teams_counted().for_user(request.user, VIEW)
    for name, value in (("community_id", filters.community), ("type", filters.type), ("parent_id", filters.parent)):
        if value:
            teams = teams.filter(**{name: value})
    return teams.order_by("community_id", "parent_id", "name", "pk")


@router.get("/teams/{team_id}", response={200: TeamDetail, **READ})
def get_team(request: HttpRequest, team_id: Id):
    return get_for_user(_teams_counted(), request.user, team_id, view=VIEW)


@router.post("/teams", response={201: TeamDetail, **WRITE})
def create_team(request: HttpRequest, payload: TeamIn):
    community = _community(request.user, payload.community)
    parent = None
    if payload.parent is not None:
        parent = _teams(Team.objects.for_user(request.user, MANAGE), [payload.parent], field="parent")[0]
    team = services.create_team(
        by=request.user,
        community=community,
        name=payload.name,
        type=payload.type,
        parent=parent,
        founded_on=payload.founded_on,
        description=payload.description,
    )
    return Status(201, _teams_counted().get(pk=team.pk))


@router.post("/teams/{team_id}/join-requests", response={201: MembershipOut, **WRITE})
def request_to_join(request: HttpRequest, team_id: Id, payload: JoinIn):
    """A volunteer asks to join a team of their community; staff may ask on a volunteer's behalf."""
    if payload.volunteer is None or payload.volunteer in scope_for(request.user).own_volunteer_ids():
        volunteer = _own_volunteer(request.user)
        # A volunteer sees no team but their own record; the teams of their community are open to join.
        team = queries.community_teams(volunteer.community).filter(pk=team_id).first()
        if team is None:
            raise Http404
    else:
        team = get_for_user(Team.objects.all(), request.user, team_id, view=VIEW, change=MANAGE)
        volunteer = _volunteer(request.user, payload.volunteer, change=MANAGE)
    return Status(201, services.request_to_join(by=request.user, volunteer=volunteer, team=team))


@router.post("/teams/{team_id}/join-requests/{membership_id}/decide", response={200: MembershipOut, **WRITE})
def decide_join_request(request: HttpRequest, team_id: Id, membership_id: Id, payload: DecideIn):
    team = get_for_user(Team.objects.all(), request.user, team_id, view=VIEW, change=RECORD)
    membership = team.memberships.filter(pk=membership_id).first()
    if membership is None:
        raise Http404
    return services.decide_join_request(by=request.user, membership=membership, accept=payload.accept)


@router.post("/teams/{team_id}/leaders", response={200: MembershipOut, **WRITE})
def set_team_leader(request: HttpRequest, team_id: Id, payload: LeaderIn):
    """Make an active member a leader of the team, or step them down."""
    team = get_for_user(Team.objects.all(), request.user, team_id, view=VIEW, change=MANAGE)
    volunteer = Volunteer.objects.for_user(request.user, MANAGE).filter(pk=payload.volunteer).first()
    if volunteer is None:
        raise ValidationError({"volunteer": _("Only an active member of the team can lead it.")})
    return services.set_team_leader(by=request.user, team=team, volunteer=volunteer, leader=payload.leader)


# --- the service-hour ledger ----------------------------------------------------------------------


@router.get("/records", response={200: list[RecordOut], 401: ErrorOut})
@paginate(Pages)
def list_records(request: HttpRequest, filters: Query[RecordFilter]):
    records = queries.filter_records(
        _records().for_user(request.user, VIEW),
        community=filters.community,
        team=filters.team,
        status=filters.status or "",
        start=filters.date_from,
        end=filters.date_to,
    )
    for name, value in (("volunteer_id", filters.volunteer), ("kind", filters.kind)):
        if value:
            records = records.filter(**{name: value})
    return records.order_by("-served_on", "-id")


# Before /records/{record_id}, for the same reason as sign-up.
@router.post("/records/batch", response={201: list[RecordOut], **WRITE})
def record_batch(request: HttpRequest, payload: BatchIn):
    """One activity, many volunteers: every entry is written, or none."""
    team = get_for_user(Team.objects.all(), request.user, payload.team, view=VIEW, change=RECORD)
    volunteers = list(Volunteer.objects.for_user(request.user, RECORD).filter(pk__in=payload.volunteers))
    if len(volunteers) != len(set(payload.volunteers)):
        raise ValidationError({"volunteers": _("Choose volunteers of your team or community from the list.")})
    records = services.record_batch(by=request.user, team=team, volunteers=volunteers, **_service_fields(payload))
    return Status(201, list(_records().filter(pk__in=[r.pk for r in records]).order_by("id")))


def _record(user: Any, pk: int, *, change: str | None = None) -> ServiceRecord:
    corrections = Prefetch("corrections", _records().order_by("id"))
    requests = Prefetch("correction_requests", CorrectionRequest.objects.order_by("created_at"))
    return get_for_user(_records().prefetch_related(corrections, requests), user, pk, view=VIEW, change=change)


@router.get("/records/{record_id}", response={200: RecordDetail, **READ})
def get_record(request: HttpRequest, record_id: Id):
    return _record(request.user, record_id)


def _service_fields(payload: Any) -> dict[str, Any]:
    fields = ("served_on", "content", "start_time", "end_time", "hours", "place", "confirmed_by")
    return {name: getattr(payload, name) for name in fields}


def _recording_team(user: Any, pk: int | None) -> Team | None:
    if pk is None:
        return None
    return _teams(Team.objects.for_user(user, RECORD), [pk], field="team")[0]


@router.post("/records", response={201: RecordOut, **WRITE})
def record_service(request: HttpRequest, payload: RecordIn):
    """Record service hours; the entry goes on public notice before it counts."""
    volunteer = _volunteer(request.user, payload.volunteer, change=RECORD)
    team = _recording_team(request.user, payload.team)
    record = services.record_service(by=request.user, volunteer=volunteer, team=team, **_service_fields(payload))
    return Status(201, _records().get(pk=record.pk))


@router.post("/records/{record_id}/corrections", response={201: RecordOut, **WRITE})
def correct_record(request: HttpRequest, record_id: Id, payload: CorrectIn):
    """Amend an entry with a new one (0 hours reverses it); the original stays as it was."""
    record = _record(request.user, record_id, change=RECORD)
    correction = services.correct_record(by=request.user, record=record, hours=payload.hours, reason=payload.reason)
    return Status(201, _records().get(pk=correction.pk))


@router.post("/records/{record_id}/withdraw", response={200: RecordOut, **WRITE})
def withdraw_record(request: HttpRequest, record_id: Id, payload: ReasonIn):
    record = _record(request.user, record_id, change=RECORD)
    services.withdraw_record(by=request.user, record=record, reason=payload.reason)
    return _records().get(pk=record.pk)


@router.post("/records/{record_id}/correction-requests", response={201: CorrectionRequestOut, **WRITE})
def request_correction(request: HttpRequest, record_id: Id, payload: CorrectionRequestIn):
    """The volunteer asks for their own entry to be corrected."""
    record = _record(request.user, record_id)
    correction_request = services.request_correction(
        by=request.user, record=record, proposed_hours=payload.proposed_hours, reason=payload.reason
    )
    return Status(201, correction_request)


@router.get("/correction-requests", response={200: list[CorrectionRequestOut], 401: ErrorOut})
@paginate(Pages)
def list_correction_requests(request: HttpRequest, filters: Query[CorrectionRequestFilter]):
    requests = CorrectionRequest.objects.for_user(request.user, VIEW)
    if filters.status:
        requests = requests.filter(status=filters.status)
    if filters.volunteer:
        requests = requests.filter(volunteer_id=filters.volunteer)
    return requests.order_by("-created_at", "-pk")


@router.post("/correction-requests/{request_id}/decide", response={200: CorrectionRequestOut, **WRITE})
def decide_correction(request: HttpRequest, request_id: Id, payload: DecideIn):
    correction_request = get_for_user(
        CorrectionRequest.objects.select_related("record", "volunteer"),
        request.user,
        request_id,
        view=VIEW,
        change=RECORD,
    )
    return services.decide_correction(
        by=request.user, request=correction_request, accept=payload.accept, reason=payload.reason
    )


# --- certificates ---------------------------------------------------------------------------------


def _certificate(user: Any, pk: int, *, change: str | None = None) -> Certificate:
    return get_for_user(Certificate.objects.select_related("volunteer"), user, pk, view=VIEW, change=change)


@router.get("/certificates", response={200: list[CertificateOut], 401: ErrorOut})
@paginate(Pages)
def list_certificates(request: HttpRequest, filters: Query[CertificateFilter]):
    certificates = Certificate.objects.for_user(request.user, VIEW).select_related("volunteer")
    for name, value in (
        ("community_id", filters.community),
        ("volunteer_id", filters.volunteer),
        ("status", filters.status),
        ("serial", filters.serial.strip()),
    ):
        if value:
            certificates = certificates.filter(**{name: value})
    return certificates.order_by("-requested_at", "-pk")


@router.get("/certificates/{certificate_id}", response={200: CertificateDetail, **READ})
def get_certificate(request: HttpRequest, certificate_id: Id):
    return _certificate(request.user, certificate_id)


@router.post("/certificates", response={201: CertificateDetail, **WRITE})
def request_certificate(request: HttpRequest, payload: CertificateIn):
    """A volunteer asks for a certificate for a period; staff may ask on a volunteer's behalf."""
    if payload.volunteer is None or payload.volunteer in scope_for(request.user).own_volunteer_ids():
        volunteer = _own_volunteer(request.user)
    else:
        volunteer = _volunteer(request.user, payload.volunteer, change=MANAGE)
    certificate = services.request_certificate(
        by=request.user,
        volunteer=volunteer,
        period_start=payload.period_start,
        period_end=payload.period_end,
        purpose=payload.purpose,
    )
    return Status(201, certificate)


@router.post("/certificates/{certificate_id}/issue", response={200: CertificateDetail, **WRITE})
def issue_certificate(request: HttpRequest, certificate_id: Id):
    certificate = _certificate(request.user, certificate_id, change=MANAGE)
    return services.issue_certificate(by=request.user, certificate=certificate)


@router.post("/certificates/{certificate_id}/decline", response={200: CertificateDetail, **WRITE})
def decline_certificate(request: HttpRequest, certificate_id: Id, payload: ReasonIn):
    certificate = _certificate(request.user, certificate_id, change=MANAGE)
    return services.decline_certificate(by=request.user, certificate=certificate, reason=payload.reason)


@router.post("/certificates/{certificate_id}/revoke", response={200: CertificateDetail, **WRITE})
def revoke_certificate(request: HttpRequest, certificate_id: Id, payload: ReasonIn):
    certificate = _certificate(request.user, certificate_id, change=MANAGE)
    return services.revoke_certificate(by=request.user, certificate=certificate, reason=payload.reason)


@router.get("/verify/{serial}", auth=None, response={200: VerifyOut, 404: ErrorOut})
def verify_certificate(request: HttpRequest, serial: str):
    """Public: anyone holding the paper checks its serial. Only what the paper itself shows, masked."""
    certificate = (
        Certificate.objects.select_related("volunteer", "community")
        .filter(serial=serial, status__in=[Certificate.Status.ISSUED, Certificate.Status.REVOKED])
        .first()
    )
    if certificate is None:
        raise Http404
    revoked = certificate.status == Certificate.Status.REVOKED
    return {
        "serial": certificate.serial,
        "name": certificate.volunteer.masked_name,
        "hours": certificate.hours,
        "period_start": certificate.period_start,
        "period_end": certificate.period_end,
        "issuer": certificate.community.name,
        "issued_on": certificate.issued_on,
        "status": "revoked" if revoked else "valid",
        "revoked_on": timezone.localdate(certificate.revoked_at) if revoked and certificate.revoked_at else None,
    }


# --- the leaderboard ----------------------------------------------------------------------------


@router.get("/leaderboard", response={200: LeaderboardOut, **READ, 403: ErrorOut})
def leaderboard(request: HttpRequest, filters: Query[LeaderboardFilter]):
    """The page's leaderboard: a community's or a team's volunteers by recorded hours in a period.

    Names of volunteers the caller may not see are masked, as on the page.
    """
    communities = {c.pk: c for c in queries.leaderboard_communities(request.user)}
    if not communities:
        raise PermissionDenied
    if filters.community is not None and filters.community not in communities:
        raise Http404
    team = None
    if filters.team:
        # As on the page: any team of a community whose board the caller may see.
        wanted = [filters.community] if filters.community else list(communities)
        team = Team.objects.filter(pk=filters.team, community_id__in=wanted).first()
        if team is None:
            raise Http404
    community = communities[team.community_id if team else filters.community or next(iter(communities))]
    today = timezone.localdate()
    start, end = filters.start or dt.date(today.year, 1, 1), filters.end or today
    page = queries.leaderboard(
        request.user, community=community, team=team, start=start, end=end, page=1, per_page=filters.limit
    )
    return {
        "period_start": start,
        "period_end": end,
        "community_id": community.pk,
        "team_id": team.pk if team else None,
        "rows": page.object_list,
    }
