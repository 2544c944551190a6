"""The world the route matrix probes: the tiny demo (城南社区 as community A, 城北社区 as B) and its
demo logins, plus one object of every kind a route names, in A and in B.

The A object of a kind is the one the A personas are attached to (the resident login's household,
the volunteer login's records, an activity of the leader's team), so that each persona meets an
object of its own scope; the B object is outside every persona's scope but staff_b's, the town's
and the county's.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from accounts.models import User
from accounts.services import issue_api_token
from activities import services as activity_services
from activities.models import Activity, ActivitySeries, SignUp
from activities.testing import make_activity, png_upload
from core.roles import Role
from notifications.models import Notification
from notifications.services import calendar_token
from registry.models import GridUnit, OrgUnit, PartnerUnit, PartyOrg, Resident, RosterImport
from registry.services import create_partner_unit
from registry.testing import (
    make_building,
    make_community,
    make_grid_group,
    make_household,
    make_org_unit,
    make_party_branch,
    make_resident,
    make_user,
)
from volunteering import services as volunteering_services
from volunteering.models import ServiceRecord, Team, TeamMembership, Volunteer
from volunteering.testing import make_team, make_volunteer
from wishes import services as wish_services
from wishes.testing import make_wish

# The personas of the matrix, in the order of every declaration's columns.
PERSONAS = ("anonymous", "resident", "volunteer", "leader", "grid", "staff", "staff_b", "town", "county")
# The demo login each persona is; "anonymous" has none.
LOGINS = {name: name for name in PERSONAS[1:]}
# Who may see community B's objects: for everyone else a B object is out of scope, and for
# staff_b an A object is.
SEES_B = {"staff_b", "town", "county"}


@dataclass
class Side:
    """One community's object of every kind a route parameter names."""

    values: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, kind: str) -> Any:
        return self.values[kind]


@dataclass
class World:
    users: dict[str, User]
    tokens: dict[str, str]
    a: Side
    b: Side
    c: Side  # a community of another county: outside the town's and the county admin's scope too


def _past(activity: Activity) -> Activity:
    """The activity moved to yesterday, so that it can have a summary and photos."""
    starts = timezone.now().replace(microsecond=0) - dt.timedelta(days=1)
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=starts, ends_at=starts + dt.timedelta(hours=2), signup_deadline=starts - dt.timedelta(hours=1)
    )
    activity.refresh_from_db()
    return activity


def _series(community: OrgUnit, staff: User, team: Team) -> ActivitySeries:
    """Two weekly patrols (the demo has a series in A and in B, none elsewhere)."""
    first = timezone.localdate() + dt.timedelta(days=7)
    return activity_services.create_series(
        by=staff,
        community=community,
        title="夜间巡逻",
        kind=Activity.Kind.PATROL,
        weekday=first.weekday(),
        start_time=dt.time(19),
        end_time=dt.time(21),
        first_date=first,
        count=2,
        places=8,
        team=team,
    )


def _other_county() -> dict[str, Any]:
    """A county of its own with one community and what _side needs in it."""
    county = make_org_unit(OrgUnit.Kind.COUNTY, None, "寿宁县", "350924")
    town = make_org_unit(OrgUnit.Kind.TOWN, county, "鳌阳镇", "350924100")
    community = make_community(town, "胜利社区")
    building = make_building(community, "胜利小区", "1栋")
    household = make_household(building, room="201", grid_group=make_grid_group(community))
    resident = make_resident(household, name="郑美华", relation=Resident.Relation.HEAD)
    make_party_branch(community, building.parent)
    staff = make_user("matrix_staff_c", role=Role.COMMUNITY_STAFF, org_unit=community)
    team = make_team(community, "胜利巡逻队")
    user = make_user("matrix_volunteer_c", role=Role.VOLUNTEER, org_unit=community)
    volunteer = make_volunteer(community, name="郑志愿", user=user, teams=(team,))
    partner = create_partner_unit(
        by=None, county=county, name="寿宁县人社局", kind=PartnerUnit.Kind.AGENCY, communities=[community]
    )
    return {
        "community": community,
        "partner": partner,
        "staff": staff,
        "volunteer": volunteer,
        "volunteer_user": user,
        "team": team,
        "resident": resident,
    }


