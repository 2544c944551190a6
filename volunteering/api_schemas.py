"""Schemas of the volunteering JSON API. Volunteers appear only with masked ID numbers and phones.

Hours are decimal strings ("2.50"): the ledger is exact to the hundredth and so is its JSON.
"""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.urls import reverse
from ninja import Field, Schema

from core.api import Id, InputSchema
from core.validators import LONG_TEXT, QUERY_TEXT
from volunteering import ledger
from volunteering.models import Certificate, CorrectionRequest, ServiceRecord, Team, TeamMembership, Volunteer

VolunteerStatus = Literal[tuple(Volunteer.Status.values)]
IdType = Literal[tuple(Volunteer.IdType.values)]
PoliticalStatus = Literal[tuple(Volunteer.PoliticalStatus.values)]
TeamType = Literal[tuple(Team.Type.values)]
MemberRole = Literal[tuple(TeamMembership.Role.values)]
MemberStatus = Literal[tuple(TeamMembership.Status.values)]
RecordKind = Literal[tuple(ServiceRecord.Kind.values)]
RecordStatus = Literal[tuple(ServiceRecord.Status.values)]
CorrectionStatus = Literal[tuple(CorrectionRequest.Status.values)]
CertificateStatus = Literal[tuple(Certificate.Status.values)]


# --- volunteers -------------------------------------------------------------------------------


class SkillOut(Schema):
    id: int
    code: str
    label: str


class TeamBrief(Schema):
    team_id: int
    team_name: str
    role: MemberRole
    status: MemberStatus

    @staticmethod
    def resolve_team_name(obj) -> str:
        return obj.team.name


class VolunteerOut(Schema):
    id: int
    number: str = Field(description="The volunteer number; never the ID number.")
    name: str
    gender: str
    community_id: int
    status: VolunteerStatus
    political_status: PoliticalStatus
    id_type: IdType
    id_number_masked: str
    phone_masked: str
    recorded_hours: Decimal = Field(description="Cumulative hours of entries past their notice period.")
    star_level: int
    skills: list[SkillOut]
    teams: list[TeamBrief] = Field(description="The teams the volunteer is an active member of.")
    registered_at: dt.datetime

    @staticmethod
    def resolve_star_level(obj) -> int:
        return ledger.star_level(obj.recorded_hours)

    @staticmethod
    def resolve_teams(obj) -> list:
        return obj.active_memberships


class StarOut(Schema):
    level: int
    reached_on: dt.date


class VolunteerDetail(VolunteerOut):
    qualifications: str
    availability: str
    rejection_reason: str
    approved_at: dt.datetime | None
    resident_id: int | None = Field(description="The resident record in the registry, when they live here.")
    memberships: list[TeamBrief] = Field(description="Every open membership, including requests to join.")
    stars: list[StarOut]

    @staticmethod
    def resolve_memberships(obj) -> list:
        return list(
            obj.team_memberships.filter(status__in=["requested", "active"]).select_related("team").order_by("team_id")
        )

    @staticmethod
    def resolve_stars(obj) -> list:
        return list(obj.star_levels.all())


class VolunteerFilter(InputSchema):
    community: Id | None = None
    status: VolunteerStatus | None = None
    team: Id | None = Field(None, description="Active members of this team.")
    skill: Id | None = None
    q: str = Field("", max_length=QUERY_TEXT, description="Part of the name or of the volunteer number.")


class RegisterIn(InputSchema):
    community: Id = Field(description="A community you manage; the volunteer is registered at once.")
    name: str = Field(max_length=50)
    phone: str = Field(max_length=30)
    id_type: IdType = Volunteer.IdType.RESIDENT_ID.value
    id_number: str = Field(max_length=32)
    skills: list[Id] = Field(default_factory=list)
    qualifications: str = Field("", max_length=200)
    availability: str = Field("", max_length=200)
    political_status: PoliticalStatus = Volunteer.PoliticalStatus.MASSES.value
    teams: list[Id] = Field(default_factory=list, description="Teams of the community the volunteer joins at once.")


class SignUpIn(InputSchema):
    community_code: str = Field(
        max_length=40, description="The code of the community to volunteer in, as on its sign-up page."
    )
    name: str = Field(max_length=50)
    phone: str = Field(max_length=30)
    id_type: IdType = Volunteer.IdType.RESIDENT_ID.value
    id_number: str = Field(max_length=32)
    skills: list[Id] = Field(default_factory=list)
    qualifications: str = Field("", max_length=200)
    availability: str = Field("", max_length=200)
    political_status: PoliticalStatus = Volunteer.PoliticalStatus.MASSES.value
    teams: list[Id] = Field(default_factory=list, description="Teams to ask to join; their leaders decide.")


