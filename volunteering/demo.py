"""The volunteering part of the demo, built on the registry part (registry.demo calls `load` last).

城南社区 has the teams of the news report (在职党员, 巾帼 with its four sub-teams 娘家人/文化/
文明/助困, 治安巡逻, 青年, 帮困助残, 法律宣传) and 1,000+ registered volunteers, most of them
residents linked by ID number; every other community has the six top-level teams and fewer
volunteers. Since 2018 each community has held 50-80 activities a year (free clinics, clean-ups,
elderly help, the neighbourhood banquet, festival porridge, ...), and as routine the patrol
team's two evening patrols and the 娘家人 team's visits to elderly people living alone every week.

Volunteers, memberships, records and star levels are written in bulk with exactly the columns the
services write (PII encrypted, hashed and masked; numbers from the community's sequence; records
pass through notice to recorded on the dates close_notices would have recorded them), and one
audit row per community records the bulk load. A few things go through the services so they have
their own audit rows: the patrol leader named, join requests, self sign-ups waiting for approval,
a correction and a correction request, certificates. Deterministic for a seed and a day: the
ledger runs up to yesterday, and the last few days' entries are still on public notice.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import grant_role
from core import chain, pii
from core.audit import record_event
from core.idcard import make_id_number
from core.roles import Role
from registry.demo_names import People
from registry.models import OrgUnit, PartyMember, Resident
from volunteering import ledger, services
from volunteering.models import (
    LEDGER,
    Certificate,
    ServiceRecord,
    Skill,
    StarLevel,
    Team,
    TeamMembership,
    Volunteer,
    VolunteeringSettings,
)

START = dt.date(2018, 1, 1)  # the ledger starts with the year the report counts from
# Share of the community's adult residents who are registered volunteers: 城南 has 1,000+ of
# ~3,800 adults; elsewhere ~270 of ~1,900, so the county preset holds about 30,000 volunteers.
CHENGNAN_RATE, OTHER_RATE = 0.26, 0.143
NON_RESIDENT_SHARE = 0.08  # volunteers who work here but live elsewhere: no resident record
# Regions no demo resident is born in, so a non-resident volunteer's ID number never repeats one.
NON_RESIDENT_REGIONS = ("350103", "350104", "350105", "350121", "350181", "350923", "330327")
# Activity sizes are for a community of ~280 volunteers; SIZE_FACTOR brings the county preset to
# about 2,000,000 service records.
TYPICAL_VOLUNTEERS = 280
SIZE_FACTOR = 1.4
CORE_FACTOR = 25  # a team's core members come to nearly every one of its activities
BATCH = 5000  # rows a batch: memory stays bounded on the county preset


@dataclass(frozen=True)
class TeamSpec:
    key: str
    name: str
    type: str
    founded: dt.date | None  # None: drawn for an invented community
    parent: str | None = None
    description: str = ""


T = Team.Type
CHENGNAN_TEAMS = (
    TeamSpec(
        "party",
        "在职党员志愿服务队",
        T.PARTY_IN_SERVICE,
        dt.date(2015, 7, 1),
        None,
        "机关在职党员进社区、亮身份、办实事。",
    ),
    TeamSpec(
        "women", "巾帼志愿服务队", T.WOMEN, dt.date(2017, 9, 1), None, "社区妇联牵头的巾帼志愿者，下设四支服务队。"
    ),
    TeamSpec(
        "women-family",
        "巾帼志愿者娘家人服务队",
        T.WOMEN,
        dt.date(2017, 9, 1),
        "women",
        "上门调解家庭纠纷，看望独居老人。",
    ),
    TeamSpec(
        "women-culture", "巾帼志愿者文化服务队", T.WOMEN, dt.date(2017, 9, 1), "women", "广场舞、文艺演出和少儿阅读。"
    ),
    TeamSpec(
        "women-civility", "巾帼志愿者文明服务队", T.WOMEN, dt.date(2017, 9, 1), "women", "文明劝导、垃圾分类宣传。"
    ),
    TeamSpec(
        "women-aid", "巾帼志愿者助困服务队", T.WOMEN, dt.date(2017, 9, 1), "women", "结对帮扶困难家庭和留守儿童。"
    ),
    TeamSpec("patrol", "治安巡逻队", T.PATROL, dt.date(2016, 4, 20), None, "每周两次夜间巡逻，守护平安小区。"),
    TeamSpec(
        "youth", "青年志愿服务队", T.YOUTH, dt.date(2017, 3, 5), None, "环境卫生整治、少儿科普阅读和大型活动服务。"
    ),
    TeamSpec(
        "aid", "帮困助残志愿服务队", T.DISABILITY_AID, dt.date(2016, 12, 5), None, "陪同就医、上门理发、帮扶困难群众。"
    ),
    TeamSpec("legal", "法律宣传志愿服务队", T.LEGAL, dt.date(2016, 4, 20), None, "法制宣传教育和法律诊所咨询。"),
)
OTHER_TEAMS = tuple(
    TeamSpec(spec.key, spec.name, spec.type, None, None, spec.description) for spec in CHENGNAN_TEAMS if not spec.parent
)
# Where a kind of activity goes when the community has no such team: the women's sub-teams fall
# back to the women's team (hardship aid to the aid team); with no team at all, to nobody's team.
FALLBACK = {"women-family": "women", "women-culture": "women", "women-civility": "women", "women-aid": "aid"}


def hm(text: str) -> dt.time:
    hour, minute = text.split(":")
    return dt.time(int(hour), int(minute))


@dataclass(frozen=True)
class Kind:
    key: str
    team: str
    contents: tuple[str, ...]
    slots: tuple[tuple[dt.time, dt.time], ...]
    size: tuple[int, int]
    weight: int = 0  # share among the year's 50-80 activities; 0 for the dated and routine ones
    open: bool = False  # volunteers of every team come, not only the organising team's
    places: tuple[str, ...] = ("{compound}",)


KINDS = (
    Kind(
        "clinic",
        "party",
        ("义诊：为居民量血压、测血糖，讲解慢性病用药", "义诊：为老年人做健康体检和用药咨询"),
        ((hm("8:30"), hm("11:30")),),
        (8, 16),
        8,
        open=True,
        places=("社区服务中心", "{compound}"),
    ),
    Kind(
        "cleanup",
        "youth",
        (
            "环境卫生整治：清理楼道杂物和小广告",
            "环境卫生整治：修剪小区绿化、清扫公共区域",
            "环境卫生整治：清理卫生死角和建筑垃圾",
        ),
        ((hm("8:00"), hm("10:30")), (hm("15:00"), hm("17:30"))),
        (20, 50),
        14,
        open=True,
    ),
    Kind(
        "elderly",
        "women-family",
        ("助老爱老：上门看望独居老人，打扫卫生、陪伴聊天", "助老爱老：陪同老人体检，帮助代购生活用品"),
        ((hm("9:00"), hm("11:00")), (hm("14:30"), hm("16:30"))),
        (6, 14),
        10,
    ),
    Kind(
        "hardship",
        "women-aid",
        ("帮扶困难家庭：入户走访，送米送油，了解生活困难", "帮扶困难家庭：为留守儿童辅导功课"),
        ((hm("9:00"), hm("11:30")), (hm("15:00"), hm("17:00"))),
        (5, 10),
        6,
    ),
    Kind(
        "startup",
        "party",
        ("创业指导：讲解创业担保贷款政策，帮助返乡青年梳理创业计划",),
        ((hm("14:30"), hm("16:30")),),
        (3, 6),
        3,
        places=("社区服务中心",),
    ),
    Kind(
        "legal",
        "legal",
        ("法制宣传：防范电信诈骗和养老诈骗宣讲", "法制宣传：民法典进小区，解答邻里纠纷法律问题"),
        ((hm("9:00"), hm("11:00")), (hm("19:00"), hm("20:30"))),
        (4, 10),
        8,
        places=("锦绣小区平安小区工作站", "{compound}"),
    ),
    Kind(
        "reading",
        "women-culture",
        ("少儿科普阅读：陪伴小学生阅读，讲科普小实验", "少儿科普阅读：整理图书角，组织读书分享"),
        ((hm("9:00"), hm("11:00")), (hm("16:30"), hm("18:00"))),
        (4, 8),
        8,
        places=("锦绣小区平安小区工作站",),
    ),
    Kind(
        "civility",
        "women-civility",
        ("文明劝导：劝导乱停车，宣传文明养犬", "文明劝导：宣传垃圾分类，指导居民分类投放"),
        ((hm("7:30"), hm("9:00")), (hm("16:30"), hm("18:30"))),
        (8, 16),
        7,
    ),
    Kind(
        "culture",
        "women-culture",
        ("文化活动：组织广场舞排练", "文化活动：小区文艺演出，布置场地和维持秩序"),
        ((hm("19:00"), hm("21:00")),),
        (10, 24),
        5,
        places=("社区文化广场", "{compound}"),
    ),
    Kind(
        "disability",
        "aid",
        ("助残服务：陪同残疾人就医", "助残服务：上门为行动不便的老人理发"),
        ((hm("8:30"), hm("11:00")), (hm("14:30"), hm("16:30"))),
        (4, 10),
        5,
    ),
    # Dated once a year.
    Kind(
        "leifeng",
        "youth",
        ("学雷锋日：环境卫生大扫除和便民服务",),
        ((hm("8:00"), hm("11:00")),),
        (40, 80),
        open=True,
        places=("社区文化广场",),
    ),
    Kind(
        "porridge",
        "women",
        ("腊八节赠粥：熬制腊八粥，向居民和环卫工人分发",),
        ((hm("6:30"), hm("10:30")),),
        (20, 40),
        open=True,
        places=("社区服务中心",),
    ),
    Kind(
        "banquet",
        "party",
        ("睦邻百家宴：布置场地、帮厨、引导老人入座",),
        ((hm("15:00"), hm("20:00")),),
        (35, 70),
        open=True,
        places=("锦绣小区",),
    ),
    # Every week.
    Kind(
        "patrol",
        "patrol",
        ("治安巡逻：夜间巡查楼道、消防通道和电动车充电点",),
        ((hm("19:30"), hm("21:30")),),
        (5, 9),
        places=("{compound}",),
    ),
    Kind(
        "visit",
        "women-family",
        ("助老爱老：每周走访独居老人",),
        ((hm("9:00"), hm("11:00")),),
        (3, 6),
    ),
)
KIND = {k.key: k for k in KINDS}
EVENT_KINDS = [k for k in KINDS if k.weight]
# Weekday -> routine: patrols on Wednesday and Saturday evenings, elderly visits on Thursday mornings.
ROUTINE = {2: "patrol", 5: "patrol", 3: "visit"}
# 腊八节 (the 8th day of the 12th lunar month) in each calendar year: 2022 has two, 2023 none.
LABA = {
    2018: (dt.date(2018, 1, 24),),
    2019: (dt.date(2019, 1, 13),),
    2020: (dt.date(2020, 1, 2),),
    2021: (dt.date(2021, 1, 20),),
    2022: (dt.date(2022, 1, 10), dt.date(2022, 12, 30)),
    2023: (),
    2024: (dt.date(2024, 1, 18),),
    2025: (dt.date(2025, 1, 7),),
    2026: (dt.date(2026, 1, 26),),
    2027: (dt.date(2027, 1, 15),),
    2028: (dt.date(2028, 1, 4), dt.date(2028, 12, 23)),
}
SKILL_QUALIFICATIONS = {
    "doctor": "执业医师",
    "nurse": "护士执业证书",
    "lawyer": "律师执业证",
    "teacher": "教师资格证",
    "electrician": "电工操作证",
    "first-aid": "红十字救护员证",
    "social-worker": "社会工作者职业水平证书",
    "counsellor": "心理咨询师",
}
COMMON_SKILLS = (
    "electrician",
    "plumber",
    "cooking",
    "haircut",
    "photography",
    "driver",
    "computer",
    "first-aid",
    "calligraphy",
    "counsellor",
    "social-worker",
    "sign-language",
)
AVAILABILITY = ("周末", "工作日晚上", "周末和节假日", "随时可以", "工作日白天", "每周三、六晚上")
AMENDMENTS = (
    "签退时间登记有误，按签到表更正",
    "提前离开，按实际服务时间更正",
)
REVERSALS = ("重复登记：同一次活动已登记过，撤销本条", "当天因病未到岗，撤销本条")


# --- the plan of one community, built in memory before anything is written ---------------------


@dataclass
class _Vol:
    name: str
    gender: str
    birth_date: dt.date
    registered_on: dt.date
    weight: float
    resident_id: int | None = None
    pii: dict[str, str] = field(default_factory=dict)
    party_kind: str | None = None
    work_unit: str = ""
    political_status: str = Volunteer.PoliticalStatus.MASSES
    skills: list[str] = field(default_factory=list)
    teams: dict[str, dt.date] = field(default_factory=dict)  # team key -> joined on
    user_id: int | None = None
    number: str = ""
    pk: int | None = None
    entries: list[tuple[dt.date, Decimal]] = field(default_factory=list)  # (recorded on, hours)

    def age(self, on: dt.date) -> int:
        return on.year - self.birth_date.year - ((on.month, on.day) < (self.birth_date.month, self.birth_date.day))


@dataclass
class _Pool:
    """Volunteers in order of joining, with cumulative weights for drawing those who had joined by a day."""

    members: list[_Vol]
    joined: list[dt.date]
    cumulative: list[float]
    team: bool

    @classmethod
    def of(cls, pairs: list[tuple[dt.date, float, _Vol]], *, team: bool) -> _Pool:
        pairs.sort(key=lambda p: (p[0], p[2].number))
        total, cumulative = 0.0, []
        for _joined, weight, _vol in pairs:
            total += weight
            cumulative.append(total)
        return cls([p[2] for p in pairs], [p[0] for p in pairs], cumulative, team)


@dataclass
class _Entry:
    vol: _Vol
    team: str | None
    served_on: dt.date
    start: dt.time | None
    end: dt.time | None
    hours: Decimal
    content: str
    place: str
    recorded_by: int
    confirmed_by: str
    entered_on: dt.date
    notice_until: dt.date
    recorded_on: dt.date | None
    kind: str = ServiceRecord.Kind.SERVICE
    corrects: _Entry | None = None
    reason: str = ""


class _Rows:
    """Rows written in batches (INSERT on SQLite, COPY on PostgreSQL), every column given.

    bulk_create is ~7 times slower on SQLite (999 variables a statement, so ~45 records a
    statement) and would stamp created_at with the load time; the ledger's rows need the day each
    entry was really made."""

    def __init__(self, model: type[models.Model]):
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.table = model._meta.db_table
        self.rows: list[tuple] = []
        self.count = 0
        # (column, default, converter): dates, times, decimals and datetimes go through the field's
        # own conversion for this database, once per distinct value.
        self.columns = [
            (
                f.attname,
                f.get_default(),
                f.get_db_prep_save
                if isinstance(f, models.DateField | models.TimeField | models.DecimalField | models.DateTimeField)
                else None,
            )
            for f in self.fields
        ]
        self.prepared: dict[tuple[str, Any], Any] = {}

    def add(self, **values: Any) -> None:
        row = []
        for name, default, convert in self.columns:
            value = values.get(name, default)
            if convert is not None and value is not None:
                key = (name, value)
                if key not in self.prepared:
                    self.prepared[key] = convert(value, connection)
                value = self.prepared[key]
            row.append(value)
        self.rows.append(tuple(row))
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        qn = connection.ops.quote_name
        columns = ", ".join(qn(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY: batches of INSERTs ran at ~12,000 rows a second on PostgreSQL here, COPY at ~50,000.
                with cursor.cursor.copy(f"COPY {qn(self.table)} ({columns}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                # Names from the model's meta, values as parameters.
                sql = f"INSERT INTO {qn(self.table)} ({columns}) VALUES ({marks})"  # noqa: S608
                cursor.executemany(sql, self.rows)
        self.count += len(self.rows)
        self.rows = []


class _ChainedRows(_Rows):
    """Ledger entries in batches, each given the hash of the one before it as core.chain.create would."""

    def __init__(self, ledger: chain.Chain):
        super().__init__(ledger.model)
        self.ledger = ledger
        self.prev = chain.head(ledger)  # on PostgreSQL also the chain's lock, to the end of the transaction

    def add(self, **values: Any) -> None:
        for name, default, _convert in self.columns:
            values.setdefault(name, default)
        row_hash = chain.digest(self.ledger.model, self.ledger.fields, self.prev, values)
        values.update({chain.PREV: self.prev, chain.HASH: row_hash})
        super().add(**values)
        self.prev = row_hash


def load(*, preset: str, seed: int, log: Callable[[str], None] = lambda line: None) -> Counter:
    """Add volunteering to every community the registry part built; return what was written."""
    loader = _Loader(seed=seed)
    for community in OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNITY).order_by("pk"):
        with transaction.atomic():
            loader.community(community)
        done = loader.counts["communities"]
        if preset == "county" and done % 10 == 0:
            log(
                f"  volunteering: {done} communities, {loader.counts['volunteers']:,} volunteers,"
                f" {loader.counts['service_records']:,} service records, {time.monotonic() - loader.started:.0f} s"
            )
    del loader.counts["communities"]  # the registry part counts them
    return loader.counts


@dataclass
class _Community:
    """What one community's load works with."""

    unit: OrgUnit
    staff: User
    teams: dict[str, Team]
    settings: VolunteeringSettings
    logins: dict[str, _Vol] = field(default_factory=dict)  # "leader", "volunteer" -> their volunteer
    leaders: dict[str, _Vol] = field(default_factory=dict)  # team key -> leader
    core: dict[str, set[int]] = field(default_factory=dict)  # team key -> id() of its core members


