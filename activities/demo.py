"""The activities part of the demo, built on the volunteering part (registry.demo calls `load` after it).

The volunteering part's ledger already holds the hours of every activity a community held, one
entry per volunteer who came. Those entries are what the activities' check-outs would have
written, so the past activities are made from the ledger rather than beside it: one activity per
event of the ledger (a day, start time, content and place), titled with the entry's content,
organised by the team that organised the event and created by whoever recorded it; each entry
becomes a sign-up checked in and out, whose `record` is that entry (and the entry's `activity_id`
points back). No hours are added and none are counted twice. Routine work that leaders record in
batches (the 娘家人 team's weekly visits, the patrols before the patrol series began) stays as
ledger entries without an activity, as it would in a community that uses Linli that way.

Around the ledger's check-ins: volunteers who signed up and did not come (no-shows), cancelled
sign-ups, and a waitlist on some full activities. The patrol team's two evening patrols a week
are a recurring series from four weeks ago to four weeks ahead. A dozen activities are
recruiting; residents served are linked for the last year's free clinics (patients), elderly
visits, hardship visits and disability help, and counted for the rest. In 城南社区, which has the
demo logins: the upcoming activities the report names, some co-hosted by partner units, some
asking for the demo volunteer's skill; the patrol leader's patrol today or tomorrow, with
volunteers to check in; published summaries with stories; one cancelled activity.

The demo and tiny presets hold the last year of activities, the county preset the last seven
(about 50,000 activities and 1,000,000 sign-ups). Rows are written in batches with every column
given, primary keys included so that sign-ups can name their activity without reading it back
(sequences are reset after each community), and one audit row per community records the bulk
load. The cancellation and the published summaries go through the services, so they have their
own audit rows. Deterministic for a seed and a day.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from activities import services
from activities.models import Activity, ActivityBeneficiary, ActivitySeries, SignUp
from core.audit import record_event
from core.roles import Role
from registry.models import Household, OrgUnit, PartnerUnit, Resident
from volunteering.demo import CHENGNAN_TEAMS, FALLBACK, KIND, KINDS, LABA, hm
from volunteering.models import ServiceRecord, Skill, Team, TeamMembership, Volunteer

BATCH = 5000
# Years of activities: the demo shows the last year; the county preset is sized for the benchmark.
YEARS = {"demo": 1, "tiny": 1, "county": 7}
SERIES_WEEKS = 4  # the patrol series runs from this many weeks ago to as many ahead
LINK_DAYS = 365  # residents served are linked for activities this recent, counted for older ones
GENERIC_UPCOMING = 10  # activities recruiting in a community without the demo logins
PATROL_PLACES = 12
PATROL_WEEKDAYS = (2, 5)  # volunteering.demo.ROUTINE: Wednesday and Saturday evenings
ROUTINE = {"patrol", "visit"}

A = Activity.Kind
# The ledger's kinds of event (volunteering.demo.KINDS) as kinds of activity.
KIND_OF = {
    "clinic": (A.FREE_CLINIC, ""),
    "cleanup": (A.CLEAN_UP, ""),
    "elderly": (A.ELDERLY_HELP, ""),
    "hardship": (A.POOR_FAMILIES, ""),
    "startup": (A.STARTUP, ""),
    "legal": (A.LEGAL, ""),
    "reading": (A.READING, ""),
    "civility": (A.CUSTOM, "文明劝导"),
    "culture": (A.CUSTOM, "文化活动"),
    "disability": (A.CUSTOM, "助残服务"),
    "leifeng": (A.CLEAN_UP, ""),
    "porridge": (A.FESTIVAL, ""),
    "banquet": (A.BANQUET, ""),
    "patrol": (A.PATROL, ""),
}
SKILLS = {
    "clinic": ("doctor", "nurse", "first-aid"),
    "elderly": ("counsellor", "social-worker"),
    "hardship": ("social-worker",),
    "startup": ("computer",),
    "legal": ("lawyer",),
    "reading": ("teacher",),
    "culture": ("photography",),
    "disability": ("haircut",),
    "porridge": ("cooking",),
    "banquet": ("cooking", "photography"),
}
# Partner units (registry.demo.PARTNERS) that co-host a kind, where the community has them.
PARTNERS = {
    "clinic": ("柘荣县卫健局", "仙屏山药业有限公司"),
    "elderly": ("柘荣县邻里社会工作服务中心",),
    "hardship": ("柘荣仙屏村镇银行", "柘荣县妇联"),
    "startup": ("柘荣县人社局",),
    "legal": ("柘荣县司法局",),
    "reading": ("柘荣县妇联",),
    "disability": ("柘荣县邻里社会工作服务中心",),
    "porridge": ("柘荣县妇联",),
    "banquet": ("柘荣仙屏村镇银行", "柘荣县邻里社会工作服务中心"),
}
TARGETS = {
    "clinic": "社区60岁以上老年人",
    "elderly": "独居和空巢老人",
    "hardship": "低保户和困难家庭",
    "startup": "返乡创业青年和失业人员",
    "legal": "社区居民，特别是老年人",
    "reading": "社区小学生",
    "disability": "残疾人和行动不便的老人",
    "porridge": "社区居民和环卫工人",
    "banquet": "社区居民，优先邀请独居和高龄老人",
    "patrol": "小区楼道、消防通道和电动车充电点",
}
# Residents served where nobody is linked: (fewest, most).
SERVED = {
    "clinic": (20, 45),
    "elderly": (6, 15),
    "hardship": (4, 10),
    "startup": (5, 15),
    "legal": (40, 120),
    "reading": (12, 30),
    "civility": (60, 150),
    "culture": (100, 220),
    "disability": (3, 8),
    "leifeng": (100, 200),
    "porridge": (300, 600),
    "banquet": (150, 300),
}
SERVICE_ROOM = "社区服务中心"


@dataclass(frozen=True)
class Upcoming:
    """An activity 城南社区 is recruiting for: `days` ahead at the least, then to `weekday`."""

    kind: str  # a key of volunteering.demo.KIND: the organising team and the kind of activity
    title: str
    days: int
    weekday: int
    start: str
    end: str
    places: int
    fill: float  # share of the places taken already
    skills: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    place: str = ""  # a compound's name, else a place in words
    waitlist: int = 0
    pending: int = 0
    requires_approval: bool = False
    team_only: bool = False
    description: str = ""
    cancel: str = ""  # the reason, for the one cancelled through the service
    volunteer_signs_up: bool = False  # the demo volunteer has a place


CHENGNAN_UPCOMING = (
    Upcoming(
        "clinic",
        "义诊：冬季慢性病健康体检和用药咨询",
        5,
        5,
        "8:30",
        "11:30",
        12,
        0.5,
        ("doctor", "nurse", "first-aid"),
        ("柘荣县卫健局", "仙屏山药业有限公司"),
        SERVICE_ROOM,
        description="为老年人量血压、测血糖，讲解冬季慢性病用药和防跌倒知识。需要医生、护士和持急救证的志愿者。",
    ),
    Upcoming(
        "cleanup",
        "环境卫生整治：清理楼道杂物和小广告",
        5,
        6,
        "8:00",
        "10:30",
        40,
        0.55,
        place="锦绣小区",
        description="分楼栋清理楼道堆放的杂物和墙上的小广告。手套、夹子和垃圾袋由社区准备。",
        volunteer_signs_up=True,
    ),
    Upcoming(
        "elderly",
        "助老爱老：上门看望独居老人，陪伴聊天、心理疏导",
        7,
        1,
        "9:00",
        "11:00",
        10,
        0.4,
        ("counsellor", "social-worker"),
        ("柘荣县邻里社会工作服务中心",),
        description="两人一组上门看望独居老人，陪老人聊天，留意老人的情绪和身体变化。欢迎有心理咨询、社会工作经验的志愿者。",
    ),
    Upcoming(
        "culture",
        "文化活动：小区文艺演出，布置场地和维持秩序",
        8,
        4,
        "19:00",
        "21:00",
        20,
        0.5,
        place="社区文化广场",
        cancel="社区文化广场地面维修，演出改期，新的日期另行通知。",
    ),
    Upcoming(
        "startup",
        "创业指导：创业担保贷款政策讲解和创业计划辅导",
        9,
        3,
        "14:30",
        "16:30",
        6,
        0.34,
        ("computer",),
        ("柘荣县人社局",),
        SERVICE_ROOM,
        pending=2,
        requires_approval=True,
        description="县人社局讲解创业担保贷款政策，志愿者一对一帮助返乡青年梳理创业计划。报名需队长审核。",
    ),
    Upcoming(
        "disability",
        "助残服务：上门为行动不便的老人理发",
        10,
        4,
        "14:30",
        "16:30",
        6,
        0.5,
        ("haircut",),
        ("柘荣县邻里社会工作服务中心",),
        team_only=True,
    ),
    Upcoming(
        "legal",
        "法制宣传：防范养老诈骗进小区",
        12,
        5,
        "9:00",
        "11:00",
        8,
        0.5,
        ("lawyer",),
        ("柘荣县司法局",),
        "锦绣小区平安小区工作站",
        description="用真实案例讲解“以房养老”“保健品”等养老诈骗的套路，现场解答居民的法律问题。",
    ),
    Upcoming(
        "reading",
        "少儿科普阅读：冬季科学小实验",
        12,
        6,
        "9:00",
        "11:00",
        6,
        1.0,
        ("teacher",),
        ("柘荣县妇联",),
        "锦绣小区平安小区工作站",
        waitlist=2,
        description="带小学生做几个安全的科学小实验，再一起读科普绘本。",
    ),
    Upcoming(
        "hardship",
        "帮扶困难家庭：入户走访，送米送油",
        15,
        2,
        "9:00",
        "11:30",
        8,
        0.5,
        ("social-worker", "counsellor"),
        ("柘荣仙屏村镇银行", "柘荣县妇联"),
        description="入户走访低保户和困难家庭，送米送油，了解生活困难；对有需要的家庭做心理疏导。",
    ),
    Upcoming(
        "banquet",
        "睦邻百家宴：布置场地、帮厨、引导老人入座",
        19,
        5,
        "15:00",
        "20:00",
        60,
        0.7,
        ("cooking", "photography"),
        ("柘荣仙屏村镇银行", "柘荣县邻里社会工作服务中心"),
        "锦绣小区",
        description="各家端来拿手菜，志愿者帮厨、摆桌、引导老人入座，独居和高龄老人请到主桌。",
    ),
    Upcoming(
        "civility",
        "文明劝导：宣传垃圾分类，指导居民分类投放",
        26,
        5,
        "16:30",
        "18:30",
        16,
        0.4,
        # A second place weeks ahead: the demo volunteer has upcoming sign-ups whatever the hour.
        volunteer_signs_up=True,
    ),
    # 腊八节: moved to the festival's date below when it falls within ten weeks.
    Upcoming(
        "porridge",
        "腊八节赠粥：熬制腊八粥，向居民和环卫工人分发",
        33,
        6,
        "6:30",
        "10:30",
        40,
        0.3,
        ("cooking",),
        ("柘荣县妇联",),
        SERVICE_ROOM,
    ),
)
# The summaries 城南 has published, by the ledger's kind of event: the newest of each kind.
STORIES = {
    "clinic": (
        "这次义诊在社区服务中心开了一上午。县医院的医生和社区的护士志愿者为老人量血压、测血糖，"
        "讲解慢性病用药；一位独居老人的血压偏高，志愿者当场联系了他的女儿，约好第二天陪他去医院复查。"
        "不少老人说，在家门口就能看病，心里踏实。"
    ),
    "porridge": (
        "腊八节一早，巾帼志愿者六点半就在社区服务中心支起大锅，熬了满满几锅腊八粥。"
        "粥先送到了环卫工人手里，再分给排队的居民；行动不便的老人家里，由志愿者提着保温桶送上门。"
    ),
    "banquet": (
        "睦邻百家宴摆在锦绣小区的空地上，各家端来拿手菜，志愿者帮厨、摆桌、引导老人入座。"
        "独居老人被请到了主桌，几位做了多年邻居的老人第一次坐在一起吃饭。大家说：菜是各家的，味道是一家的。"
    ),
}
PATROL_TODAY = "治安巡逻：消防通道和电动车充电点专项检查"


# --- writing rows in batches, primary keys given ------------------------------------------------


class _Table:
    """Rows of one model written in batches (INSERT on SQLite, COPY on PostgreSQL), every column given.

    As volunteering.demo's writer, with the primary key given when `pk` is true: an activity's
    sign-ups name it without reading it back. Call reset_sequences() before the ORM inserts again.
    """

    def __init__(self, model: type[models.Model], *, pk: bool):
        self.fields = [f for f in model._meta.concrete_fields if pk or not f.primary_key]
        self.table = model._meta.db_table
        # SQLite stores dates and times as text (datetimes in UTC), as its backend adapts them;
        # PostgreSQL's COPY takes them as they are. Field.get_db_prep_save does the same, at a
        # cost that shows over a million sign-ups.
        temporal = models.DateField | models.TimeField | models.DateTimeField
        self.columns = [
            (f.attname, None if f.primary_key else f.get_default(), isinstance(f, temporal)) for f in self.fields
        ]
        self.as_text = connection.vendor == "sqlite"
        self.rows: list[tuple] = []
        self.count = 0

    def add(self, **values: Any) -> None:
        row = []
        for name, default, temporal in self.columns:
            value = values.get(name, default)
            if temporal and self.as_text and value is not None:
                if isinstance(value, dt.datetime):
                    value = value.astimezone(dt.UTC).replace(tzinfo=None)
                value = str(value)
            row.append(value)
        self.rows.append(tuple(row))
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        qn = connection.ops.quote_name
        columns = ", ".join(qn(f.column) for f in self.fields)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {qn(self.table)} ({columns}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.fields))
                # Names from the model's meta, values as parameters.
                cursor.executemany(f"INSERT INTO {qn(self.table)} ({columns}) VALUES ({marks})", self.rows)  # noqa: S608
        self.count += len(self.rows)
        self.rows = []


def reset_sequences() -> None:
    """After rows written with their primary keys: the next ORM insert must not take one of them."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Activity, SignUp]):
            cursor.execute(sql)