def _side(
    community: OrgUnit,
    *,
    partner: PartnerUnit,
    staff: User,
    volunteer: Volunteer,
    volunteer_user: User,
    team: Team,
    resident: Resident,
) -> Side:
    household = resident.household
    activity = make_activity(community, by=staff, team=team, title="义诊")
    signup = activity_services.sign_up(by=volunteer_user, activity=activity, volunteer=volunteer)
    past = _past(make_activity(community, by=staff, team=team, title="环境卫生"))
    photo = activity_services.add_summary_photos(by=staff, activity=past, photos=[png_upload()])[0]
    any_series = Activity.objects.filter(community=community, series__isnull=False).order_by("pk").first()
    series = any_series.series if any_series else _series(community, staff, team)
    record = ServiceRecord.objects.filter(volunteer=volunteer).order_by("pk").first() or (
        volunteering_services.record_service(
            by=staff,
            volunteer=volunteer,
            team=team,
            served_on=timezone.localdate() - dt.timedelta(days=2),
            hours=Decimal(2),
            content="巡逻",
        )
    )
    # Off notice, so that it counts towards a certificate (the ledger allows only this update).
    ServiceRecord.objects.filter(pk=record.pk).update(status=ServiceRecord.Status.RECORDED)
    correction = volunteering_services.request_correction(
        by=volunteer_user, record=record, proposed_hours=Decimal(1), reason="少记了一小时"
    )
    today = timezone.localdate()
    certificate = volunteering_services.request_certificate(
        by=volunteer_user, volunteer=volunteer, period_start=today - dt.timedelta(days=365), period_end=today
    )
    volunteering_services.issue_certificate(by=staff, certificate=certificate)
    certificate.refresh_from_db()
    wish = make_wish(resident, by=staff)
    claim = wish_services.claim_wish(by=volunteer_user, wish=wish)
    roster = RosterImport.objects.create(
        county=community.county,
        community=community,
        created_by=staff,
        file="imports/matrix.xlsx",
        original_name="matrix.xlsx",
        status=RosterImport.Status.DONE,
    )
    return Side(
        {
            "community": community,
            "compound": household.compound,
            "household": household,
            "resident": resident,
            "grid": GridUnit.objects.get(pk=household.grid_group_id),
            "party": PartyOrg.objects.filter(community=community).order_by("pk").first(),
            "partner": partner,
            "import": roster,
            "volunteer": volunteer,
            "team": team,
            "membership": TeamMembership.objects.get(team=team, volunteer=volunteer),
            "record": record,
            "correction": correction,
            "certificate": certificate,
            "serial": certificate.serial,
            "activity": activity,
            "series": series,
            "signup": signup,
            "past": past,
            "photo": photo,
            "checkin": activity_services.checkin_token(activity),
            "wish": wish,
            "claim": claim,
            "user": volunteer_user,
            "role_membership": volunteer_user.memberships.first(),
            "api_token": None,  # filled below: the staff's own token row
            "notification": Notification.objects.create(user=volunteer_user, kind="matrix", title="matrix"),
            "calendar": calendar_token(by=volunteer_user),
        }
    )


def build() -> World:
    """Call inside the tiny demo's transaction."""
    users = {name: User.objects.get(username=login) for name, login in LOGINS.items()}
    a_community = OrgUnit.objects.get(kind=OrgUnit.Kind.COMMUNITY, name="城南社区")
    b_community = OrgUnit.objects.get(kind=OrgUnit.Kind.COMMUNITY, name="城北社区")
    volunteer_a = Volunteer.objects.get(user=users["volunteer"])
    leader_team = Team.objects.filter(
        memberships__volunteer__user=users["leader"], memberships__role=TeamMembership.Role.LEADER
    ).first()
    TeamMembership.objects.update_or_create(
        team=leader_team, volunteer=volunteer_a, defaults={"status": TeamMembership.Status.ACTIVE}
    )
    team_b = Team.objects.filter(community=b_community).order_by("pk").first()
    user_b = make_user("matrix_volunteer_b", role=Role.VOLUNTEER, org_unit=b_community)
    volunteer_b = make_volunteer(b_community, name="吴城北", user=user_b, teams=(team_b,))
    resident_b = Resident.objects.filter(community=b_community).order_by("pk").first()
    # A partner unit of A alone (the demo has several), and one of B alone (the demo has none).
    partner_a = PartnerUnit.objects.exclude(communities=b_community).filter(communities=a_community).first()
    partner_b = create_partner_unit(
        by=None,
        county=b_community.county,
        name="城北物业公司",
        kind=PartnerUnit.Kind.ENTERPRISE,
        communities=[b_community],
    )
    a = _side(
        a_community,
        partner=partner_a,
        staff=users["staff"],
        volunteer=volunteer_a,
        volunteer_user=users["volunteer"],
        team=leader_team,
        resident=users["resident"].resident,
    )
    b = _side(
        b_community,
        partner=partner_b,
        staff=users["staff_b"],
        volunteer=volunteer_b,
        volunteer_user=user_b,
        team=team_b,
        resident=resident_b,
    )
    c = _side(**_other_county())
    tokens = {}
    for name, user in users.items():
        row, tokens[name] = issue_api_token(by=user, user=user, name="matrix")
        if name == "staff":
            a.values["api_token"] = row
        elif name == "staff_b":
            b.values["api_token"] = row
    assert SignUp.objects.filter(pk__in=[a["signup"].pk, b["signup"].pk]).count() == 2
    return World(users=users, tokens=tokens, a=a, b=b, c=c)
