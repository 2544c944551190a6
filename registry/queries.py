"""Scoped reads of the registry. Everything that lists or fetches by user comes through here."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import RoleMembership
from core import idcard, pii
from core.audit import present
from core.models import AuditEvent
from core.roles import Cap, Role
from core.scoping import get_for_user, scope_for
from core.sorting import natural_key
from core.typing import Viewer
from registry.models import (
    GridUnit,
    Household,
    OrgUnit,
    PartnerUnit,
    PartyMember,
    PartyOrg,
    Resident,
    ResidentSearchKey,
    RosterImport,
    Tag,
)
from registry.pinyin import upper_bound

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

_DIGITS4 = re.compile(r"^\d{4}$")
_LATIN = re.compile(r"^[a-zA-Z]+$")


def households_for_user(user: Viewer, cap: str = Cap.REGISTRY_VIEW) -> QuerySet[Household]:
    return Household.objects.for_user(user, cap)


def residents_for_user(user: Viewer, cap: str = Cap.REGISTRY_VIEW) -> QuerySet[Resident]:
    return Resident.objects.for_user(user, cap)


def get_household_for_user(user: Viewer, pk: int | str, *, change: bool = False) -> Household:
    return get_for_user(
        Household.objects.select_related("community", "compound", "building", "grid_group__parent"),
        user,
        pk,
        change=Cap.REGISTRY_CHANGE if change else None,
    )


def get_resident_for_user(user: Viewer, pk: int | str, *, change: bool = False, reveal: bool = False) -> Resident:
    cap = Cap.REGISTRY_REVEAL if reveal else (Cap.REGISTRY_CHANGE if change else None)
    return get_for_user(Resident.objects.select_related("household", "community", "guardian"), user, pk, change=cap)


def get_org_unit_for_user(user: Viewer, pk: int | str, *, manage: bool = False) -> OrgUnit:
    return get_for_user(OrgUnit.objects.all(), user, pk, change=Cap.REGISTRY_MANAGE if manage else None)


def get_grid_unit_for_user(user: Viewer, pk: int | str) -> GridUnit:
    return get_for_user(GridUnit.objects.select_related("community", "parent"), user, pk)


def get_party_org_for_user(user: Viewer, pk: int | str, *, manage: bool = False) -> PartyOrg:
    return get_for_user(
        PartyOrg.objects.select_related("community", "compound", "building", "parent"),
        user,
        pk,
        change=Cap.REGISTRY_MANAGE if manage else None,
    )


def get_partner_unit_for_user(user: Viewer, pk: int | str, *, manage: bool = False) -> PartnerUnit:
    return get_for_user(PartnerUnit.objects.all(), user, pk, change=Cap.REGISTRY_MANAGE if manage else None)


def get_roster_import_for_user(user: Viewer, pk: int | str) -> RosterImport:
    """An import, for those who manage its community: seeing it, retrying or discarding it."""
    imports = RosterImport.objects.select_related("community", "created_by")
    return get_for_user(imports, user, pk, change=Cap.REGISTRY_MANAGE)


def communities_for_user(user: Viewer, cap: str = Cap.REGISTRY_VIEW) -> QuerySet[OrgUnit]:
    """Communities the user holds `cap` over as a whole (staff, town and county admins)."""
    scope = scope_for(user)
    qs = OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNITY)
    return qs if scope.is_superuser else qs.filter(pk__in=sorted(scope.community_ids(cap)))


class PartyBadge(TypedDict):
    badge_member: int | None
    has_party_badge: bool


def with_party_badge(households: QuerySet[Household]) -> QuerySet[WithAnnotations[Household, PartyBadge]]:
    """Annotate `has_party_badge`: a member of the household shows their party identity.

    A scalar subquery with LIMIT 1, not EXISTS: PostgreSQL turns EXISTS into a hashed subplan
    that scans every resident of the county for a page of 50 households (90 ms against 3 ms).
    """
    member = PartyMember.objects.filter(
        resident__household=OuterRef("pk"), shows_identity=True, resident__status=Resident.Status.ACTIVE
    ).values("pk")[:1]
    badge = ExpressionWrapper(Q(badge_member__isnull=False), output_field=BooleanField())
    return households.annotate(badge_member=Subquery(member)).annotate(has_party_badge=badge)


def search_residents(user: Viewer, query: str, *, limit: int = 50) -> list[Resident]:
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
        kinds = set(scope.areas.get(Cap.REGISTRY_VIEW, {}))
        if not scope.is_superuser and kinds and not kinds - {"community", "county", "town"}:
            # Whole-community scopes narrow the key index first.
            keys = keys.filter(community_id__in=sorted(scope.community_ids()))
        elif not scope.is_superuser:
            keys = keys.filter(resident__in=residents.values("pk"))
        # Walk the key index in order and stop early: "wd" matches tens of thousands county-wide.
        ids = list(
            dict.fromkeys(keys.order_by("key", "resident_id").values_list("resident_id", flat=True)[: limit * 4])
        )
        matches = residents.filter(pk__in=ids)
    return list(matches.select_related("household").order_by("name", "pk")[:limit])


def search_households(user: Viewer, query: str, *, limit: int = 20) -> list[Household]:
    q = " ".join(query.split())
    if not q:
        return []
    if _LATIN.match(q.replace(" ", "")):
        return []  # pinyin finds people; addresses are written in characters and digits
    households = households_for_user(user)
    for part in q.split(" "):
        households = households.filter(address__contains=part)
    return list(with_party_badge(households).order_by("sort_key", "pk")[:limit])


def household_members(household: Household) -> QuerySet[Resident]:
    head_first = Case(When(relation=Resident.Relation.HEAD, then=0), default=1)
    return (
        household.members.select_related("party_member__party_org")
        .prefetch_related("tags")
        .order_by("status", head_first, "birth_date")
    )


def household_list(user: Viewer) -> QuerySet[Household]:
    """The household table: address, grid, tags and badge in a fixed number of queries."""
    return (
        with_party_badge(households_for_user(user))
        .select_related("grid_group", "compound")
        .prefetch_related(Prefetch("tags"))
    )


# --- reads for the registry pages ----------------------------------------------------------
# Imports stay inside these functions so this block can be appended without touching the top.


def can(user: Viewer, obj: Any, cap: str) -> bool:
    """Whether the user holds `cap` over this one record: decides which actions a page offers."""
    return type(obj).objects.for_user(user, cap).filter(pk=obj.pk).exists()


def get_resident_for_accounts(user: Viewer, pk: int | str) -> Resident:
    """A resident the user may make a login for: 404 outside scope, 403 without ACCOUNTS_MANAGE."""
    return get_for_user(Resident.objects.select_related("household", "community"), user, pk, change=Cap.ACCOUNTS_MANAGE)


def with_member_count(households: QuerySet[Household]) -> QuerySet[Household]:
    """Annotate `member_count`: residents living there, as a subquery so pages need no GROUP BY."""
    living = (
        Resident.objects.filter(household=OuterRef("pk"), status=Resident.Status.ACTIVE)
        .order_by()
        .values("household")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return households.annotate(member_count=Coalesce(Subquery(living), 0))


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` earlier (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def filter_households(
    households: QuerySet[Household],
    *,
    community: OrgUnit | None = None,
    compound: OrgUnit | None = None,
    building: OrgUnit | None = None,
    grid_group: GridUnit | None = None,
    tag: Tag | None = None,
    text: str = "",
) -> QuerySet[Household]:
    """Narrow a scoped household queryset by the filter bar's choices; None means any."""
    for field, value in (
        ("community", community),
        ("compound", compound),
        ("building", building),
        ("grid_group", grid_group),
        ("tags", tag),
    ):
        if value is not None:
            households = households.filter(**{field: value})
    for part in (text or "").split():
        households = households.filter(address__contains=part)
    return households