def next_pk(model: type[models.Model]) -> int:
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


# --- the plan of one community, built in memory before anything is written ------------------------


@dataclass
class _SignUp:
    volunteer_id: int
    status: str
    created_at: dt.datetime
    checked_in_at: dt.datetime | None = None
    checked_out_at: dt.datetime | None = None
    no_show: bool = False
    record_id: int | None = None


@dataclass
class _Activity:
    key: str  # the ledger's kind of event
    title: str
    team: Team | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    places: int
    signup_deadline: dt.datetime
    created_at: dt.datetime
    created_by_id: int
    eligibility: str = Activity.Eligibility.ANYONE
    requires_approval: bool = False
    place_id: int | None = None
    place_text: str = ""
    description: str = ""
    target: str = ""
    series_id: int | None = None
    skills: list[int] = field(default_factory=list)
    partners: list[int] = field(default_factory=list)
    signups: list[_SignUp] = field(default_factory=list)
    residents: list[int] = field(default_factory=list)
    households: list[int] = field(default_factory=list)
    residents_served: int = 0
    spec: Upcoming | None = None
    pk: int | None = None


class _Pool:
    """Volunteers in order of joining (the community, or a team), to draw those who had joined by a day."""

    def __init__(self, pairs: Iterable[tuple[dt.date, int]]):
        ordered = sorted(pairs)
        self.joined = [day for day, _pk in ordered]
        self.members = [pk for _day, pk in ordered]

    def draw(self, rng: random.Random, day: dt.date, count: int, taken: set[int]) -> list[int]:
        available = bisect.bisect_right(self.joined, day)
        chosen: list[int] = []
        for _ in range(4 * count):
            if len(chosen) >= count or not available:
                break
            pk = self.members[rng.randrange(available)]
            if pk not in taken:
                taken.add(pk)
                chosen.append(pk)
        return chosen