class _Loader:
    def __init__(self, *, seed: int):
        # A generator of its own: the registry part's people stay the same with or without this.
        self.rng = random.Random(f"linli-volunteering-{seed}")
        self.people = People(self.rng)
        self.today = timezone.localdate()
        self.tz = timezone.get_current_timezone()
        self.skills = dict(Skill.objects.filter(community__isnull=True).values_list("code", "pk"))
        self.users = {
            u.username: u for u in User.objects.filter(username__in=("staff", "staff_b", "leader", "volunteer"))
        }
        # The demo logins' communities get the few things done through the services.
        self.staff_of = {
            m.org_unit_id: user
            for name, user in self.users.items()
            if name.startswith("staff")
            for m in user.memberships.all()
        }
        leader = self.users.get("leader")
        self.chengnan_id = leader.resident.community_id if leader and leader.resident_id else None
        self.ids_used: set[tuple[str, dt.date, int]] = set()
        self.counts: Counter = Counter()
        self.started = time.monotonic()

    # --- one community ----------------------------------------------------------------------

    def community(self, unit: OrgUnit) -> None:
        chengnan = unit.pk == self.chengnan_id
        staff = self.staff_of.get(unit.pk) or self.community_staff(unit)
        c = _Community(
            unit=unit,
            staff=staff,
            teams=self.teams(unit, CHENGNAN_TEAMS if chengnan else OTHER_TEAMS, staff),
            settings=self.settings(unit),
        )
        logins = {name: self.users[name] for name in ("leader", "volunteer") if chengnan and name in self.users}
        vols = self.volunteers(c, CHENGNAN_RATE if chengnan else OTHER_RATE, logins)
        self.memberships(c, vols)
        entries = self.ledger(c, vols)
        entries += self.corrections(c, entries, count=3 if chengnan else 2)
        self.write(c, vols, entries)
        VolunteeringSettings.objects.filter(pk=c.settings.pk).update(last_volunteer_seq=len(vols))
        record_event(
            by=None,
            action="volunteering.demo.load",
            obj=unit,
            community_id=unit.pk,
            county_id=unit.county_id,
            details={"volunteers": len(vols), "service_records": len(entries), "teams": len(c.teams)},
        )
        if unit.pk in self.staff_of:
            self.through_services(c, vols)
        self.counts["communities"] += 1

    def community_staff(self, unit: OrgUnit) -> User:
        """A staff login for an invented community (who records its hours), made like the grid's accounts."""
        born = self.people.birth_date(self.rng.randint(28, 50))
        user = User.objects.create(
            username=f"staff-{unit.code}",
            display_name=self.people.name(self.rng.choice("MF"), born),
            password=make_password(None),
        )
        grant_role(by=None, user=user, role=Role.COMMUNITY_STAFF, org_unit=unit)
        self.counts["accounts"] += 1
        return user

    def teams(self, unit: OrgUnit, specs: tuple[TeamSpec, ...], staff: User) -> dict[str, Team]:
        teams: dict[str, Team] = {}
        for spec in specs:
            founded = spec.founded or dt.date(self.rng.randint(2012, 2017), self.rng.randint(1, 12), 1)
            teams[spec.key] = services.create_team(
                by=staff,
                community=unit,
                name=spec.name,
                type=spec.type,
                parent=teams[spec.parent] if spec.parent else None,
                founded_on=founded,
                description=spec.description,
            )
        self.counts["teams"] += len(teams)
        return teams

    def settings(self, unit: OrgUnit) -> VolunteeringSettings:
        secretary = self.people.name(self.rng.choice("MF"), self.people.birth_date(self.rng.randint(38, 55)))
        clerk = self.people.name(self.rng.choice("MF"), self.people.birth_date(self.rng.randint(25, 40)))
        settings, _created = VolunteeringSettings.objects.update_or_create(
            community=unit,
            defaults={
                "notice_working_days": 3,
                "person_in_charge": secretary,
                "clerk": clerk,
                "contact_phone": f"0593-83{self.rng.randrange(100_000):05d}",
            },
        )
        return settings

    # --- who volunteers ------------------------------------------------------------------------

    def volunteers(self, c: _Community, rate: float, logins: dict[str, User]) -> list[_Vol]:
        """Residents drawn as volunteers (youth, retirees and party members more often), and some from elsewhere."""
        party = {
            resident_id: (kind, work_unit)
            for resident_id, kind, work_unit in PartyMember.objects.filter(community=c.unit).values_list(
                "resident_id", "kind", "work_unit"
            )
        }
        login_of = {user.resident_id: name for name, user in logins.items()}
        rows = (
            Resident.objects.filter(community=c.unit, status=Resident.Status.ACTIVE)
            .exclude(id_number_hash="")
            .order_by("pk")
            .values_list("pk", "name", "gender", "birth_date", *PII_COLUMNS)
        )
        candidates = []
        for pk, name, gender, born, *pii_values in rows:
            vol = _Vol(name=name, gender=gender, birth_date=born, registered_on=START, weight=0, resident_id=pk)
            age = vol.age(self.today)
            if not 18 <= age <= 72:
                continue
            vol.pii = dict(zip(PII_COLUMNS, pii_values, strict=True))
            vol.party_kind, vol.work_unit = party.get(pk, (None, ""))
            likeliness = (1.3 if age <= 30 or age >= 58 else 0.9) * (2.5 if vol.party_kind else 1)
            # Efraimidis-Spirakis keys: the top keys are a weighted sample; the demo logins always are in it.
            key = 2.0 if pk in login_of else self.rng.random() ** (1 / likeliness)
            candidates.append((key, vol))
        candidates.sort(key=lambda pair: -pair[0])
        vols = [vol for _key, vol in candidates[: round(len(candidates) * rate)]]
        vols += [self.non_resident()[0] for _ in range(round(len(vols) * NON_RESIDENT_SHARE))]
        for vol in vols:
            self.profile(vol)
            if vol.resident_id in login_of:
                c.logins[login_of[vol.resident_id]] = vol
                vol.user_id = logins[login_of[vol.resident_id]].pk
        # The leader has patrolled since the team began; the volunteer has been keen since 2021.
        if leader := c.logins.get("leader"):
            leader.registered_on, leader.weight = dt.date(2016, 4, 20), 6.0
        if keen := c.logins.get("volunteer"):
            keen.registered_on, keen.weight = dt.date(2021, 3, 5), 8.0
            # Skills that upcoming activities ask for, whatever the draw gave: the login shows the
            # "activities that need my skills" filter at work on any day the demo is loaded.
            keen.skills = [s for s in dict.fromkeys([*keen.skills, "first-aid", "cooking"]) if s in self.skills]
        vols.sort(key=lambda v: v.registered_on)  # stable: ties keep the drawn order
        for seq, vol in enumerate(vols, start=1):
            vol.number = f"{c.unit.code}-V{seq:05d}"
        return vols

    def non_resident(self) -> tuple[_Vol, str, str]:
        """A volunteer who works here but lives elsewhere: (the plan, ID number, phone)."""
        gender = self.rng.choice("MF")
        born = self.people.birth_date(self.rng.randint(22, 55))
        while True:
            region, sequence = self.rng.choice(NON_RESIDENT_REGIONS), self.rng.randrange(500)
            if (region, born, sequence * 2 + (gender == "M")) not in self.ids_used:
                self.ids_used.add((region, born, sequence * 2 + (gender == "M")))
                break
        number = make_id_number(region=region, birth_date=born, sequence=sequence, gender=gender)
        phone = self.people.mobile()
        vol = _Vol(name=self.people.name(gender, born), gender=gender, birth_date=born, registered_on=START, weight=0)
        vol.pii = volunteer_pii(number, phone)
        return vol, number, phone

    def profile(self, vol: _Vol) -> None:
        """Registration day, how active they are, skills and political status."""
        rng = self.rng
        if rng.random() < 0.35:
            registered = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randrange(6 * 365))
        else:
            registered = START + dt.timedelta(days=rng.randrange(max(1, (self.today - START).days - 7)))
        vol.registered_on = max(registered, _birthday(vol.birth_date, 18))  # adults only: age 18 and over
        # Heavy-tailed: a few come to almost everything, a third hardly ever.
        vol.weight = min(rng.paretovariate(1.6), 25.0) * (0.15 if rng.random() < 0.35 else 1.0)
        if not vol.pii.get("phone_hash"):
            vol.pii |= volunteer_pii("", self.people.mobile(), phone_only=True)
        work = vol.work_unit
        if "医院" in work or "卫健" in work:
            vol.skills.append(rng.choice(("doctor", "nurse")))
        elif "司法" in work:
            vol.skills.append("lawyer")
        elif "中学" in work or "教育" in work:
            vol.skills.append("teacher")
        if rng.random() < 0.3:
            vol.skills.append(rng.choice(COMMON_SKILLS))
        if rng.random() < 0.03:
            vol.skills.append(rng.choice(("doctor", "nurse", "lawyer", "teacher")))
        vol.skills = [s for s in dict.fromkeys(vol.skills) if s in self.skills]
        if vol.party_kind:
            vol.political_status = Volunteer.PoliticalStatus.PARTY_MEMBER
        elif vol.age(self.today) <= 28 and rng.random() < 0.5:
            vol.political_status = Volunteer.PoliticalStatus.LEAGUE_MEMBER

    def memberships(self, c: _Community, vols: list[_Vol]) -> None:
        """Who is in which team since when; each team's core (its keenest early members) and leader."""
        rng = self.rng
        teams = c.teams
        subs = [key for key in ("women-family", "women-culture", "women-civility", "women-aid") if key in teams]
        for vol in vols:
            age = vol.age(self.today)
            wants = []
            if vol.party_kind and rng.random() < (0.8 if vol.party_kind == PartyMember.Kind.IN_SERVICE else 0.25):
                wants.append("party")
            if vol.gender == "F" and 25 <= age <= 70 and rng.random() < 0.22:
                wants.append("women")
                if subs:
                    wants.append(rng.choices(subs, weights=(35, 25, 25, 15)[: len(subs)])[0])
            if vol.gender == "M" and 25 <= age <= 68 and rng.random() < 0.18:
                wants.append("patrol")
            if age <= 35 and rng.random() < 0.5:
                wants.append("youth")
            if rng.random() < 0.08 or {"doctor", "nurse", "social-worker"} & set(vol.skills):
                wants.append("aid")
            if "lawyer" in vol.skills or rng.random() < (0.1 if vol.party_kind else 0.03):
                wants.append("legal")
            if not wants and rng.random() < 0.8:  # most who never chose a team were placed in one
                wants.append("youth" if age <= 35 else "women" if vol.gender == "F" else rng.choice(("patrol", "aid")))
            for key in wants:
                if key in teams:
                    vol.teams[key] = max(vol.registered_on, teams[key].founded_on)
        # The demo logins stay simple to explain: the leader patrols (and, a party member, serves with
        # the party team); the volunteer patrols and serves with the youth team. Neither leads anything else.
        logins = set(map(id, c.logins.values()))
        if leader := c.logins.get("leader"):
            leader.teams = dict.fromkeys(["patrol", *(["party"] if leader.party_kind else [])], leader.registered_on)
        if keen := c.logins.get("volunteer"):
            keen.teams = dict.fromkeys(["patrol", "youth"], keen.registered_on)
        for key, team in teams.items():
            members = sorted((v for v in vols if key in v.teams), key=lambda v: (v.teams[key], v.number))
            early = [v for v in members if v.teams[key] <= team.founded_on + dt.timedelta(days=730)] or members
            core = sorted((v for v in early if id(v) not in logins), key=lambda v: -v.weight)[:3]
            if key == "patrol" and leader:
                core = [leader, *core[:2]]
            if core:
                c.core[key] = {id(v) for v in core}
                c.leaders[key] = core[0]

    # --- the ledger ---------------------------------------------------------------------------

    def ledger(self, c: _Community, vols: list[_Vol]) -> list[_Entry]:
        """Every volunteer's entries from 2018 to yesterday, activity by activity."""
        rng = self.rng
        pools = {
            key: _Pool.of(
                [
                    (v.teams[key], v.weight * (CORE_FACTOR if id(v) in c.core.get(key, ()) else 1), v)
                    for v in vols
                    if key in v.teams
                ],
                team=True,
            )
            for key in c.teams
        }
        everyone = _Pool.of([(v.registered_on, v.weight, v) for v in vols], team=False)
        compounds = list(
            OrgUnit.objects.filter(community=c.unit, kind=OrgUnit.Kind.COMPOUND)
            .order_by("sort_order")
            .values_list("name", flat=True)
        ) or [c.unit.name]
        leader, keen = c.logins.get("leader"), c.logins.get("volunteer")
        # A community with more volunteers holds bigger activities: 城南's are about twice the size.
        scale = min(2.0, SIZE_FACTOR * max(0.5, (len(vols) / TYPICAL_VOLUNTEERS) ** 0.5))
        busy: dict[tuple[int, dt.date], list[tuple[dt.time, dt.time]]] = defaultdict(list)
        entries: list[_Entry] = []
        for served_on, kind in self.calendar(c.teams):
            team_key = kind.team if kind.team in c.teams else FALLBACK.get(kind.team)
            team_key = team_key if team_key in c.teams else None
            pool = everyone if kind.open or team_key is None else pools[team_key]
            start, end = rng.choice(kind.slots)
            # The demo volunteer was on the last patrols, so they have entries still on notice.
            must = [keen] if keen and kind.key == "patrol" and (self.today - served_on).days <= 10 else []
            wanted = round(rng.randint(*kind.size) * scale)
            chosen = self.draw(pool, served_on, wanted=wanted, must=must, busy=busy, slot=(start, end))
            if not chosen:
                continue
            content = rng.choice(kind.contents)
            place = rng.choice(kind.places).format(compound=rng.choice(compounds))
            # The leader (or staff) enters the whole activity the same day or within two days.
            entered_on = min(self.today, served_on + dt.timedelta(days=rng.choice((0, 1, 1, 2))))
            notice_until = ledger.add_working_days(entered_on, c.settings.notice_working_days)
            # close_notices records an entry on the first day after its notice period.
            recorded_on = notice_until + dt.timedelta(days=1) if notice_until < self.today else None
            organiser = c.leaders.get(team_key) if team_key else None
            recorder = leader.user_id if kind.key == "patrol" and leader else c.staff.pk
            for vol in chosen:
                vol_end = _minus(end, 30) if rng.random() < 0.1 else end  # left early: actual time only
                busy[(id(vol), served_on)].append((start, vol_end))
                entries.append(
                    _Entry(
                        vol=vol,
                        team=team_key if team_key in vol.teams else next(iter(vol.teams), None),
                        served_on=served_on,
                        start=start,
                        end=vol_end,
                        hours=ledger.hours_between(start, vol_end),
                        content=content,
                        place=place,
                        recorded_by=recorder,
                        confirmed_by=organiser.name
                        if organiser and organiser is not vol
                        else c.settings.person_in_charge,
                        entered_on=entered_on,
                        notice_until=notice_until,
                        recorded_on=recorded_on,
                    )
                )
        return entries

    def calendar(self, teams: dict[str, Team]) -> list[tuple[dt.date, Kind]]:
        """Every activity from 2018 to yesterday in date order: 50-80 a year, the dated ones, the routine."""
        rng = self.rng
        yesterday = self.today - dt.timedelta(days=1)
        weights = [k.weight for k in EVENT_KINDS]
        events: list[tuple[dt.date, int, Kind]] = []
        for year in range(START.year, yesterday.year + 1):
            first, last = dt.date(year, 1, 1), min(dt.date(year, 12, 31), yesterday)
            days = (last - first).days + 1
            for _ in range(round(rng.randint(50, 80) * days / (dt.date(year, 12, 31) - first).days)):
                day = first + dt.timedelta(days=rng.randrange(days))
                if day.weekday() < 5 and rng.random() < 0.5:  # most activities are at weekends
                    day = min(last, day + dt.timedelta(days=5 - day.weekday()))
                events.append((day, len(events), rng.choices(EVENT_KINDS, weights)[0]))
            dated = [(dt.date(year, 3, 5), KIND["leifeng"]), (_last_saturday_of_september(year), KIND["banquet"])]
            dated += [(day, KIND["porridge"]) for day in LABA.get(year, (dt.date(year, 1, 15),))]
            events += [(day, len(events) + i, kind) for i, (day, kind) in enumerate(dated) if first <= day <= last]
            for offset in range(days):
                day = first + dt.timedelta(days=offset)
                routine = ROUTINE.get(day.weekday())
                if routine:
                    events.append((day, len(events), KIND[routine]))
        events.sort(key=lambda e: (e[0], e[1]))
        return [(day, kind) for day, _order, kind in events]

    def draw(
        self, pool: _Pool, day: dt.date, *, wanted: int, must: list[_Vol], busy: dict, slot: tuple[dt.time, dt.time]
    ) -> list[_Vol]:
        """Up to `wanted` volunteers who had joined by `day`, keen ones more often, nobody double-booked."""
        available = bisect.bisect_right(pool.joined, day)
        if not available:
            return []
        start, end = slot
        # Never everyone: a team of seven sends three or four on a patrol, not all seven every time.
        wanted = min(wanted, math.ceil(available * (0.6 if pool.team else 0.3)))

        def free(vol: _Vol) -> bool:
            return all(end <= s or start >= e for s, e in busy.get((id(vol), day), ()))

        joined = pool.members[:available] if must else ()
        chosen = {id(v): v for v in must if v in joined and free(v)}
        total = pool.cumulative[available - 1]
        tries = 0
        while len(chosen) < min(wanted, available) and tries < 4 * wanted:
            tries += 1
            vol = pool.members[bisect.bisect_right(pool.cumulative, self.rng.random() * total, 0, available - 1)]
            if id(vol) not in chosen and free(vol):
                chosen[id(vol)] = vol
        return list(chosen.values())

    def corrections(self, c: _Community, entries: list[_Entry], *, count: int) -> list[_Entry]:
        """A couple of old entries amended (half an hour less) or reversed, with the reason."""
        rng = self.rng
        old = [e for e in entries if e.recorded_on and (self.today - e.recorded_on).days > 120]
        made: list[_Entry] = []
        for n in range(min(count, len(old))):
            original = old[rng.randrange(len(old))]
            if any(m.corrects is original for m in made):
                continue
            reverse = n == count - 1
            entered_on = original.recorded_on + dt.timedelta(days=rng.randint(10, 60))
            notice_until = ledger.add_working_days(entered_on, c.settings.notice_working_days)
            made.append(
                _Entry(
                    vol=original.vol,
                    team=original.team,
                    served_on=original.served_on,
                    start=None,
                    end=None,
                    hours=-original.hours if reverse else Decimal("-0.5"),
                    content=original.content,
                    place=original.place,
                    recorded_by=c.staff.pk,
                    confirmed_by="",
                    entered_on=entered_on,
                    notice_until=notice_until,
                    recorded_on=notice_until + dt.timedelta(days=1),
                    kind=ServiceRecord.Kind.REVERSAL if reverse else ServiceRecord.Kind.AMENDMENT,
                    corrects=original,
                    reason=rng.choice(REVERSALS if reverse else AMENDMENTS),
                )
            )
        return made

    # --- writing --------------------------------------------------------------------------------

    def write(self, c: _Community, vols: list[_Vol], entries: list[_Entry]) -> None:
        for entry in entries:
            if entry.recorded_on:
                entry.vol.entries.append((entry.recorded_on, entry.hours))
        volunteers = _Rows(Volunteer)
        for vol in vols:
            registered = dt.datetime.combine(vol.registered_on, dt.time(10), tzinfo=self.tz)
            volunteers.add(
                county_id=c.unit.county_id,
                community_id=c.unit.pk,
                number=vol.number,
                name=vol.name,
                gender=vol.gender,
                birth_date=vol.birth_date,
                id_type=Volunteer.IdType.RESIDENT_ID,
                **vol.pii,
                resident_id=vol.resident_id,
                user_id=vol.user_id,
                qualifications="、".join(SKILL_QUALIFICATIONS[s] for s in vol.skills if s in SKILL_QUALIFICATIONS),
                availability=self.rng.choice(AVAILABILITY),
                political_status=vol.political_status,
                status=Volunteer.Status.ACTIVE,
                registered_at=registered,
                approved_at=registered + dt.timedelta(days=1),
                recorded_hours=sum((hours for _day, hours in vol.entries), Decimal(0)),
            )
        volunteers.flush()
        pks = dict(Volunteer.objects.filter(community=c.unit).values_list("number", "pk"))
        for vol in vols:
            vol.pk = pks[vol.number]

        members = _Rows(TeamMembership)
        skills = _Rows(Volunteer.skills.through)
        for vol in vols:
            for key, joined in vol.teams.items():
                at = dt.datetime.combine(joined, dt.time(9), tzinfo=self.tz)
                # The demo leader is named through the service (through_services), with its audit row.
                lead = c.leaders.get(key) is vol and vol is not c.logins.get("leader")
                members.add(
                    team_id=c.teams[key].pk,
                    volunteer_id=vol.pk,
                    role=TeamMembership.Role.LEADER if lead else TeamMembership.Role.MEMBER,
                    status=TeamMembership.Status.ACTIVE,
                    requested_at=at,
                    decided_at=at,
                )
            for code in vol.skills:
                skills.add(volunteer_id=vol.pk, skill_id=self.skills[code])
        members.flush()
        skills.flush()

        records = _ChainedRows(LEDGER)
        for entry in entries:
            if entry.corrects is None:
                records.add(**self.record_values(c, entry))
        records.flush()
        for entry in entries:
            if entry.corrects is not None:
                original = entry.corrects
                # (volunteer, day, start) is unique: nobody has two entries that overlap.
                corrects_id = ServiceRecord.objects.get(
                    volunteer_id=original.vol.pk,
                    served_on=original.served_on,
                    start_time=original.start,
                    kind=ServiceRecord.Kind.SERVICE,
                ).pk
                records.add(**self.record_values(c, entry), corrects_id=corrects_id)
        records.flush()

        stars = _Rows(StarLevel)
        for vol in vols:
            for level, reached_on in star_dates(vol.entries):
                stars.add(volunteer_id=vol.pk, level=level, reached_on=reached_on)
        stars.flush()
        self.counts["volunteers"] += len(vols)
        self.counts["team_memberships"] += members.count
        self.counts["service_records"] += records.count
        self.counts["star_levels"] += stars.count

    def record_values(self, c: _Community, entry: _Entry) -> dict[str, Any]:
        return {
            "county_id": c.unit.county_id,
            "community_id": c.unit.pk,
            "volunteer_id": entry.vol.pk,
            "team_id": c.teams[entry.team].pk if entry.team else None,
            "activity_id": None,
            "kind": entry.kind,
            "served_on": entry.served_on,
            "start_time": entry.start,
            "end_time": entry.end,
            "hours": entry.hours,
            "content": entry.content,
            "place": entry.place,
            "reason": entry.reason,
            "recorded_by_id": entry.recorded_by,
            "confirmed_by": entry.confirmed_by,
            "created_at": dt.datetime.combine(entry.entered_on, dt.time(20, 15), tzinfo=self.tz),
            "status": ServiceRecord.Status.RECORDED if entry.recorded_on else ServiceRecord.Status.NOTICE,
            "notice_until": entry.notice_until,
            "recorded_on": entry.recorded_on,
        }

    # --- the few things done through the services, so their audit rows exist ----------------------

    def through_services(self, c: _Community, vols: list[_Vol]) -> None:
        objects = Volunteer.objects.in_bulk([v.pk for v in vols])
        if leader := c.logins.get("leader"):
            services.set_team_leader(by=c.staff, team=c.teams["patrol"], volunteer=objects[leader.pk])
        # Join requests waiting for the patrol's leader.
        outsiders = [v for v in vols if "patrol" not in v.teams and 20 <= v.age(self.today) <= 60]
        for vol in self.rng.sample(outsiders, min(3, len(outsiders))):
            services.request_to_join(by=None, volunteer=objects[vol.pk], team=c.teams["patrol"])
        self.sign_ups(c, count=5 if c.logins else 2)
        self.certificates(c, vols, objects)
        if keen := c.logins.get("volunteer"):
            last = (
                ServiceRecord.objects.filter(
                    volunteer_id=keen.pk, kind=ServiceRecord.Kind.SERVICE, status=ServiceRecord.Status.RECORDED
                )
                .order_by("-served_on")
                .first()
            )
            if last:
                services.request_correction(
                    by=User.objects.get(pk=keen.user_id),
                    record=last,
                    proposed_hours=last.hours + Decimal("0.5"),
                    reason="当天巡逻到22:00才结束，签退时间登记早了半小时。",
                )
        # Staff amend a recent entry; the amendment waits on notice like any new entry. Not one
        # that would take its volunteer back under a star level once the notice closes.
        totals = {v.pk: sum((h for _d, h in v.entries), Decimal(0)) for v in vols if not v.user_id}
        recent = ServiceRecord.objects.filter(
            community=c.unit,
            kind=ServiceRecord.Kind.SERVICE,
            status=ServiceRecord.Status.RECORDED,
            served_on__gte=self.today - dt.timedelta(days=40),
            hours__gt=1,
            volunteer_id__in=totals,
        ).order_by("served_on", "pk")
        for entry in recent[:200]:
            total = totals[entry.volunteer_id]
            if ledger.star_level(total - Decimal("0.5")) == ledger.star_level(total):
                services.correct_record(
                    by=c.staff,
                    record=entry,
                    hours=entry.hours - Decimal("0.5"),
                    reason="提前半小时离开，按签到表更正。",
                )
                break

    def sign_ups(self, c: _Community, *, count: int) -> None:
        """Self sign-ups on the public page waiting for staff: residents not yet volunteers, one from elsewhere."""
        rows = (
            Resident.objects.filter(community=c.unit, status=Resident.Status.ACTIVE, volunteer__isnull=True)
            .exclude(phone_enc="")
            .order_by("pk")
            .values_list("name", "id_number_enc", "phone_enc", "birth_date")
        )
        adults = [row for row in rows if 20 <= (self.today - row[3]).days // 365 <= 60]
        picks = [
            (name, pii.decrypt(id_enc), pii.decrypt(phone_enc))
            for name, id_enc, phone_enc, _born in self.rng.sample(adults, min(count - 1, len(adults)))
        ]
        outsider, number, phone = self.non_resident()
        picks.append((outsider.name, number, phone))
        choices = [c.teams[k] for k in ("youth", "women-family", "aid", "patrol") if k in c.teams]
        for name, id_number, phone in picks:
            services.register_volunteer(
                by=None,
                community=c.unit,
                name=name,
                phone=phone,
                id_number=id_number,
                availability=self.rng.choice(AVAILABILITY),
                teams=[self.rng.choice(choices)],
            )
        self.counts["volunteers"] += len(picks)

    def certificates(self, c: _Community, vols: list[_Vol], objects: dict[int, Volunteer]) -> None:
        """A few issued through the services (so the serial numbers are right) and one still waiting."""
        end = dt.date(self.today.year - 1, 12, 31)
        wanted: list[tuple[_Vol, Any, dt.date, str, bool]] = []
        if keen := c.logins.get("volunteer"):
            user = User.objects.get(pk=keen.user_id)
            wanted.append((keen, user, dt.date(end.year, 1, 1), "升学材料", True))
        keenest = sorted(vols, key=lambda v: (-sum((h for _d, h in v.entries), Decimal(0)), v.number))[:4]
        purposes = ("评选优秀志愿者", "入党积极分子考察", "单位评优", "个人留存")
        wanted += [(vol, c.staff, START, purposes[n], n < 3) for n, vol in enumerate(keenest)]
        for vol, by, start, purpose, issue in wanted:
            volunteer = objects[vol.pk]
            if not services.recorded_in_period(volunteer, start, end).exists():
                continue
            certificate = services.request_certificate(
                by=by, volunteer=volunteer, period_start=start, period_end=end, purpose=purpose
            )
            if issue:
                services.issue_certificate(by=c.staff, certificate=certificate)
        self.counts["certificates"] += Certificate.objects.filter(community=c.unit).count()


PII_COLUMNS = ("id_number_enc", "id_number_hash", "id_number_masked", "phone_enc", "phone_hash", "phone_masked")


def volunteer_pii(id_number: str, phone: str, *, phone_only: bool = False) -> dict[str, str]:
    """The encrypted, hashed and masked columns, as services.register_volunteer writes them."""
    values = pii.phone_columns(phone)
    if not phone_only:
        values |= pii.id_columns(id_number)
    return values


def star_dates(entries: list[tuple[dt.date, Decimal]]) -> list[tuple[int, dt.date]]:
    """(level, the day cumulative recorded hours first reached it), for the levels the total holds now."""
    total = sum((hours for _day, hours in entries), Decimal(0))
    levels = ledger.star_level(total)
    thresholds = ledger.star_thresholds()[:levels]
    reached, running = [], Decimal(0)
    for day, hours in sorted(entries, key=lambda e: e[0]):
        running += hours
        while len(reached) < levels and running >= thresholds[len(reached)]:
            reached.append((len(reached) + 1, day))
    # A correction may have taken the running total back under a threshold it later reached again.
    while len(reached) < levels:
        reached.append((len(reached) + 1, max(day for day, _h in entries)))
    return reached


def _birthday(born: dt.date, age: int) -> dt.date:
    try:
        return born.replace(year=born.year + age)
    except ValueError:  # born on 29 February
        return dt.date(born.year + age, 3, 1)


def _minus(moment: dt.time, minutes: int) -> dt.time:
    total = moment.hour * 60 + moment.minute - minutes
    return dt.time(total // 60, total % 60)


def _last_saturday_of_september(year: int) -> dt.date:
    day = dt.date(year, 9, 30)
    return day - dt.timedelta(days=(day.weekday() - 5) % 7)