def filter_residents(
    residents: QuerySet[Resident],
    *,
    community: OrgUnit | None = None,
    compound: OrgUnit | None = None,
    grid_group: GridUnit | None = None,
    tag: Tag | None = None,
    gender: str = "",
    age_min: int | None = None,
    age_max: int | None = None,
    minors: bool = False,
    status: str = "",
) -> QuerySet[Resident]:
    """Narrow a scoped resident queryset by the filter bar's choices; ages are whole years today."""
    today = timezone.localdate()
    for field, value in (
        ("community", community),
        ("household__compound", compound),
        ("household__grid_group", grid_group),
        ("tags", tag),
    ):
        if value is not None:
            residents = residents.filter(**{field: value})
    if gender:
        residents = residents.filter(gender=gender)
    if status:
        residents = residents.filter(status=status)
    if minors:
        age_max = Resident.MINOR_AGE - 1 if age_max is None else min(age_max, Resident.MINOR_AGE - 1)
    if age_min is not None:
        residents = residents.filter(birth_date__lte=years_before(today, age_min))
    if age_max is not None:
        residents = residents.filter(birth_date__gt=years_before(today, age_max + 1))
    return residents


def unit_order(unit: OrgUnit) -> tuple:
    """Org units in their set order, then by name in natural order (1栋, 2栋 ... 10栋), then code."""
    return (unit.sort_order, natural_key(unit.name), natural_key(unit.code))