@dataclass
class _Community:
    unit: OrgUnit
    staff_id: int
    teams: dict[str, Team]  # volunteering.demo's team keys
    everyone: _Pool
    pools: dict[int, _Pool]  # team pk -> its active members
    compounds: dict[str, int]  # name -> pk
    partners: dict[str, int]  # name -> pk, the partner units co-building with this community
    logins: dict[str, User] = field(default_factory=dict)  # "leader", "volunteer", "staff" here
    login_volunteers: dict[str, int] = field(default_factory=dict)  # "leader", "volunteer" -> volunteer pk
    keen_skills: list[int] = field(default_factory=list)  # the demo volunteer's
    elderly: list[int] = field(default_factory=list)  # residents aged 60 and over
    alone: list[int] = field(default_factory=list)  # households of elderly people alone or empty-nest
    hardship: list[int] = field(default_factory=list)  # households in hardship or on minimum income
    disabled: list[int] = field(default_factory=list)  # residents with a disability


def load(*, preset: str, seed: int, log: Callable[[str], None] = lambda line: None) -> Counter:
    """Add activities to every community the volunteering part built; return what was written."""
    loader = _Loader(preset=preset, seed=seed)
    for unit in OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNITY).order_by("pk"):
        with transaction.atomic():
            loader.community(unit)
        done = loader.communities
        if preset == "county" and done % 10 == 0:
            log(
                f"  activities: {done} communities, {loader.counts['activities']:,} activities,"
                f" {loader.counts['sign_ups']:,} sign-ups, {time.monotonic() - loader.started:.0f} s"
            )
    return loader.counts


