"""Who lives in a demo household: family shapes, ages, phones, tags and party membership.

Shares follow a small county town: mostly couples with children, three generations under one
roof, elderly couples and elderly living alone, children left with grandparents, tenants.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from registry.demo_names import ANCHOR, People
from registry.models import PartyMember, Resident

R = Resident.Relation
ADULT_AGE = 18  # everyone younger gets a guardian in the household

# (kind, weight): about 3.2 people a household, so 2,000 households hold ~6,400 residents.
KINDS = (
    ("nuclear", 40),
    ("three_generations", 15),
    ("couple", 10),
    ("elderly_couple", 10),
    ("elderly_alone", 5),
    ("single", 7),
    ("single_parent", 4),
    ("left_behind", 3),
    ("rental", 6),
)
AGENCY_WORK_UNITS = (
    "柘荣县人社局",
    "柘荣县司法局",
    "柘荣县卫健局",
    "柘荣县教育局",
    "柘荣县财政局",
    "柘荣县自然资源局",
    "柘荣县医院",
    "双城镇人民政府",
    "柘荣县第一中学",
)
OTHER_WORK_UNITS = ("仙屏山药业有限公司", "柘荣仙屏村镇银行", "个体经营", "")


@dataclass
class Person:
    name: str
    gender: str
    birth_date: dt.date
    relation: str
    elsewhere: bool = False  # born outside the county: another region code in the ID number
    guardian: int | None = None  # index of the guardian in the household's list
    status: str = Resident.Status.ACTIVE
    tags: set[str] = field(default_factory=set)
    id_number: str = ""
    phone: str = ""
    party: tuple[str, dt.date, str, bool] | None = None  # kind, joined on, work unit, shows identity

    @property
    def age(self) -> int:
        born = self.birth_date
        return ANCHOR.year - born.year - ((ANCHOR.month, ANCHOR.day) < (born.month, born.day))


@dataclass
class Family:
    kind: str
    people: list[Person]
    tags: set[str] = field(default_factory=set)  # household tags


class FamilyMaker:
    def __init__(self, people: People):
        self.p = people
        self.rng = people.rng

    def person(self, gender: str, age: int, relation: str, surname: str | None = None, **kw) -> Person:
        born = self.p.birth_date(max(0, min(age, 98)))
        return Person(self.p.name(gender, born, surname), gender, born, relation, **kw)

    def family(self, *, father: tuple[str, str] | None = None) -> Family:
        """A household of a random shape, or a couple with children whose father is named."""
        if father:
            family = self._nuclear(head_gender="M", head_surname=father[0])
            family.people[0].name = "".join(father)
        else:
            kind = self.rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
            family = getattr(self, f"_{kind}")()
        for index, person in enumerate(family.people):
            self._finish(person, family, index)
        self._household_tags(family)
        return family

    # --- family shapes --------------------------------------------------------------------

    def _couple_people(self, head_age: int, head_gender: str | None = None, head_surname: str | None = None) -> list:
        rng = self.rng
        gender = head_gender or ("M" if rng.random() < 0.8 else "F")
        head = self.person(gender, head_age, R.HEAD, head_surname)
        other = "F" if gender == "M" else "M"
        spouse_age = max(20, head_age + rng.randint(-4, 3) * (1 if gender == "M" else -1))
        spouse = self.person(other, spouse_age, R.SPOUSE, elsewhere=rng.random() < 0.25)
        return [head, spouse]

    def _children(self, family: list[Person], count: int, relation: str = R.CHILD) -> None:
        father = next((p for p in family if p.gender == "M"), None)
        mother = next((p for p in family if p.gender == "F" and p.relation in (R.HEAD, R.SPOUSE)), None)
        surname = self._surname(father) if father else self.p.surname()
        youngest_parent = min(p.age for p in family if p.relation in (R.HEAD, R.SPOUSE))
        guardian = family.index(mother or father or family[0])
        for _ in range(count):
            age = self.rng.randint(0, max(0, youngest_parent - 22))
            gender = self.rng.choice("MF")
            child = self.person(gender, age, relation, surname)
            if age < ADULT_AGE:
                child.guardian = guardian
            elif relation == R.CHILD and self.rng.random() < 0.15:
                child.status = Resident.Status.MOVED_OUT  # studying or working elsewhere
            family.append(child)

    def _surname(self, person: Person) -> str:
        return person.name[:2] if person.name.startswith("欧阳") else person.name[0]

    def _nuclear(self, head_gender: str | None = None, head_surname: str | None = None) -> Family:
        people = self._couple_people(self.rng.randint(26, 55), head_gender, head_surname)
        self._children(people, self.rng.choices((1, 2, 3), (50, 42, 8))[0])
        return Family("nuclear", people)

    def _three_generations(self) -> Family:
        head_age = self.rng.randint(30, 52)
        people = self._couple_people(head_age)
        self._children(people, self.rng.choices((1, 2), (55, 45))[0])
        head = people[0]
        if self.rng.random() < 0.55:
            people.append(self.person("M", head_age + self.rng.randint(24, 34), R.PARENT, self._surname(head)))
            people.append(self.person("F", people[-1].age + self.rng.randint(-5, 1), R.PARENT))
        else:  # a widowed parent, more often the mother
            gender = "F" if self.rng.random() < 0.65 else "M"
            surname = self._surname(head) if gender == "M" else None
            people.append(self.person(gender, head_age + self.rng.randint(24, 36), R.PARENT, surname))
        return Family("three_generations", people)

    def _couple(self) -> Family:
        age = self.rng.choice((self.rng.randint(24, 36), self.rng.randint(50, 66)))
        family = Family("couple", self._couple_people(age, "M"))
        if all(p.age >= 60 for p in family.people):
            family.tags.add("empty-nest")
        return family

    def _elderly_couple(self) -> Family:
        return Family("elderly_couple", self._couple_people(self.rng.randint(62, 88), "M"), {"empty-nest"})

    def _elderly_alone(self) -> Family:
        gender = "F" if self.rng.random() < 0.65 else "M"
        return Family("elderly_alone", [self.person(gender, self.rng.randint(68, 94), R.HEAD)], {"elderly-alone"})

    def _single(self) -> Family:
        return Family("single", [self.person(self.rng.choice("MF"), self.rng.randint(20, 58), R.HEAD)])

    def _single_parent(self) -> Family:
        gender = "F" if self.rng.random() < 0.7 else "M"
        people = [self.person(gender, self.rng.randint(28, 50), R.HEAD)]
        self._children(people, self.rng.choice((1, 1, 2)))
        return Family("single_parent", people)

    def _left_behind(self) -> Family:
        """Children living with grandparents while their parents work in another city."""
        people = self._couple_people(self.rng.randint(56, 72), "M")
        if self.rng.random() < 0.15:
            people.pop()
        surname = self._surname(people[0])
        guardian = len(people) - 1  # the grandmother where there is one
        for _ in range(self.rng.choice((1, 1, 2))):
            child = self.person(self.rng.choice("MF"), self.rng.randint(3, 13), R.GRANDCHILD, surname)
            child.guardian = guardian
            child.tags.add("left-behind-child")
            people.append(child)
        return Family("left_behind", people)

    def _rental(self) -> Family:
        people = [self.person(self.rng.choice("MF"), self.rng.randint(21, 45), R.HEAD, elsewhere=True)]
        for _ in range(self.rng.choice((0, 1, 1, 2))):
            people.append(self.person(self.rng.choice("MF"), self.rng.randint(20, 40), R.TENANT, elsewhere=True))
        return Family("rental", people, {"rental"})

    # --- what every resident gets -----------------------------------------------------------

    def _finish(self, person: Person, family: Family, index: int) -> None:
        rng, age = self.rng, person.age
        person.elsewhere = person.elsewhere or rng.random() < 0.05
        person.id_number = self.p.id_number(person.birth_date, person.gender, elsewhere=person.elsewhere)
        phone_share = 0.0 if age < 14 else 0.35 if age < 18 else 0.92 if age < 75 else 0.45
        if rng.random() < phone_share:
            person.phone = self.p.mobile()
        if family.kind == "elderly_alone":
            person.tags.add("elderly-alone")
        if "empty-nest" in family.tags:
            person.tags.add("empty-nest")
        if rng.random() < (0.06 if age >= 60 else 0.02):
            person.tags.add("disability")
        if age >= 40 and rng.random() < 0.01:
            person.tags.add("serious-illness")
        if person.gender == "M" and 35 <= age <= 80 and rng.random() < 0.04:
            person.tags.add("veteran")
            if rng.random() < 0.3:
                person.tags.add("special-care")
        if age >= ADULT_AGE and person.status == Resident.Status.ACTIVE:
            share = 0.09 if age >= 60 else 0.07 if age >= 36 else 0.04
            if rng.random() < share:
                person.party = self.party(person)

    def party(self, person: Person) -> tuple[str, dt.date, str, bool]:
        rng, age = self.rng, person.age
        K = PartyMember.Kind
        if age >= 60:
            kind = rng.choices((K.RETIRED, K.REGISTERED, K.OTHER), (75, 20, 5))[0]
        elif person.elsewhere:
            kind = rng.choices((K.FLOATING, K.IN_SERVICE, K.OTHER), (60, 25, 15))[0]
        else:
            kind = rng.choices((K.IN_SERVICE, K.REGISTERED, K.FLOATING, K.OTHER), (35, 30, 15, 20))[0]
        work_unit = ""
        if kind == K.IN_SERVICE:
            work_unit = rng.choice(AGENCY_WORK_UNITS)
        elif kind == K.OTHER:
            work_unit = rng.choice(OTHER_WORK_UNITS)
        joined_age = rng.randint(18, max(18, min(age, 45)))
        joined = person.birth_date.replace(day=1) + dt.timedelta(days=365 * joined_age + rng.randrange(300))
        return kind, min(joined, ANCHOR), work_unit, rng.random() < 0.85

    def _household_tags(self, family: Family) -> None:
        rng = self.rng
        needy = family.kind in ("elderly_alone", "single_parent") or any(
            "disability" in p.tags or "serious-illness" in p.tags for p in family.people
        )
        if rng.random() < (0.08 if needy else 0.012):
            family.tags.add("low-income")
        if rng.random() < (0.06 if needy else 0.008):
            family.tags.add("hardship")