def grid_order(unit: GridUnit) -> tuple:
    """Grid zones and groups by name in natural order (第一片, 第二片; 第1组 ... 第10组), then code."""
    return (natural_key(unit.name), natural_key(unit.code))


class OrgNode:
    """One org unit on the tree page: its visible children and the households it holds."""

    def __init__(self, unit: OrgUnit):
        self.unit = unit
        self.children: list[OrgNode] = []
        self.households = self.hidden_children = 0

    def total(self) -> int:
        self.households += sum(child.total() for child in self.children)
        return self.households


def org_tree(user: Viewer) -> list[OrgNode]:
    """The org units the user sees, nested, with household counts, in two queries.

    Over more than one community the tree stops at compounds (buildings are on each compound's
    page), so a county's tree stays a page a person can read.
    """
    units = sorted(OrgUnit.objects.for_user(user), key=unit_order)
    counts = dict(households_for_user(user).order_by().values_list("building_id").annotate(n=Count("pk")))
    nodes = {unit.pk: OrgNode(unit) for unit in units}
    roots: list[OrgNode] = []
    for unit in units:
        node = nodes[unit.pk]
        node.households = counts.get(unit.pk, 0) if unit.kind == OrgUnit.Kind.BUILDING else 0
        (nodes[unit.parent_id].children if unit.parent_id in nodes else roots).append(node)
    for root in roots:
        root.total()
    if sum(unit.kind == OrgUnit.Kind.COMMUNITY for unit in units) > 1:
        for node in nodes.values():
            if node.unit.kind == OrgUnit.Kind.COMPOUND:
                node.hidden_children, node.children = len(node.children), []
    return roots


# Which household column counts the households under a child org unit of each kind.
_HOUSEHOLD_KEY = {
    OrgUnit.Kind.TOWN: "community__town_id",
    OrgUnit.Kind.COMMUNITY: "community_id",
    OrgUnit.Kind.COMPOUND: "compound_id",
    OrgUnit.Kind.BUILDING: "building_id",
}


def child_units(user: Viewer, unit: OrgUnit) -> list[tuple[OrgUnit, int]]:
    """The visible children of an org unit, each with its visible household count (two queries)."""
    children = sorted(OrgUnit.objects.for_user(user).filter(parent=unit), key=unit_order)
    if not children:
        return []
    key = _HOUSEHOLD_KEY[children[0].kind]
    counts = dict(
        households_for_user(user)
        .filter(**{f"{key}__in": [c.pk for c in children]})
        .order_by()
        .values_list(key)
        .annotate(n=Count("pk"))
    )
    return [(child, counts.get(child.pk, 0)) for child in children]


