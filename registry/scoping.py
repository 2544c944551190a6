"""The one scoping mechanism: what a user may see or change, as a queryset filter.

A user's memberships name areas (an org unit, a grid unit, their household); each scoped
model says in `scope_fields` which of its columns locates it in each kind of area.
Out-of-scope records are simply absent, so callers answer 404 exactly as for "not found".
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from accounts.roles import ROLE_CAPS, Cap


class Scope:
    """The areas in which a user holds each capability; built once per request."""

    def __init__(self, user: Any):
        self.user = user
        self.is_superuser = bool(getattr(user, "is_superuser", False))
        self.areas: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        if not getattr(user, "is_authenticated", False):
            return
        from registry.models import OrgUnit

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
                self.areas[cap][kind].add(area_id)
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
                self.areas[cap]["community"].update(cid for cid, county, town in rows if county in ids or town in ids)

    def has(self, cap: str) -> bool:
        return self.is_superuser or bool(self.areas.get(cap))

    def community_ids(self, cap: str = Cap.REGISTRY_VIEW) -> set[int]:
        """Communities where the user holds `cap` over the whole community."""
        return set(self.areas.get(cap, {}).get("community", set()))

    def q(self, model: type[models.Model], cap: str) -> Q | None:
        """The filter for `model` under `cap`, or None when the user may see nothing."""
        fields: dict[str, str] = model.scope_fields  # type: ignore[attr-defined]
        q = None
        for kind, ids in self.areas.get(cap, {}).items():
            field = fields.get(kind)
            if field and ids:
                term = Q(**{f"{field}__in": sorted(ids)})
                q = term if q is None else q | term
        return q


def scope_for(user: Any) -> Scope:
    """The user's scope, cached on the user object for the rest of the request."""
    scope = getattr(user, "_linli_scope", None)
    if scope is None:
        scope = Scope(user)
        if getattr(user, "is_authenticated", False):
            user._linli_scope = scope
    return scope


class ScopedQuerySet(models.QuerySet):
    def for_user(self, user: Any, cap: str = Cap.REGISTRY_VIEW) -> ScopedQuerySet:
        scope = scope_for(user)
        if scope.is_superuser:
            return self
        q = scope.q(self.model, cap)
        if q is None:
            return self.none()
        qs = self.filter(q)
        # A many-to-many scope field (partner units' communities) can repeat a row.
        many = {f.name for f in self.model._meta.many_to_many}
        if any(f.split("__")[0] in many for f in self.model.scope_fields.values()):
            qs = qs.distinct()
        return qs


def get_for_user(
    queryset: models.QuerySet, user: Any, pk: Any, *, view: str = Cap.REGISTRY_VIEW, change: str | None = None
) -> Any:
    """Fetch one record: 404 outside the user's scope, 403 inside it without `change`."""
    try:
        obj = queryset.for_user(user, view).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if change and not queryset.model.objects.for_user(user, change).filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj


def unscoped_all(model: type[models.Model]) -> models.QuerySet:
    """Every row, ignoring scope: for commands, migrations and benchmarks only."""
    return model.objects.all()
