"""The demo county that `make run` loads: 城南社区 of 双城镇, 柘荣县, at the news report's scale.

The org tree, grid, party organisations, partner units and demo logins are made through the
services, so each has its audit row. Households, residents, search keys, tags, party members
and the grid's worker accounts are written in bulk with exactly the columns the services write
(services.pii_columns, services.search_key_rows), and one audit row per community records the
bulk load. Deterministic: the same seed gives the same people, ID numbers and phones.
"""

from __future__ import annotations

import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import User
from accounts.services import create_account, grant_role
from core.audit import record_event
from core.demo import SEED
from core.roles import Role
from registry import services
from registry.demo_families import Family, FamilyMaker, Person
from registry.demo_names import People
from registry.demo_specs import CommunitySpec, CompoundSpec, towns_for
from registry.models import (
    GridUnit,
    Household,
    OrgUnit,
    PartnerUnit,
    PartyMember,
    PartyOrg,
    Resident,
    ResidentSearchKey,
    Tag,
)

# Demo only: every demo login has this password, and `demo_logins` prints it. Never deploy with it.
DEMO_PASSWORD = "linli-demo-2026"  # noqa: S105
RESIDENT_LOGIN_NAME = ("曾", "小明")  # 曾 reads zeng as a surname: the grid worker finds him by "zxm"
NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    role_zh: str
    sees_en: str
    sees_zh: str


LOGINS = (
    DemoLogin(
        "staff",
        Role.COMMUNITY_STAFF,
        "社区工作者",
        "Everything in 城南社区: households, residents, grid, party, partner units, activities and their"
        " summaries, wishes to verify and the wish figures; reveals ID numbers (audited).",
        "城南社区全部住户、居民、网格、党组织、共建单位、活动及活动总结、待审核心愿和心愿统计；"
        "可查看完整身份证号（留痕）。",
    ),
    DemoLogin(
        "staff_b",
        Role.COMMUNITY_STAFF,
        "社区工作者",
        "The same for the smaller 城北社区; nothing of 城南 is visible.",
        "城北社区的同样内容；看不到城南社区的任何记录。",
    ),
    DemoLogin(
        "grid",
        Role.GRID_WORKER,
        "网格员",
        "One grid group of 锦绣小区 (~100 households, party badges shown); search zxm to find 曾小明;"
        " posts wishes for residents without a phone and confirms their receipt.",
        "锦绣小区一个网格组（约100户，含亮身份党员户）；搜索 zxm 可找到曾小明；为没有手机的居民代录心愿并确认收到。",
    ),
    DemoLogin(
        "rep",
        Role.HOUSEHOLD_REP,
        "中心户长",
        "Reads the households of the same grid group.",
        "查看同一网格组的住户。",
    ),
    DemoLogin(
        "town",
        Role.TOWN_ADMIN,
        "镇街管理员",
        "Reads every community of 双城镇; changes nothing.",
        "查看双城镇所有社区；只读。",
    ),
    DemoLogin(
        "county",
        Role.COUNTY_ADMIN,
        "县级管理员",
        "Reads every community of 柘荣县; changes nothing.",
        "查看柘荣县所有社区；只读。",
    ),
    DemoLogin(
        "leader",
        Role.TEAM_LEADER,
        "志愿服务队队长",
        "Leader of 城南社区's 治安巡逻队, a volunteer since 2016: runs the weekly patrols (one today or"
        " tomorrow, volunteers to check in), records the patrols' hours, decides join requests.",
        "城南社区治安巡逻队队长，2016年起参加志愿服务：组织每周巡逻（今天或明天有一次，可为队员签到），"
        "登记队员巡逻时长，审批入队申请。",
    ),
    DemoLogin(
        "volunteer",
        Role.VOLUNTEER,
        "志愿者",
        "A volunteer of 城南社区's patrol and youth teams: activities to sign up for (some need their skills),"
        " their sign-ups, hours, star level, entries on notice, a certificate, wishes to claim and deliver.",
        "城南社区治安巡逻队、青年志愿服务队志愿者：可报名的活动（部分需要本人的技能）、已报名的活动、"
        "服务时长、星级、公示中的记录和服务证明，可认领和送达心愿。",
    ),
    DemoLogin(
        "resident",
        Role.RESIDENT,
        "居民",
        "曾小明 of 锦绣小区: sees only his own household and posts its wishes.",
        "锦绣小区居民曾小明：只看到自己家，可为家人发布心愿。",
    ),
    DemoLogin(
        "partner",
        Role.PARTNER_CONTACT,
        "共建单位联系人",
        "Contact of the partner unit 柘荣县人社局: claims wishes on 城南社区's wall and follows the unit's claims.",
        "共建单位柘荣县人社局联系人：在城南社区微心愿墙认领心愿，跟进本单位的认领。",
    ),
    DemoLogin(
        "cadre",
        Role.PAIRED_CADRE,
        "挂户干部",
        "A cadre paired with households of 城南社区 (pairing pages arrive with the service desk).",
        "城南社区挂户干部（结对页面随便民服务模块上线）。",
    ),
)