def community_summary(user: Viewer, community: OrgUnit) -> dict[str, int]:
    """The headline numbers of a community page, within what the user sees."""
    households = households_for_user(user).filter(community=community)
    numbers = households.aggregate(households=Count("pk"), gridded=Count("pk", filter=Q(grid_group__isnull=False)))
    minor_born_after = years_before(timezone.localdate(), Resident.MINOR_AGE)
    numbers |= (
        residents_for_user(user)
        .filter(community=community, status=Resident.Status.ACTIVE)
        .aggregate(residents=Count("pk"), minors=Count("pk", filter=Q(birth_date__gt=minor_born_after)))
    )
    numbers["party_households"] = with_party_badge(households).filter(has_party_badge=True).count()
    numbers["party_members"] = PartyMember.objects.for_user(user).filter(community=community).count()
    return numbers


def attach_grid_contacts(groups: list[GridUnit]) -> None:
    """Set `grid_workers` and `household_reps` (names) on each group, from the group and its zone."""
    ids = {g.pk for g in groups} | {g.parent_id for g in groups if g.parent_id}
    names: dict[tuple[int | None, str], list[str]] = {}
    rows = (
        RoleMembership.objects.filter(grid_unit_id__in=sorted(ids), role__in=[Role.GRID_WORKER, Role.HOUSEHOLD_REP])
        .select_related("user")
        .order_by("user__display_name", "user__username")
    )
    for row in rows:
        names.setdefault((row.grid_unit_id, row.role), []).append(str(row.user))
    for g in groups:
        g.grid_workers = names.get((g.pk, Role.GRID_WORKER), []) + names.get((g.parent_id, Role.GRID_WORKER), [])
        g.household_reps = names.get((g.pk, Role.HOUSEHOLD_REP), []) + names.get((g.parent_id, Role.HOUSEHOLD_REP), [])


def grid_groups(user: Viewer) -> list[GridUnit]:
    """The grid groups the user sees with zone, household count and contacts, in three queries."""
    groups = sorted(
        GridUnit.objects.for_user(user)
        .filter(kind=GridUnit.Kind.GROUP)
        .select_related("parent", "community")
        .annotate(household_count=Count("households")),
        key=lambda g: (unit_order(g.community), grid_order(g.parent), grid_order(g)),
    )
    attach_grid_contacts(groups)
    return groups


def grid_coverage(user: Viewer) -> list[dict[str, Any]]:
    """Per community the user oversees: households placed in a grid group out of all households."""
    communities = list(communities_for_user(user))
    rows = {
        row["community_id"]: row
        for row in households_for_user(user)
        .filter(community_id__in=[c.pk for c in communities])
        .order_by()
        .values("community_id")
        .annotate(total=Count("pk"), gridded=Count("pk", filter=Q(grid_group__isnull=False)))
    }
    coverage = []
    for community in communities:
        row = rows.get(community.pk, {"total": 0, "gridded": 0})
        percent = round(100 * row["gridded"] / row["total"]) if row["total"] else 0
        coverage.append({"community": community, "total": row["total"], "gridded": row["gridded"], "percent": percent})
    return coverage


_PARTY_RANK: dict[str, int] = {PartyOrg.Kind.COMMITTEE: 0, PartyOrg.Kind.BRANCH: 1, PartyOrg.Kind.GROUP: 2}


def party_order(org: PartyOrg) -> tuple:
    """Committee, then branches, then building groups; by name in natural order (第一, 第二 ... 第十)."""
    return (_PARTY_RANK.get(org.kind, 3), natural_key(org.name), org.pk)


