"""The one scoping mechanism: what a user may see or change, as a queryset filter.

A user's memberships name areas (an org unit, a grid unit, their household); each scoped
model says in `scope_fields` which of its columns locates it in each kind of area.
Out-of-scope records are simply absent, so callers answer 404 exactly as for "not found".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from core.roles import Cap

# Other apps add areas that do not come from role memberships (a team leader's teams, a
# volunteer's own record): each provider maps a user to (capability, area kind, ids) triples
# for the capabilities it declares. It runs only when one of those capabilities is asked
# about, so pages of other modules pay nothing for it.
Provider = Callable[[Any], Iterable[tuple[str, str, Iterable[int]]]]
AREA_PROVIDERS: list[tuple[Provider, frozenset[str]]] = []


def register_area_provider(provider: Provider, *, caps: Iterable[str]) -> None:
    if all(p is not provider for p, _caps in AREA_PROVIDERS):
        AREA_PROVIDERS.append((provider, frozenset(caps)))


# The areas a user's role memberships name (an org unit, a grid unit, a household) live in the
# registry, above core: the registry fills them into each new Scope through this hook, from its
# AppConfig.ready(). Unlike the providers these run for every scope, as the memberships are the
# areas most pages ask about.
MembershipAreas = Callable[["Scope", Any], None]
MEMBERSHIP_AREAS: list[MembershipAreas] = []


def register_membership_areas(fill: MembershipAreas) -> None:
    if fill not in MEMBERSHIP_AREAS:
        MEMBERSHIP_AREAS.append(fill)


class _Areas(defaultdict):
    """cap -> kind -> ids, filling in the providers of a capability on first access."""

    def __init__(self, user: Any):
        super().__init__(lambda: defaultdict(set))
        self._user = user
        self._pending = list(AREA_PROVIDERS) if getattr(user, "is_authenticated", False) else []

    def _resolve(self, cap: str) -> None:
        for entry in [e for e in self._pending if cap in e[1]]:
            self._pending.remove(entry)
            for provided_cap, kind, ids in entry[0](self._user):
                super().__getitem__(provided_cap)[kind].update(ids)

    def put(self, cap: str, kind: str, ids: Iterable[int]) -> None:
        """Add areas without resolving providers (the memberships themselves)."""
        super().__getitem__(cap)[kind].update(ids)

    def get(self, cap, default=None):
        self._resolve(cap)
        return super().get(cap, default)

    def __getitem__(self, cap):
        self._resolve(cap)
        return super().__getitem__(cap)


class Scope:
    """The areas in which a user holds each capability; built once per request."""

    def __init__(self, user: Any):
        self.user = user
        self.is_superuser = bool(getattr(user, "is_superuser", False))
        self.areas = _Areas(user)
        # Communities granted through a county membership: a model with a county column is
        # filtered by that one equality instead of an OR with a hundred community ids.
        self.from_county: dict[str, set[int]] = defaultdict(set)
        if not getattr(user, "is_authenticated", False):
            return
        for fill in MEMBERSHIP_AREAS:
            fill(self, user)

    def has(self, cap: str) -> bool:
        # Memberships first: a provider is asked only when no membership grants the capability.
        return self.is_superuser or bool(defaultdict.get(self.areas, cap)) or bool(self.areas.get(cap))

    def own_registration_ids(self) -> set[int]:
        """The user's own volunteer registration in any state, pending or rejected too."""
        return set(self.areas.get("volunteering.self", {}).get("volunteer", set()))

    def own_volunteer_ids(self) -> set[int]:
        return set(self.areas.get(Cap.VOLUNTEERING_VIEW, {}).get("volunteer", set()))

    def community_ids(self, cap: str = Cap.REGISTRY_VIEW) -> set[int]:
        """Communities where the user holds `cap` over the whole community."""
        return set(self.areas.get(cap, {}).get("community", set()))

    def q(self, model: type[models.Model], cap: str) -> Q | None:
        """The filter for `model` under `cap`, or None when the user may see nothing."""
        fields: dict[str, str] = model.scope_fields  # type: ignore[attr-defined]
        q = None
        areas = self.areas.get(cap, {})
        for kind, ids in areas.items():
            field = fields.get(kind)
            if kind == "community" and "county" in fields and areas.get("county"):
                ids = ids - self.from_county.get(cap, set())  # noqa: PLW2901
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
        if any(_is_multi_valued(self.model, f) for f in self.model.scope_fields.values()):
            qs = qs.distinct()
        return qs


def _is_multi_valued(model: type[models.Model], path: str) -> bool:
    name = path.split("__", maxsplit=1)[0]
    if name == "pk":
        return False
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return bool(field.many_to_many or field.one_to_many)


def get_for_user(
    queryset: ScopedQuerySet, user: Any, pk: Any, *, view: str = Cap.REGISTRY_VIEW, change: str | None = None
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
    return model._default_manager.all()