# (name, kind, communities it co-builds with): county agencies and "two new" organisations.
PARTNERS = (
    ("柘荣县人社局", PartnerUnit.Kind.AGENCY, ("城南社区", "城北社区")),
    ("柘荣县司法局", PartnerUnit.Kind.AGENCY, ("城南社区",)),
    ("柘荣县卫健局", PartnerUnit.Kind.AGENCY, ("城南社区",)),
    ("柘荣县妇联", PartnerUnit.Kind.AGENCY, ("城南社区", "城北社区")),
    ("柘荣仙屏村镇银行", PartnerUnit.Kind.ENTERPRISE, ("城南社区",)),
    ("仙屏山药业有限公司", PartnerUnit.Kind.ENTERPRISE, ("城南社区",)),
    ("柘荣县邻里社会工作服务中心", PartnerUnit.Kind.SOCIAL_ORG, ("城南社区", "城北社区")),
)


def load(*, preset: str = "demo", seed: int = SEED, log: Callable[[str], None] = lambda line: None) -> Counter:
    """The registry's part of the demo (registered with core.demo, which runs the other apps' parts
    after it and wraps them all in one transaction but for the county preset); return what was
    written, by kind."""
    loader = _Loader(seed=seed, log=log)
    loader.run(preset)
    return loader.counts


def numeral(n: int) -> str:
    return NUMERALS[n - 1] if 1 <= n <= len(NUMERALS) else str(n)