class ReasonIn(InputSchema):
    reason: str = Field(max_length=200)


class LoginIn(InputSchema):
    username: str = Field(max_length=150, description="The username of the new login.")


class LoginOut(Schema):
    user_id: int
    username: str
    password: str = Field(description="Generated, shown only in this answer; it must be changed at the first login.")


class MeOut(Schema):
    volunteer: VolunteerDetail
    star_level: int
    next_star_level: int | None = Field(description="Null at five stars.")
    hours_to_next_star: Decimal | None
    hours_on_notice: Decimal = Field(description="Hours on public notice that count once the notice ends.")


# --- teams ------------------------------------------------------------------------------------


class TeamOut(Schema):
    id: int
    name: str
    type: TeamType
    community_id: int
    community_name: str = Field(
        alias="community.name", description="The community's name, for pickers listing teams of several communities."
    )
    parent_id: int | None
    founded_on: dt.date | None
    member_count: int = Field(description="Active members.")


class MemberOut(Schema):
    id: int = Field(description="The membership; decide a join request by this id.")
    volunteer_id: int
    number: str
    name: str
    role: MemberRole
    status: MemberStatus
    requested_at: dt.datetime
    decided_at: dt.datetime | None

    @staticmethod
    def resolve_number(obj) -> str:
        return obj.volunteer.number

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.volunteer.name


class TeamDetail(TeamOut):
    description: str
    roster: list[MemberOut] = Field(description="Active members and open requests to join.")

    @staticmethod
    def resolve_roster(obj) -> list:
        memberships = obj.memberships.filter(status__in=["requested", "active"]).select_related("volunteer")
        # Leaders first ("leader" < "member"), then members, then requests to join.
        return list(memberships.order_by("role", "status", "volunteer__number"))


class TeamFilter(InputSchema):
    community: Id | None = None
    type: TeamType | None = None
    parent: Id | None = None


class TeamIn(InputSchema):
    community: Id
    name: str = Field(max_length=100)
    type: TeamType
    parent: Id | None = Field(None, description="A top-level team of the same community, for a sub-team.")
    founded_on: dt.date | None = None
    description: str = Field("", max_length=LONG_TEXT)


class MembershipOut(Schema):
    id: int
    team_id: int
    volunteer_id: int
    role: MemberRole
    status: MemberStatus
    requested_at: dt.datetime
    decided_at: dt.datetime | None


class JoinIn(InputSchema):
    volunteer: Id | None = Field(None, description="Staff only: a volunteer of the community. Empty: yourself.")


class DecideIn(InputSchema):
    accept: bool
    reason: str = Field("", max_length=200, description="Needed when a correction is declined; the volunteer reads it.")


class LeaderIn(InputSchema):
    volunteer: Id
    leader: bool = Field(True, description="false steps the volunteer down to member.")


# --- the ledger -------------------------------------------------------------------------------


class RecordOut(Schema):
    id: int
    volunteer_id: int
    volunteer_number: str
    volunteer_name: str
    community_id: int
    team_id: int | None
    team_name: str | None
    kind: RecordKind
    corrects_id: int | None = Field(description="The entry an amendment or reversal corrects.")
    served_on: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    hours: Decimal = Field(description="Signed for corrections: a reversal of 3 hours is -3.00.")
    content: str
    place: str
    reason: str
    status: RecordStatus
    notice_until: dt.date
    recorded_on: dt.date | None
    recorded_by: str
    confirmed_by: str
    created_at: dt.datetime

    @staticmethod
    def resolve_volunteer_number(obj) -> str:
        return obj.volunteer.number

    @staticmethod
    def resolve_volunteer_name(obj) -> str:
        return obj.volunteer.name

    @staticmethod
    def resolve_team_name(obj) -> str | None:
        return obj.team.name if obj.team_id else None

    @staticmethod
    def resolve_recorded_by(obj) -> str:
        return str(obj.recorded_by)


class CorrectionRequestOut(Schema):
    id: int
    record_id: int
    volunteer_id: int
    proposed_hours: Decimal
    reason: str
    status: CorrectionStatus
    created_at: dt.datetime
    decision_reason: str
    correction_id: int | None = Field(description="The correcting entry, once accepted.")


