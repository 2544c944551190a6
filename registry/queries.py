"""Scoped reads of the registry. Everything that lists or fetches by user comes through here."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Case, Exists, OuterRef, Prefetch, Q, QuerySet, When

from accounts.roles import Cap
from core import idcard, pii
from registry.models import (
    GridUnit,
    Household,
    OrgUnit,
    PartnerUnit,
    PartyMember,
    PartyOrg,
    Resident,
    ResidentSearchKey,
)
from registry.pinyin import upper_bound
from registry.scoping import get_for_user, scope_for

_DIGITS4 = re.compile(r"^\d{4}$")
_LATIN = re.compile(r"^[a-zA-Z]+$")


def households_for_user(user: Any, cap: str = Cap.REGISTRY_VIEW) -> QuerySet[Household]:
    return Household.objects.for_user(user, cap)


def residents_for_user(user: Any, cap: str = Cap.REGISTRY_VIEW) -> QuerySet[Resident]:
    return Resident.objects.for_user(user, cap)


def get_household_for_user(user: Any, pk: Any, *, change: bool = False) -> Household:
    return get_for_user(
        Household.objects.select_related("community", "compound", "building", "grid_group__parent"),
        user,
        pk,
        change=Cap.REGISTRY_CHANGE if change else None,
    )


def get_resident_for_user(user: Any, pk: Any, *, change: bool = False, reveal: bool = False) -> Resident:
    cap = Cap.REGISTRY_REVEAL if reveal else (Cap.REGISTRY_CHANGE if change else None)
    return get_for_user(Resident.objects.select_related("household", "community", "guardian"), user, pk, change=cap)


def get_org_unit_for_user(user: Any, pk: Any, *, manage: bool = False) -> OrgUnit:
    return get_for_user(OrgUnit.objects.all(), user, pk, change=Cap.REGISTRY_MANAGE if manage else None)


def get_grid_unit_for_user(user: Any, pk: Any) -> GridUnit:
    return get_for_user(GridUnit.objects.select_related("community", "parent"), user, pk)


def get_party_org_for_user(user: Any, pk: Any, *, manage: bool = False) -> PartyOrg:
    return get_for_user(
        PartyOrg.objects.select_related("community", "compound", "building", "parent"),
        user,
        pk,
        change=Cap.REGISTRY_MANAGE if manage else None,
    )


def get_partner_unit_for_user(user: Any, pk: Any, *, manage: bool = False) -> PartnerUnit:
    return get_for_user(PartnerUnit.objects.all(), user, pk, change=Cap.REGISTRY_MANAGE if manage else None)


def communities_for_user(user: Any, cap: str = Cap.REGISTRY_VIEW) -> QuerySet[OrgUnit]:
    """Communities the user holds `cap` over as a whole (staff, town and county admins)."""
    scope = scope_for(user)
    qs = OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNITY)
    return qs if scope.is_superuser else qs.filter(pk__in=sorted(scope.community_ids(cap)))


def with_party_badge(households: QuerySet[Household]) -> QuerySet[Household]:
    """Annotate `has_party_badge`: a member of the household shows their party identity."""
    badge = PartyMember.objects.filter(
        resident__household=OuterRef("pk"), shows_identity=True, resident__status=Resident.Status.ACTIVE
    )
    return households.annotate(has_party_badge=Exists(badge))


def search_residents(user: Any, query: str, *, limit: int = 50) -> list[Resident]:
    """Residents in the user's scope matching a name, pinyin, initials, last-4 digits or full number."""
    q = query.strip()
    if not q:
        return []
    residents = residents_for_user(user)
    compact = q.replace(" ", "")
    if _DIGITS4.match(compact):
        matches = residents.filter(Q(phone_last4=compact) | Q(id_last4=compact))
    elif len(compact) == 18 and compact[:17].isdigit():
        matches = residents.filter(id_number_hash=pii.keyed_hash(idcard.normalize(compact)))
    elif compact.isdigit() and len(compact) >= 7:
        matches = residents.filter(phone_hash=pii.keyed_hash(pii.normalize_phone(compact)))
    else:
        key = compact.lower() if _LATIN.match(compact) else compact
        keys = ResidentSearchKey.objects.filter(key__gte=key, key__lt=upper_bound(key))
        scope = scope_for(user)
        communities = scope.community_ids()
        if (
            not scope.is_superuser
            and communities
            and not set(scope.areas.get(Cap.REGISTRY_VIEW, {})) - {"community", "county", "town"}
        ):
            # Whole-community scopes narrow the key index first; other scopes filter residents after.
            keys = keys.filter(community_id__in=sorted(communities))
        matches = residents.filter(pk__in=keys.values("resident_id"))
    return list(matches.select_related("household").order_by("name", "pk")[:limit])


def search_households(user: Any, query: str, *, limit: int = 20) -> list[Household]:
    q = " ".join(query.split())
    if not q:
        return []
    households = households_for_user(user)
    for part in q.split(" "):
        households = households.filter(address__contains=part)
    return list(with_party_badge(households).order_by("address")[:limit])


def household_members(household: Household) -> QuerySet[Resident]:
    head_first = Case(When(relation=Resident.Relation.HEAD, then=0), default=1)
    return (
        household.members.select_related("party_member__party_org")
        .prefetch_related("tags")
        .order_by("status", head_first, "birth_date")
    )


def household_list(user: Any) -> QuerySet[Household]:
    """The household table: address, grid, tags and badge in a fixed number of queries."""
    return (
        with_party_badge(households_for_user(user))
        .select_related("grid_group", "compound")
        .prefetch_related(Prefetch("tags"))
    )