class _Loader:
    def __init__(self, *, preset: str, seed: int):
        # A generator of its own: the registry's and the ledger's people stay the same with or without this.
        self.rng = random.Random(f"linli-activities-{seed}")
        self.today = timezone.localdate()
        self.tz = timezone.get_current_timezone()
        # The start of today: what is older has happened (the ledger runs to yesterday). Not the
        # clock's now, so that a load is the same all day.
        self.midnight = dt.datetime.combine(self.today, dt.time.min, tzinfo=self.tz)
        self.since = self.today - dt.timedelta(days=round(365.25 * YEARS.get(preset, 1)))
        self.series_from = self.today - dt.timedelta(weeks=SERIES_WEEKS)
        self.series_to = self.today + dt.timedelta(weeks=SERIES_WEEKS) - dt.timedelta(days=1)
        self.skills = dict(Skill.objects.filter(community__isnull=True).values_list("code", "pk"))
        self.users = {u.username: u for u in User.objects.filter(username__in=("staff", "leader", "volunteer"))}
        self.team_keys = {spec.name: spec.key for spec in CHENGNAN_TEAMS}
        self.kind_of_content = {content: kind.key for kind in KINDS for content in kind.contents}
        self.counts: Counter = Counter()
        self.communities = 0
        self.started = time.monotonic()

    def at(self, day: dt.date, moment: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, moment, tzinfo=self.tz)

    # --- one community ----------------------------------------------------------------------------

    def community(self, unit: OrgUnit) -> None:
        c = self.context(unit)
        plans = self.past(c)
        plans += self.patrols(c)
        plans += self.upcoming(c)
        self.beneficiaries(c, plans)
        self.write(c, plans)
        record_event(
            by=None,
            action="activities.demo.load",
            obj=unit,
            community_id=unit.pk,
            county_id=unit.county_id,
            details={"activities": len(plans), "sign_ups": sum(len(p.signups) for p in plans)},
        )
        if c.logins:
            self.through_services(c, plans)
        self.communities += 1

    def context(self, unit: OrgUnit) -> _Community:
        teams = {self.team_keys[t.name]: t for t in Team.objects.filter(community=unit) if t.name in self.team_keys}
        volunteers = list(
            Volunteer.objects.filter(community=unit, status=Volunteer.Status.ACTIVE).values_list(
                "pk", "registered_at", "user_id"
            )
        )
        members: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
        for team_id, volunteer_id, decided_at in TeamMembership.objects.filter(
            team__community=unit, status=TeamMembership.Status.ACTIVE, volunteer__status=Volunteer.Status.ACTIVE
        ).values_list("team_id", "volunteer_id", "decided_at"):
            members[team_id].append((timezone.localdate(decided_at), volunteer_id))
        staff = (
            User.objects.filter(memberships__org_unit=unit, memberships__role=Role.COMMUNITY_STAFF)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        c = _Community(
            unit=unit,
            staff_id=staff,
            teams=teams,
            everyone=_Pool((timezone.localdate(at), pk) for pk, at, _user in volunteers),
            pools={team.pk: _Pool(members[team.pk]) for team in teams.values()},
            compounds=dict(
                OrgUnit.objects.filter(community=unit, kind=OrgUnit.Kind.COMPOUND).values_list("name", "pk")
            ),
            partners=dict(PartnerUnit.objects.filter(communities=unit).values_list("name", "pk")),
        )
        by_user = {user_id: pk for pk, _at, user_id in volunteers if user_id}
        for name, user in self.users.items():
            if name == "staff" and user.pk == staff:
                c.logins[name] = user
            elif user.pk in by_user:
                c.logins[name] = user
                c.login_volunteers[name] = by_user[user.pk]
        if keen := c.login_volunteers.get("volunteer"):
            through = Volunteer.skills.through.objects.filter(volunteer_id=keen).order_by("skill_id")
            c.keen_skills = list(through.values_list("skill_id", flat=True))
        born_by = self.today.replace(year=self.today.year - 60)
        residents = Resident.objects.filter(community=unit, status=Resident.Status.ACTIVE)
        c.elderly = list(residents.filter(birth_date__lte=born_by).order_by("pk").values_list("pk", flat=True))
        c.disabled = list(residents.filter(tags__code="disability").order_by("pk").values_list("pk", flat=True))
        households = Household.objects.filter(community=unit).order_by("pk")
        c.alone = list(
            households.filter(tags__code__in=["elderly-alone", "empty-nest"]).distinct().values_list("pk", flat=True)
        )
        c.hardship = list(
            households.filter(tags__code__in=["hardship", "low-income"]).distinct().values_list("pk", flat=True)
        )
        return c

    def team_for(self, c: _Community, key: str) -> Team | None:
        """The team the ledger credits with an event of this kind (volunteering.demo.ledger's rule)."""
        team_key = KIND[key].team if KIND[key].team in c.teams else FALLBACK.get(KIND[key].team)
        return c.teams.get(team_key) if team_key else None

    def pool_for(self, c: _Community, key: str, team: Team | None) -> _Pool:
        return c.everyone if KIND[key].open or team is None else c.pools[team.pk]

    def place_of(self, c: _Community, text: str) -> dict[str, Any]:
        """A compound named in the ledger is the activity's place; check-out writes its name back."""
        if text in c.compounds:
            return {"place_id": c.compounds[text], "place_text": ""}
        return {"place_id": None, "place_text": text}

    def extras(self, c: _Community, key: str) -> dict[str, Any]:
        rng = self.rng
        partners = [c.partners[name] for name in PARTNERS.get(key, ()) if name in c.partners]
        return {
            "skills": [self.skills[code] for code in SKILLS.get(key, ()) if code in self.skills],
            "partners": [pk for pk in partners if rng.random() < 0.6],
        }

    # --- the past: the ledger's events --------------------------------------------------------------

    def past(self, c: _Community) -> list[_Activity]:
        """One activity per ledger event since `since`, its entries checked-out sign-ups."""
        rng = self.rng
        events = [content for kind in KINDS if kind.key not in ROUTINE for content in kind.contents]
        rows = (
            ServiceRecord.objects.filter(
                community=c.unit, kind=ServiceRecord.Kind.SERVICE, served_on__gte=self.since, content__in=events
            )
            .order_by("served_on", "start_time", "content", "place", "pk")
            .values_list(
                "pk", "volunteer_id", "served_on", "start_time", "end_time", "content", "place", "recorded_by_id"
            )
        )
        groups: dict[tuple, list[tuple]] = defaultdict(list)
        for row in rows.iterator(chunk_size=5000):
            groups[(row[2], row[3], row[5], row[6])].append(row)
        plans = []
        for (day, start, content, place), entries in groups.items():
            key = self.kind_of_content[content]
            team = self.team_for(c, key)
            end = max(row[4] for row in entries)
            starts_at, ends_at = self.at(day, start), self.at(day, end)
            created = starts_at - dt.timedelta(days=rng.randint(7, 21), hours=rng.randint(0, 8))
            plan = _Activity(
                key=key,
                title=content,
                team=team,
                starts_at=starts_at,
                ends_at=ends_at,
                places=0,
                signup_deadline=starts_at - dt.timedelta(days=1),
                created_at=created,
                created_by_id=entries[0][7],
                eligibility=Activity.Eligibility.TEAM
                if team is not None and not KIND[key].open
                else Activity.Eligibility.ANYONE,
                target=TARGETS.get(key, ""),
                **self.place_of(c, place),
                **self.extras(c, key),
            )
            plan.signups = [
                self.checked_out(plan, volunteer_id, record_id, ended)
                for record_id, volunteer_id, _day, _start, ended, *_rest in entries
            ]
            self.around(c, plan, taken={s.volunteer_id for s in plan.signups} | set(c.login_volunteers.values()))
            plans.append(plan)
        return plans

    def checked_out(self, plan: _Activity, volunteer_id: int, record_id: int, ended: dt.time) -> _SignUp:
        """A sign-up whose check-in and check-out give exactly the ledger entry's hours."""
        rng = self.rng
        end = self.at(plan.starts_at.astimezone(self.tz).date(), ended)
        return _SignUp(
            volunteer_id=volunteer_id,
            status=SignUp.Status.CONFIRMED,
            created_at=self.signed_up_at(plan),
            checked_in_at=plan.starts_at - dt.timedelta(minutes=rng.randint(0, 15)),
            # Hours run to the end of the activity at most: staying on a few minutes adds none.
            checked_out_at=end + dt.timedelta(minutes=rng.randint(1, 10)) if end >= plan.ends_at else end,
            record_id=record_id,
        )

    def signed_up_at(self, plan: _Activity, *, late: bool = False) -> dt.datetime:
        """A moment between publishing and the deadline; `late` ones after the places had gone."""
        window = (plan.signup_deadline - plan.created_at).total_seconds()
        share = self.rng.uniform(0.8, 0.99) if late else self.rng.uniform(0.02, 0.78)
        return plan.created_at + dt.timedelta(seconds=round(window * share))

    def around(self, c: _Community, plan: _Activity, *, taken: set[int], places: int | None = None) -> None:
        """No-shows and cancelled sign-ups, and on some full activities a waitlist that never got in.

        `places` fixed (a series' occurrences have the series' number) means no waitlist unless full."""
        rng = self.rng
        pool = self.pool_for(c, plan.key, plan.team)
        day = (plan.created_at + dt.timedelta(days=1)).date()
        came = len(plan.signups)
        missing = rng.randint(1, max(1, came // 10)) if rng.random() < 0.35 else 0
        for pk in pool.draw(rng, day, missing, taken):
            plan.signups.append(_SignUp(pk, SignUp.Status.CONFIRMED, self.signed_up_at(plan), no_show=True))
        confirmed = sum(s.status == SignUp.Status.CONFIRMED for s in plan.signups)
        if places is not None:
            plan.places = max(places, confirmed)
        elif rng.random() < 0.12:
            plan.places = max(1, confirmed)
            for pk in pool.draw(rng, day, rng.randint(1, 3), taken):
                plan.signups.append(_SignUp(pk, SignUp.Status.WAITLISTED, self.signed_up_at(plan, late=True)))
        else:
            plan.places = max(1, confirmed + rng.randint(0, max(2, confirmed // 4)))
            if rng.random() < 0.5:
                for pk in pool.draw(rng, day, rng.randint(1, max(2, came // 10)), taken):
                    plan.signups.append(_SignUp(pk, SignUp.Status.CANCELLED, self.signed_up_at(plan)))

    # --- the patrol series ------------------------------------------------------------------------

    def patrols(self, c: _Community) -> list[_Activity]:
        """The patrol team's Wednesday and Saturday patrols as one series, the past ones from the ledger."""
        team = c.teams.get("patrol")
        if team is None:
            return []
        rng = self.rng
        kind = KIND["patrol"]
        content, (start, end) = kind.contents[0], kind.slots[0]
        leader = c.logins.get("leader")
        created_by = leader.pk if leader else c.staff_id
        # Occurrences copy the series' title, and check-out writes the title into the ledger.
        series = ActivitySeries.objects.create(
            county_id=c.unit.county_id,
            community=c.unit,
            title=content,
            weekdays=ActivitySeries.weekday_bits(PATROL_WEEKDAYS),
            start_time=start,
            end_time=end,
            first_date=self.series_from,
            last_date=self.series_to,
            created_by_id=created_by,
        )
        self.counts["activity_series"] += 1
        rows = (
            ServiceRecord.objects.filter(
                community=c.unit,
                kind=ServiceRecord.Kind.SERVICE,
                content=content,
                served_on__gte=self.series_from,
                start_time=start,
            )
            .order_by("served_on", "pk")
            .values_list("pk", "volunteer_id", "served_on", "end_time", "place", "recorded_by_id")
        )
        ledger: dict[dt.date, list[tuple]] = defaultdict(list)
        for row in rows:
            ledger[row[2]].append(row)
        created = self.at(self.series_from - dt.timedelta(days=7), dt.time(10))
        compounds = sorted(c.compounds) or [SERVICE_ROOM]
        # The leader's next patrol, when it is today or tomorrow, has the demo volunteer to check in.
        soon = [d for d in (self.today, self.today + dt.timedelta(days=1)) if d.weekday() in PATROL_WEEKDAYS]
        keen = c.login_volunteers.get("volunteer")
        plans = []
        day = self.series_from
        while day <= self.series_to:
            if day.weekday() not in PATROL_WEEKDAYS:
                day += dt.timedelta(days=1)
                continue
            entries = ledger.get(day, []) if day < self.today else []
            starts_at = self.at(day, start)
            plan = _Activity(
                key="patrol",
                title=content,
                team=team,
                starts_at=starts_at,
                ends_at=self.at(day, end),
                places=PATROL_PLACES,
                signup_deadline=starts_at - dt.timedelta(hours=2),
                created_at=created,
                created_by_id=entries[0][5] if entries else created_by,
                eligibility=Activity.Eligibility.TEAM,
                series_id=series.pk,
                target=TARGETS["patrol"],
                **self.place_of(c, entries[0][4] if entries else rng.choice(compounds)),
            )
            plan.signups = [self.checked_out(plan, row[1], row[0], row[3]) for row in entries]
            taken = {s.volunteer_id for s in plan.signups} | set(c.login_volunteers.values())
            if day < self.today:
                self.around(c, plan, taken=taken, places=PATROL_PLACES)
            else:
                first = [keen] if keen and soon and day == soon[0] else []
                self.recruit(c, plan, fill=rng.uniform(0.5, 0.9), taken=taken, first=first)
            plans.append(plan)
            day += dt.timedelta(days=1)
        return plans

    # --- recruiting now ---------------------------------------------------------------------------

    def upcoming(self, c: _Community) -> list[_Activity]:
        if c.logins:
            plans = [self.planned(c, spec) for spec in CHENGNAN_UPCOMING]
            asked = {pk for plan in plans for pk in plan.skills}
            if c.keen_skills and not asked & set(c.keen_skills):
                # Whatever skills the seed gave the demo volunteer, an activity asks for one of them.
                next(p for p in plans if p.key == "elderly").skills.append(c.keen_skills[0])
            extra = self.leader_patrol(c)
            return [*plans, extra] if extra else plans
        return [self.generic(c) for _ in range(GENERIC_UPCOMING)]

    def day_for(self, days: int, weekday: int) -> dt.date:
        day = self.today + dt.timedelta(days=days)
        return day + dt.timedelta(days=(weekday - day.weekday()) % 7)

    def planned(self, c: _Community, spec: Upcoming) -> _Activity:
        """One of 城南's upcoming activities; some ask for the demo volunteer's skills."""
        day = self.day_for(spec.days, spec.weekday)
        if spec.kind == "porridge":
            laba = [d for year in (self.today.year, self.today.year + 1) for d in LABA.get(year, ())]
            day = next((d for d in laba if 2 <= (d - self.today).days <= 70), day)
        starts_at = self.at(day, hm(spec.start))
        team = self.team_for(c, spec.kind)
        skills = [self.skills[code] for code in spec.skills if code in self.skills]
        plan = _Activity(
            key=spec.kind,
            title=spec.title,
            team=team,
            starts_at=starts_at,
            ends_at=self.at(day, hm(spec.end)),
            places=spec.places,
            signup_deadline=starts_at - dt.timedelta(days=1),
            created_at=self.at(self.today - dt.timedelta(days=self.rng.randint(2, 6)), dt.time(9, 30)),
            created_by_id=c.staff_id,
            eligibility=Activity.Eligibility.TEAM if spec.team_only and team else Activity.Eligibility.ANYONE,
            requires_approval=spec.requires_approval,
            description=spec.description,
            target=TARGETS.get(spec.kind, ""),
            skills=skills,
            partners=[c.partners[name] for name in spec.partners if name in c.partners],
            spec=spec,
            **self.place_of(c, spec.place or self.rng.choice(sorted(c.compounds) or [SERVICE_ROOM])),
        )
        keen = c.login_volunteers.get("volunteer")
        first = [keen] if keen and spec.volunteer_signs_up else []
        taken = set(c.login_volunteers.values())
        self.recruit(c, plan, fill=spec.fill, taken=taken, waitlist=spec.waitlist, pending=spec.pending, first=first)
        return plan

    def leader_patrol(self, c: _Community) -> _Activity | None:
        """A patrol tomorrow when the series has none today or tomorrow: the leader checks people in."""
        leader, keen = c.login_volunteers.get("leader"), c.login_volunteers.get("volunteer")
        team = c.teams.get("patrol")
        soon = (self.today, self.today + dt.timedelta(days=1))
        if team is None or leader is None or any(d.weekday() in PATROL_WEEKDAYS for d in soon):
            return None
        day = soon[1]
        starts_at = self.at(day, dt.time(19))
        plan = _Activity(
            key="patrol",
            title=PATROL_TODAY,
            team=team,
            starts_at=starts_at,
            ends_at=self.at(day, dt.time(21)),
            places=8,
            signup_deadline=starts_at - dt.timedelta(hours=2),
            created_at=self.at(self.today - dt.timedelta(days=3), dt.time(20)),
            created_by_id=c.logins["leader"].pk,
            eligibility=Activity.Eligibility.TEAM,
            target=TARGETS["patrol"],
            **self.place_of(c, "锦绣小区" if "锦绣小区" in c.compounds else SERVICE_ROOM),
        )
        self.recruit(c, plan, fill=0.75, taken=set(c.login_volunteers.values()), first=[keen] if keen else [])
        return plan

    def generic(self, c: _Community) -> _Activity:
        """An activity recruiting in another community: a kind of the ledger's, in the next six weeks."""
        rng = self.rng
        kind = rng.choices([k for k in KINDS if k.weight], [k.weight for k in KINDS if k.weight])[0]
        day = self.today + dt.timedelta(days=rng.randint(2, 42))
        if day.weekday() < 5 and rng.random() < 0.5:
            day += dt.timedelta(days=5 - day.weekday())
        start, end = rng.choice(kind.slots)
        starts_at = self.at(day, start)
        team = self.team_for(c, kind.key)
        place = rng.choice(kind.places).format(compound=rng.choice(sorted(c.compounds) or [SERVICE_ROOM]))
        plan = _Activity(
            key=kind.key,
            title=rng.choice(kind.contents),
            team=team,
            starts_at=starts_at,
            ends_at=self.at(day, end),
            places=max(2, round(rng.randint(*kind.size) * 1.4)),
            signup_deadline=starts_at - dt.timedelta(days=1),
            created_at=self.at(self.today - dt.timedelta(days=rng.randint(1, 14)), dt.time(9, 30)),
            created_by_id=c.staff_id,
            eligibility=Activity.Eligibility.TEAM
            if team is not None and not kind.open and rng.random() < 0.5
            else Activity.Eligibility.ANYONE,
            target=TARGETS.get(kind.key, ""),
            **self.place_of(c, place),
            **self.extras(c, kind.key),
        )
        full = rng.random() < 0.1
        self.recruit(c, plan, fill=1.0 if full else rng.uniform(0.1, 0.9), taken=set(), waitlist=2 if full else 0)
        return plan

    def recruit(
        self,
        c: _Community,
        plan: _Activity,
        *,
        fill: float,
        taken: set[int],
        waitlist: int = 0,
        pending: int = 0,
        first: Iterable[int] = (),
    ) -> None:
        """Sign-ups so far: confirmed up to `fill` of the places, then a waitlist, or some awaiting approval."""
        rng = self.rng
        pool = c.everyone if plan.eligibility == Activity.Eligibility.ANYONE else c.pools[plan.team.pk]
        first = list(first)
        taken.update(first)
        chosen = [*first, *pool.draw(rng, self.today, round(plan.places * fill) - len(first), taken)]
        cap = min(self.midnight, plan.signup_deadline)
        span = cap - plan.created_at
        # Leaders accepted the earlier requests of an activity that needs approval: they are confirmed.
        for pk in chosen[: plan.places]:
            plan.signups.append(_SignUp(pk, SignUp.Status.CONFIRMED, plan.created_at + span * rng.uniform(0.05, 0.8)))
        for pk in pool.draw(rng, self.today, pending, taken):
            plan.signups.append(_SignUp(pk, SignUp.Status.PENDING, plan.created_at + span * 0.9))
        if waitlist and len(chosen) >= plan.places:
            for pk in pool.draw(rng, self.today, waitlist, taken):
                plan.signups.append(_SignUp(pk, SignUp.Status.WAITLISTED, plan.created_at + span * 0.95))

    # --- residents served -------------------------------------------------------------------------

    def beneficiaries(self, c: _Community, plans: list[_Activity]) -> None:
        """Linked for the last year's activities of the kinds that serve known people, counted for the rest."""
        rng = self.rng
        recent = self.midnight - dt.timedelta(days=LINK_DAYS)
        for plan in plans:
            if plan.ends_at > self.midnight or plan.key in ROUTINE:
                continue
            linked = plan.starts_at >= recent
            if linked and plan.key == "clinic" and c.elderly:
                plan.residents = rng.sample(c.elderly, min(len(c.elderly), rng.randint(15, 40)))
            elif linked and plan.key == "disability" and c.disabled:
                plan.residents = rng.sample(c.disabled, min(len(c.disabled), rng.randint(2, 5)))
            elif linked and plan.key == "elderly" and c.alone:
                plan.households = rng.sample(c.alone, min(len(c.alone), rng.randint(3, 8)))
            elif linked and plan.key == "hardship" and c.hardship:
                plan.households = rng.sample(c.hardship, min(len(c.hardship), rng.randint(3, 8)))
            elif plan.key in SERVED:
                plan.residents_served = rng.randint(*SERVED[plan.key])

    # --- writing ----------------------------------------------------------------------------------

    def write(self, c: _Community, plans: list[_Activity]) -> None:
        plans.sort(key=lambda p: (p.starts_at, p.title))
        activities = _Table(Activity, pk=True)
        signups = _Table(SignUp, pk=True)
        partners = _Table(Activity.partner_units.through, pk=False)
        skills = _Table(Activity.required_skills.through, pk=False)
        served = _Table(ActivityBeneficiary, pk=False)
        activity_pk, signup_pk = next_pk(Activity), next_pk(SignUp)
        first_activity = activity_pk
        for plan in plans:
            plan.pk = activity_pk
            activity_pk += 1
            plan.signups.sort(key=lambda s: s.created_at)
            kind, custom = KIND_OF[plan.key]
            activities.add(
                id=plan.pk,
                county_id=c.unit.county_id,
                community_id=c.unit.pk,
                title=plan.title,
                kind=kind,
                custom_kind=custom,
                team_id=plan.team.pk if plan.team else None,
                place_id=plan.place_id,
                place_text=plan.place_text,
                starts_at=plan.starts_at,
                ends_at=plan.ends_at,
                places=plan.places,
                signup_deadline=plan.signup_deadline,
                eligibility=plan.eligibility,
                requires_approval=plan.requires_approval,
                target=plan.target,
                description=plan.description,
                status=Activity.Status.PUBLISHED,
                series_id=plan.series_id,
                confirmed_count=sum(s.status == SignUp.Status.CONFIRMED for s in plan.signups),
                residents_served=plan.residents_served,
                created_by_id=plan.created_by_id,
                created_at=plan.created_at,
            )
            for pk in plan.partners:
                partners.add(activity_id=plan.pk, partnerunit_id=pk)
            for pk in plan.skills:
                skills.add(activity_id=plan.pk, skill_id=pk)
            for resident_id in plan.residents:
                served.add(activity_id=plan.pk, resident_id=resident_id)
            for household_id in plan.households:
                served.add(activity_id=plan.pk, household_id=household_id)
        activities.flush()  # the sign-ups' foreign keys are checked against it on PostgreSQL
        for plan in plans:
            for s in plan.signups:
                signups.add(
                    id=signup_pk,
                    activity_id=plan.pk,
                    volunteer_id=s.volunteer_id,
                    status=s.status,
                    created_at=s.created_at,
                    checked_in_at=s.checked_in_at,
                    checked_out_at=s.checked_out_at,
                    no_show=s.no_show,
                    record_id=s.record_id,
                )
                signup_pk += 1
        for table in (signups, partners, skills, served):
            table.flush()
        reset_sequences()
        # The ledger's entries point back at their activity, as check_out writes them.
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE volunteering_servicerecord SET activity_id = ("
                " SELECT s.activity_id FROM activities_signup s WHERE s.record_id = volunteering_servicerecord.id)"
                " WHERE id IN (SELECT record_id FROM activities_signup"
                " WHERE activity_id >= %s AND activity_id < %s AND record_id IS NOT NULL)",
                [first_activity, activity_pk],
            )
            linked = cursor.rowcount
        self.counts["activities"] += activities.count
        self.counts["sign_ups"] += signups.count
        self.counts["residents_served_links"] += served.count
        self.counts["service_records_linked"] += linked

    # --- the few things done through the services, so their audit rows exist -----------------------

    def through_services(self, c: _Community, plans: list[_Activity]) -> None:
        staff = c.logins.get("staff") or User.objects.get(pk=c.staff_id)
        for plan in plans:
            if plan.spec is not None and plan.spec.cancel:
                services.cancel_activity(by=staff, activity=Activity.objects.get(pk=plan.pk), reason=plan.spec.cancel)
        # The newest finished activity of each kind with a story; its numbers are on the public page.
        done = [p for p in plans if p.ends_at < self.midnight]
        for key, story in STORIES.items():
            plan = max((p for p in done if p.key == key), key=lambda p: p.starts_at, default=None)
            if plan is not None:
                services.publish_summary(
                    by=staff, activity=Activity.objects.get(pk=plan.pk), story=story, published=True
                )