class _Loader:
    def __init__(self, *, seed: int, log: Callable[[str], None]):
        self.seed = seed
        self.rng = random.Random(seed)
        self.people = People(self.rng)
        self.families = FamilyMaker(self.people)
        self.log = log
        self.tags = dict(Tag.objects.filter(community__isnull=True).values_list("code", "pk"))
        self.counts: Counter = Counter()
        self.units: dict[str, OrgUnit] = {}  # the county, 双城镇, 城南社区, 城北社区
        self.found: dict[str, object] = {}  # what the demo logins are attached to
        self.started = time.monotonic()

    def run(self, preset: str) -> None:
        county = services.create_org_unit(by=None, kind=OrgUnit.Kind.COUNTY, name="柘荣县", code="350926", parent=None)
        self.units["county"] = county
        for t_index, town_spec in enumerate(towns_for(preset, self.seed), start=1):
            town = services.create_org_unit(
                by=None,
                kind=OrgUnit.Kind.TOWN,
                name=town_spec.name,
                code=town_spec.code,
                parent=county,
                sort_order=t_index,
            )
            self.units.setdefault(town_spec.name, town)
            for c_index, spec in enumerate(town_spec.communities, start=1):
                with transaction.atomic():
                    self.community(spec, town, code=f"{town_spec.code}{c_index:03d}", index=c_index)
                if self.counts["communities"] % 10 == 0:
                    self.log(
                        f"  {self.counts['communities']} communities, {self.counts['residents']:,} residents,"
                        f" {time.monotonic() - self.started:.0f} s"
                    )
        with transaction.atomic():
            self.partner_units()
            self.logins()

    # --- one community --------------------------------------------------------------------------

    def community(self, spec: CommunitySpec, town: OrgUnit, *, code: str, index: int) -> None:
        community = services.create_org_unit(
            by=None, kind=OrgUnit.Kind.COMMUNITY, name=spec.name, code=code, parent=town, sort_order=index
        )
        self.units.setdefault(spec.name, community)
        compounds = [
            self.compound(cs, community, code=f"{code}-{i:02d}", index=i) for i, cs in enumerate(spec.compounds, 1)
        ]
        households = [
            Household(
                county_id=community.county_id,
                community=community,
                compound=compound,
                building=building,
                unit=unit,
                room=room,
                address=(address := Household.format_address(compound.name, building.name, unit, room)),
                sort_key=Household.address_sort_key(address),
            )
            for cs, compound, buildings in compounds
            for building in buildings
            for unit, room in self.flats(cs, spec.occupancy)
        ]
        groups = self.grid(spec, community, compounds, households)
        Household.objects.bulk_create(households, batch_size=500)
        party_orgs = self.party_orgs(spec, community, compounds)
        plans = self.residents(spec, community, households, groups[0])
        self.party_members(plans, party_orgs)
        self.grid_accounts(spec, code, groups, plans)
        record_event(
            by=None,
            action="registry.demo.load",
            obj=community,
            community_id=community.pk,
            county_id=community.county_id,
            details={"households": len(households), "residents": sum(len(p[2]) for p in plans), "seed": self.seed},
        )
        self.counts["communities"] += 1
        self.counts["households"] += len(households)

    def compound(self, cs: CompoundSpec, community: OrgUnit, *, code: str, index: int):
        compound = services.create_org_unit(
            by=None, kind=OrgUnit.Kind.COMPOUND, name=cs.name, code=code, parent=community, sort_order=index
        )
        buildings = [
            services.create_org_unit(
                by=None,
                kind=OrgUnit.Kind.BUILDING,
                name=f"{b}栋",
                code=f"{code}-{b:02d}",
                parent=compound,
                sort_order=b,
            )
            for b in range(1, cs.buildings + 1)
        ]
        return cs, compound, buildings

    def flats(self, cs: CompoundSpec, occupancy: float) -> list[tuple[str, str]]:
        """The occupied flats of one building as (entrance, room); one-entrance blocks have none."""
        return [
            (str(entrance) if cs.entrances > 1 else "", f"{floor}{room:02d}")
            for entrance in range(1, cs.entrances + 1)
            for floor in range(1, cs.floors + 1)
            for room in range(1, cs.rooms + 1)
            if self.rng.random() < occupancy
        ]

    def grid(self, spec: CommunitySpec, community: OrgUnit, compounds, households: list[Household]) -> list[GridUnit]:
        """A zone per compound, groups of whole buildings of ~group_size households; a few left out."""
        by_building: dict[int, list[Household]] = defaultdict(list)
        for household in households:
            by_building[household.building_id].append(household)
        groups: list[GridUnit] = []
        for z, (_cs, compound, buildings) in enumerate(compounds, start=1):
            zone = services.create_grid_unit(
                by=None,
                community=community,
                kind=GridUnit.Kind.ZONE,
                name=f"第{numeral(z)}片（{compound.name}）",
                code=f"Z{z}",
            )
            total = sum(len(by_building[b.pk]) for b in buildings)
            count = max(1, min(len(buildings), round(total / spec.group_size)))
            zone_groups: list[GridUnit] = []
            placed = 0
            for building in buildings:
                # Whole buildings go to the group their middle household falls in: groups come out even.
                size = len(by_building[building.pk])
                index = min(count - 1, int((placed + size / 2) * count / max(total, 1)))
                while len(zone_groups) <= index:
                    number = len(zone_groups) + 1
                    zone_groups.append(
                        services.create_grid_unit(
                            by=None,
                            community=community,
                            kind=GridUnit.Kind.GROUP,
                            name=f"第{numeral(z)}片第{number}组",
                            code=f"Z{z}-G{number}",
                            zone=zone,
                        )
                    )
                first = z == 1 and len(zone_groups) == 1
                for household in by_building[building.pk]:
                    placed += 1
                    # New arrivals not yet placed in a group: the grid covers almost, not quite, all.
                    if not first and self.rng.random() < 0.005:
                        continue
                    household.grid_group = zone_groups[-1]
            groups.extend(zone_groups)
        self.counts["grid_groups"] += len(groups)
        return groups

    def party_orgs(self, spec: CommunitySpec, community: OrgUnit, compounds) -> dict[int, PartyOrg]:
        """The committee, compound branches and building party groups; returns each building's org."""
        committee = services.create_party_org(
            by=None,
            community=community,
            kind=PartyOrg.Kind.COMMITTEE,
            name=f"{spec.name}党委",
            founded_on=spec.committee_founded,
        )
        org_of: dict[int, PartyOrg] = {}
        for cs, compound, buildings in compounds:
            org_of.update(dict.fromkeys((b.pk for b in buildings), committee))
            if not cs.branch:
                continue
            founded, formal = cs.branch
            provisional = formal != founded
            branch = services.create_party_org(
                by=None,
                community=community,
                kind=PartyOrg.Kind.BRANCH,
                name=f"{cs.name}{'临时' if formal is None else ''}党支部",
                founded_on=founded,
                parent=committee,
                compound=compound,
                status=PartyOrg.Status.PROVISIONAL if provisional else PartyOrg.Status.FORMAL,
            )
            if provisional and formal:
                branch = services.formalize_party_branch(by=None, branch=branch, on=formal)
            org_of.update(dict.fromkeys((b.pk for b in buildings), branch))
            for g in range(cs.party_groups):
                chunk = buildings[g * len(buildings) // cs.party_groups : (g + 1) * len(buildings) // cs.party_groups]
                span = chunk[0].name if len(chunk) == 1 else f"{chunk[0].name[:-1]}-{chunk[-1].name}"
                group = services.create_party_org(
                    by=None,
                    community=community,
                    kind=PartyOrg.Kind.GROUP,
                    name=f"{cs.name}第{numeral(g + 1)}楼栋党小组（{span}）",
                    founded_on=formal or founded,
                    parent=branch,
                    building=chunk[0],
                )
                org_of.update(dict.fromkeys((b.pk for b in chunk), group))
        return org_of

    # --- people ---------------------------------------------------------------------------------

    def residents(
        self, spec: CommunitySpec, community: OrgUnit, households: list[Household], first_group: GridUnit
    ) -> list[tuple[Household, Family, list[Resident]]]:
        """Families for every household, written in bulk: adults first, then minors with guardians."""
        plans = []
        adults: list[Resident] = []
        minors: list[Resident] = []
        landmark = [h for h in households if h.grid_group_id == first_group.pk][:2] if spec.chengnan else []
        for household in households:
            family = self.families.family(father=RESIDENT_LOGIN_NAME if household in landmark[:1] else None)
            if household in landmark[1:]:
                # The grid login's group shows at least one party badge (亮身份).
                head = family.people[0]
                kind, joined, work_unit, _shows = head.party or self.families.party(head)
                head.party = (kind, joined, work_unit, True)
            rows = [self.resident(person, household) for person in family.people]
            for person, row in zip(family.people, rows, strict=True):
                if person.guardian is None:
                    adults.append(row)
                else:
                    row.guardian = rows[person.guardian]
                    minors.append(row)
            plans.append((household, family, rows))
        Resident.objects.bulk_create(adults, batch_size=500)
        Resident.objects.bulk_create(minors, batch_size=500)
        everyone = adults + minors
        keys = [key for row in everyone for key in services.search_key_rows(row)]
        ResidentSearchKey.objects.bulk_create(keys, batch_size=2000)
        self.tag_rows(plans)
        if spec.chengnan:
            self.find_landmarks(plans, landmark)
        self.counts["residents"] += len(everyone)
        self.counts["search_keys"] += len(keys)
        return plans

    def resident(self, person: Person, household: Household) -> Resident:
        return Resident(
            county_id=household.county_id,
            community_id=household.community_id,
            household=household,
            relation=person.relation,
            name=person.name,
            gender=person.gender,
            birth_date=person.birth_date,
            status=person.status,
            **services.pii_columns(id_number=person.id_number, phone=person.phone),
        )

    def tag_rows(self, plans) -> None:
        household_tags = [
            Household.tags.through(household_id=household.pk, tag_id=self.tags[code])
            for household, family, _rows in plans
            for code in sorted(family.tags)
        ]
        resident_tags = [
            Resident.tags.through(resident_id=row.pk, tag_id=self.tags[code])
            for _household, family, rows in plans
            for person, row in zip(family.people, rows, strict=True)
            for code in sorted(person.tags)
        ]
        Household.tags.through.objects.bulk_create(household_tags, batch_size=2000)
        Resident.tags.through.objects.bulk_create(resident_tags, batch_size=2000)

    def party_members(self, plans, org_of: dict[int, PartyOrg]) -> None:
        members = [
            PartyMember(
                resident=row,
                county_id=row.county_id,
                community_id=row.community_id,
                party_org=org_of[household.building_id],
                kind=person.party[0],
                joined_on=person.party[1],
                work_unit=person.party[2],
                shows_identity=person.party[3],
            )
            for household, family, rows in plans
            for person, row in zip(family.people, rows, strict=True)
            if person.party
        ]
        PartyMember.objects.bulk_create(members, batch_size=1000)
        self.counts["party_members"] += len(members)

    def find_landmarks(self, plans, landmark: list[Household]) -> None:
        """The residents the demo logins stand for: 曾小明, a representative, a volunteer, a leader."""
        pairs = [(h, p, r) for h, family, rows in plans for p, r in zip(family.people, rows, strict=True)]
        group_id = landmark[0].grid_group_id

        def adult(h: Household, p: Person) -> bool:
            return p.age >= 22 and p.status == Resident.Status.ACTIVE

        def adult_in_group(h: Household, p: Person) -> bool:
            return adult(h, p) and h.grid_group_id == group_id

        wanted = {  # the best fit first, then fallbacks so that the tiny preset has them too
            "resident": [lambda h, p: h == landmark[0] and p.relation == Resident.Relation.HEAD],
            "rep": [
                lambda h, p: adult_in_group(h, p) and p.relation == Resident.Relation.HEAD and p.age >= 40,
                adult_in_group,
            ],
            "volunteer": [lambda h, p: adult(h, p) and p.age <= 35 and not p.party, adult],
            "leader": [lambda h, p: adult(h, p) and 30 <= p.age <= 55 and bool(p.party and p.party[3]), adult],
        }
        self.found["group"] = landmark[0].grid_group
        for key, choices in wanted.items():
            taken = set(self.found.values())
            self.found[key] = next(r for fits in choices for h, p, r in pairs if fits(h, p) and r not in taken)

    def grid_accounts(self, spec: CommunitySpec, code: str, groups: list[GridUnit], plans) -> None:
        """A grid worker and two household-head representatives for every group, roles granted."""
        taken = {r.pk for r in self.found.values() if isinstance(r, Resident)}
        heads_by_group: dict[int, list[Resident]] = defaultdict(list)
        for household, family, rows in plans:
            head = rows[0]
            if household.grid_group_id and family.people[0].age >= 30 and head.pk not in taken:
                heads_by_group[household.grid_group_id].append(head)
        grants: list[tuple[User, str, GridUnit]] = []
        for number, group in enumerate(groups, start=1):
            # The landmark group's grid worker is the `grid` demo login.
            if not (spec.chengnan and number == 1):
                worker_born = self.people.birth_date(self.rng.randint(25, 50))
                worker = User(
                    username=f"grid-{code}-{number:02d}",
                    display_name=self.people.name(self.rng.choice("MF"), worker_born),
                    password=make_password(None),
                )
                grants.append((worker, Role.GRID_WORKER, group))
            for k, head in enumerate(heads_by_group[group.pk][:2], start=1):
                rep = User(
                    username=f"rep-{code}-{number:02d}-{k}",
                    display_name=head.name,
                    resident=head,
                    password=make_password(None),
                )
                grants.append((rep, Role.HOUSEHOLD_REP, group))
        User.objects.bulk_create([user for user, _role, _group in grants], batch_size=500)
        for user, role, group in grants:
            grant_role(by=None, user=user, role=role, grid_unit=group)
        self.counts["accounts"] += len(grants)

    # --- the county's partner units and the demo logins -----------------------------------------

    def partner_units(self) -> None:
        for name, kind, community_names in PARTNERS:
            surname = self.people.surname()
            born = self.people.birth_date(self.rng.randint(28, 50))
            unit = services.create_partner_unit(
                by=None,
                county=self.units["county"],
                name=name,
                kind=kind,
                contact_name=self.people.name(self.rng.choice("MF"), born, surname),
                contact_phone=self.people.mobile(),
                address="柘荣县双城镇",
                communities=[self.units[c] for c in community_names],
            )
            self.units.setdefault(name, unit)
        self.counts["partner_units"] += len(PARTNERS)

    def logins(self) -> None:
        chengnan = self.units["城南社区"]
        group = self.found["group"]
        areas = {
            "staff": {"org_unit": chengnan},
            "staff_b": {"org_unit": self.units["城北社区"]},
            "grid": {"grid_unit": group},
            "rep": {"grid_unit": group},
            "town": {"org_unit": self.units["双城镇"]},
            "county": {"org_unit": self.units["county"]},
            "leader": {"org_unit": chengnan},
            "volunteer": {"org_unit": chengnan},
            "resident": {"household": self.found["resident"].household},
            "partner": {"org_unit": chengnan, "partner_unit": self.units["柘荣县人社局"]},
            "cadre": {"org_unit": chengnan},
        }
        for login in LOGINS:
            resident = self.found.get(login.username)
            if login.username == "partner":
                display_name = self.units["柘荣县人社局"].contact_name
            elif resident is not None:
                display_name = resident.name
            else:
                display_name = self.people.name(self.rng.choice("MF"), self.people.birth_date(self.rng.randint(26, 55)))
            user, _password = create_account(
                by=None, username=login.username, display_name=display_name, password=DEMO_PASSWORD, resident=resident
            )
            grant_role(by=None, user=user, role=login.role, **areas[login.username])
        self.counts["accounts"] += len(LOGINS)