class RecordDetail(RecordOut):
    effective_hours: Decimal = Field(description="The entry's hours after its corrections.")
    corrections: list[RecordOut]
    correction_requests: list[CorrectionRequestOut]

    @staticmethod
    def resolve_effective_hours(obj) -> Decimal:
        kept = [c.hours for c in obj.corrections.all() if c.status != ServiceRecord.Status.WITHDRAWN]
        return obj.hours + sum(kept, Decimal(0))

    @staticmethod
    def resolve_corrections(obj) -> list:
        return list(obj.corrections.all())

    @staticmethod
    def resolve_correction_requests(obj) -> list:
        return list(obj.correction_requests.all())


class RecordFilter(InputSchema):
    community: Id | None = None
    volunteer: Id | None = None
    team: Id | None = None
    date_from: dt.date | None = Field(None, description="Served on or after this day.")
    date_to: dt.date | None = Field(None, description="Served on or before this day.")
    status: RecordStatus | None = None
    kind: RecordKind | None = None


class ServiceIn(InputSchema):
    served_on: dt.date
    content: str = Field(max_length=200)
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    hours: Decimal | None = Field(None, description="Actual service time; computed from the times when left out.")
    place: str = Field("", max_length=100)
    confirmed_by: str = Field(
        "", max_length=50, description="The organiser or the person served who confirms the service."
    )


class RecordIn(ServiceIn):
    volunteer: int
    team: int | None = Field(None, description="Needed when a team leader records: a team they lead.")


class BatchIn(ServiceIn):
    team: int
    volunteers: list[int] = Field(min_length=1)


class CorrectIn(InputSchema):
    hours: Decimal = Field(ge=0, le=24, description="What the entry should be; 0 reverses it.")
    reason: str = Field(max_length=200)


class CorrectionRequestIn(InputSchema):
    proposed_hours: Decimal = Field(ge=0, le=24)
    reason: str = Field(max_length=200)


class CorrectionRequestFilter(InputSchema):
    status: CorrectionStatus | None = None
    volunteer: Id | None = None


# --- certificates and the leaderboard ---------------------------------------------------------


class CertificateOut(Schema):
    id: int
    volunteer_id: int
    volunteer_number: str
    volunteer_name: str
    community_id: int
    period_start: dt.date
    period_end: dt.date
    purpose: str
    status: CertificateStatus
    requested_at: dt.datetime
    serial: str | None
    hours: Decimal | None
    issued_on: dt.date | None
    decision_reason: str
    revoked_at: dt.datetime | None
    verify_url: str | None = Field(description="The public verification page its QR code points to.")

    @staticmethod
    def resolve_volunteer_number(obj) -> str:
        return obj.volunteer.number

    @staticmethod
    def resolve_volunteer_name(obj) -> str:
        return obj.volunteer.name

    @staticmethod
    def resolve_verify_url(obj) -> str | None:
        return reverse("volunteering:certificate-verify", args=[obj.serial]) if obj.serial else None


class CertificateDetail(CertificateOut):
    summary: dict = Field(description="Fixed at issue: the main content of service and the number of entries.")


class CertificateFilter(InputSchema):
    community: Id | None = None
    volunteer: Id | None = None
    status: CertificateStatus | None = None
    serial: str = Field("", max_length=32)


class CertificateIn(InputSchema):
    volunteer: Id | None = Field(None, description="Staff: the volunteer asked for. Empty: yourself.")
    period_start: dt.date
    period_end: dt.date
    purpose: str = Field("", max_length=100)


class VerifyOut(Schema):
    """What a public verification shows: nothing that identifies the volunteer beyond the certificate."""

    serial: str
    name: str = Field(description="Masked: the surname and stars.")
    hours: Decimal
    period_start: dt.date
    period_end: dt.date
    issuer: str
    issued_on: dt.date
    status: Literal["valid", "revoked"]
    revoked_on: dt.date | None


class LeaderboardRow(Schema):
    rank: int
    volunteer_id: int
    number: str = Field(description="Empty when the name is masked.")
    name: str = Field(description="Masked for volunteers you may not see, as on the page.")
    hours: Decimal
    stars: int
    is_self: bool
    full_name_shown: bool

    @staticmethod
    def resolve_hours(obj) -> Decimal:
        return obj.hours.quantize(Decimal("0.01"))  # SQLite's sums lose the ledger's two decimals


class LeaderboardOut(Schema):
    period_start: dt.date
    period_end: dt.date
    community_id: int
    team_id: int | None
    rows: list[LeaderboardRow]


class LeaderboardFilter(InputSchema):
    community: Id | None = Field(None, description="Default: the first community whose board you may see.")
    team: Id | None = Field(None, description="A team of the community; its entries only.")
    start: dt.date | None = Field(None, description="Default: 1 January of this year.")
    end: dt.date | None = Field(None, description="Default: today.")
    limit: int = Field(20, ge=1, le=100)
