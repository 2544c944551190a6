"""The areas a user's role memberships grant, filled into each new `core.scoping.Scope`.

Registered from `RegistryConfig.ready()`: the areas (org units, grid units, households) are the
registry's, and core imports no app.
"""

from collections import defaultdict
from typing import Any

from django.db.models import Q

from core.roles import ROLE_CAPS
from core.scoping import Scope
from registry.models import OrgUnit


def membership_areas(scope: Scope, user: Any) -> None:
    """Each membership's area for each capability of its role; a county or town membership also
    grants its communities (and, from a county, remembers them in `scope.from_county`)."""
    expand: dict[str, set[int]] = defaultdict(set)  # county/town ids that grant communities
    for m in user.memberships.select_related("org_unit", "grid_unit"):
        caps = ROLE_CAPS.get(m.role, frozenset())
        if m.org_unit_id:
            kind, area_id = m.org_unit.kind, m.org_unit_id
        elif m.grid_unit_id:
            kind, area_id = f"grid_{m.grid_unit.kind}", m.grid_unit_id
        else:
            kind, area_id = "household", m.household_id
        for cap in caps:
            scope.areas.put(cap, kind, [area_id])
            if kind in ("county", "town"):
                expand[cap].add(area_id)
    if expand:
        wanted = set().union(*expand.values())
        rows = (
            OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNITY)
            .filter(Q(county_id__in=wanted) | Q(town_id__in=wanted))
            .values_list("id", "county_id", "town_id")
        )
        for cap, ids in expand.items():
            granted = [cid for cid, county, town in rows if county in ids or town in ids]
            scope.areas.put(cap, "community", granted)
            scope.from_county[cap].update(cid for cid, county, _town in rows if county in ids)