def party_orgs(user: Viewer) -> list[PartyOrg]:
    """The party organisations the user sees, committee first, each with `kind_counts` of members.

    An organisation's counts include its sub-units' members: a branch whose members all sit in
    its building groups has them all, and the committee has the community's.
    """
    orgs = sorted(
        PartyOrg.objects.for_user(user).select_related("community", "compound", "building"),
        key=lambda org: (org.community_id, *party_order(org)),
    )
    counts = {
        (org_id, kind): n
        for org_id, kind, n in PartyMember.objects.filter(party_org__in=[o.pk for o in orgs])
        .order_by()
        .values_list("party_org_id", "kind")
        .annotate(n=Count("pk"))
    }
    kinds = PartyMember.Kind.values
    by_pk = {org.pk: org for org in orgs}
    own = {org.pk: [counts.get((org.pk, kind), 0) for kind in kinds] for org in orgs}
    for org in orgs:
        org.kind_counts = own[org.pk][:]
    for org in orgs:
        seen, parent = {org.pk}, by_pk.get(org.parent_id)
        while parent is not None and parent.pk not in seen:  # up the visible ancestors, once each
            parent.kind_counts = [a + b for a, b in zip(parent.kind_counts, own[org.pk], strict=True)]
            seen.add(parent.pk)
            parent = by_pk.get(parent.parent_id)
    for org in orgs:
        org.member_total = sum(org.kind_counts)
    return orgs


def party_members(user: Viewer, org: PartyOrg) -> QuerySet[PartyMember]:
    return (
        PartyMember.objects.for_user(user)
        .filter(party_org=org)
        .select_related("resident__household")
        .order_by("kind", "resident__name")
    )


def record_timeline(targets: dict[str, list[Any]], *, limit: int = 50) -> list[Any]:
    """Audit events about these records, newest first, each with its sentence and details
    (core.audit.present): {"registry.household": [pk], ...}."""
    q = Q()
    for object_type, ids in targets.items():
        wanted = [str(pk) for pk in ids if pk is not None]
        if wanted:
            q |= Q(object_type=object_type, object_id__in=wanted)
    if not q:
        return []
    return present(AuditEvent.objects.filter(q).select_related("actor").order_by("-at", "-id")[:limit])


# --- reads for the JSON API (registry/api.py) ------------------------------------------------


def tags_for_user(user: Viewer, cap: str = Cap.REGISTRY_VIEW) -> QuerySet:
    """Built-in tags and the tags of every community in which the user sees anything."""
    scope = scope_for(user)
    if scope.is_superuser:
        return Tag.objects.all()
    communities = scope.community_ids(cap)
    areas = scope.areas.get(cap, {})
    # A grid worker or a resident sees part of a community, and still tags with its tags.
    if areas.get("grid_group") or areas.get("grid_zone"):
        communities |= set(GridUnit.objects.for_user(user, cap).values_list("community_id", flat=True))
    if areas.get("compound"):
        communities |= set(OrgUnit.objects.for_user(user, cap).values_list("community_id", flat=True))
    if areas.get("household"):
        communities |= set(Household.objects.for_user(user, cap).values_list("community_id", flat=True))
    return Tag.objects.filter(Q(community__isnull=True) | Q(community_id__in=sorted(communities)))


def get_building_for_user(user: Viewer, pk: int | str, *, manage: bool = False) -> OrgUnit:
    """A building; `manage` asks for the right to register households in it, as the page does."""
    return get_for_user(
        OrgUnit.objects.filter(kind=OrgUnit.Kind.BUILDING).select_related("parent", "community"),
        user,
        pk,
        change=Cap.REGISTRY_MANAGE if manage else None,
    )


def grid_unit_household_count(user: Viewer, unit: GridUnit) -> int:
    """Households the user sees in a grid group, or in every group of a zone."""
    households = households_for_user(user)
    if unit.kind == GridUnit.Kind.ZONE:
        return households.filter(grid_group__parent=unit).count()
    return households.filter(grid_group=unit).count()


def household_has_party_badge(user: Viewer, household: Household) -> bool:
    """The badge of one household, by the same rule as `with_party_badge`."""
    households = with_party_badge(households_for_user(user).filter(pk=household.pk))
    return bool(households.values_list("has_party_badge", flat=True).first())
