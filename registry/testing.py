"""Small deterministic factories for tests: make_* with sensible defaults."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from accounts.models import User
from accounts.services import create_account, grant_role
from core.idcard import make_id_number
from registry import services
from registry.models import GridUnit, Household, OrgUnit, PartyOrg, Resident

_seq = itertools.count(1)


def _n() -> int:
    return next(_seq)


def make_org_unit(kind: str, parent: OrgUnit | None, name: str | None = None, code: str | None = None) -> OrgUnit:
    n = _n()
    return services.create_org_unit(
        by=None, kind=kind, parent=parent, name=name or f"{kind}-{n}", code=code or f"T{kind[:3].upper()}{n:05d}"
    )


def make_community(town: OrgUnit, name: str | None = None) -> OrgUnit:
    return make_org_unit(OrgUnit.Kind.COMMUNITY, town, name)


def make_building(community: OrgUnit, compound_name: str | None = None, building_name: str | None = None) -> OrgUnit:
    compound = (
        OrgUnit.objects.filter(parent=community, kind=OrgUnit.Kind.COMPOUND, name=compound_name).first()
        if compound_name
        else None
    )
    compound = compound or make_org_unit(OrgUnit.Kind.COMPOUND, community, compound_name)
    return make_org_unit(OrgUnit.Kind.BUILDING, compound, building_name)


def make_grid_group(community: OrgUnit, zone: GridUnit | None = None) -> GridUnit:
    zone = zone or services.create_grid_unit(
        by=None, community=community, kind=GridUnit.Kind.ZONE, name=f"片区{_n()}", code=f"Z{_n()}"
    )
    return services.create_grid_unit(
        by=None, community=community, kind=GridUnit.Kind.GROUP, name=f"网格组{_n()}", code=f"G{_n()}", zone=zone
    )


def make_household(
    building: OrgUnit, *, room: str | None = None, unit: str = "1", grid_group: GridUnit | None = None, **kw: Any
) -> Household:
    return services.create_household(
        by=None, building=building, unit=unit, room=room or str(100 + _n()), grid_group=grid_group, **kw
    )


def make_id(birth_date: dt.date = dt.date(1960, 5, 17), gender: str = "F", region: str = "350926") -> str:
    return make_id_number(region=region, birth_date=birth_date, sequence=_n(), gender=gender)


def make_resident(
    household: Household,
    *,
    name: str = "黄秀琴",
    birth_date: dt.date = dt.date(1960, 5, 17),
    gender: str = "F",
    relation: str = Resident.Relation.OTHER,
    id_number: str | None = None,
    phone: str = "",
    **kw: Any,
) -> Resident:
    if id_number is None:
        id_number = make_id(birth_date, gender)
    return services.create_resident(
        by=None,
        household=household,
        name=name,
        birth_date=birth_date,
        gender=gender,
        relation=relation,
        id_number=id_number,
        phone=phone,
        **kw,
    )


def make_party_branch(community: OrgUnit, compound: OrgUnit, **kw: Any) -> PartyOrg:
    kw.setdefault("founded_on", dt.date(2016, 3, 1))
    return services.create_party_org(
        by=None, community=community, kind=PartyOrg.Kind.BRANCH, name=f"{compound.name}党支部", compound=compound, **kw
    )


def make_user(
    username: str | None = None, *, role: str | None = None, password: str = "correct-horse-42", **area: Any
) -> User:
    user, _ = create_account(
        by=None, username=username or f"user{_n()}", display_name=username or "", password=password
    )
    if role:
        grant_role(by=None, user=user, role=role, **area)
    return user
