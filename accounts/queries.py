"""Scoped reads of accounts: staff see the people who hold roles in their communities."""

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from accounts.models import RoleMembership, User
from core import pii
from core.roles import Cap
from core.scoping import scope_for
from core.typing import Viewer


def memberships_in_communities(community_ids: set[int]) -> Q:
    ids = sorted(community_ids)
    return Q(org_unit__community_id__in=ids) | Q(grid_unit__community_id__in=ids) | Q(household__community_id__in=ids)


def users_for_user(user: Viewer) -> QuerySet[User]:
    """People holding a role inside a community where `user` manages accounts."""
    scope = scope_for(user)
    if scope.is_superuser:
        return User.objects.all()
    communities = scope.community_ids(Cap.ACCOUNTS_MANAGE)
    if not communities:
        return User.objects.none()
    inside = RoleMembership.objects.filter(memberships_in_communities(communities)).values("user_id")
    return User.objects.filter(pk__in=inside)


def area_model(field: str) -> type[Model]:
    """The model a membership's area field points to (`org_unit`: the registry's OrgUnit)."""
    return RoleMembership._meta.get_field(field).related_model  # type: ignore[return-value]


def managed_community_ids(user: Viewer) -> set[int]:
    """The communities where `user` may give roles: every one for a superuser."""
    scope = scope_for(user)
    if scope.is_superuser:
        return set(area_model("org_unit")._default_manager.filter(kind="community").values_list("pk", flat=True))
    return scope.community_ids(Cap.ACCOUNTS_MANAGE)


def get_managed_user(user: Viewer, pk: int | str) -> User:
    try:
        return users_for_user(user).get(pk=pk)
    except (User.DoesNotExist, ValueError):
        raise Http404 from None


def managed_memberships(user: Viewer, person: User) -> QuerySet[RoleMembership]:
    """The person's memberships that `user` may see and revoke (those in their communities)."""
    scope = scope_for(user)
    qs = person.memberships.select_related("org_unit", "grid_unit", "household", "partner_unit")
    return qs if scope.is_superuser else qs.filter(memberships_in_communities(scope.community_ids(Cap.ACCOUNTS_MANAGE)))


def users_with_phone(phone: str) -> QuerySet[User]:
    """The account whose phone this is (one at most), found by the phone's keyed hash: the
    phone itself is stored only encrypted. Under the old hash key too while it is rotated."""
    hashes = pii.lookup_hashes(pii.normalize_phone(phone))
    return User.objects.filter(phone_hash__in=hashes) if hashes else User.objects.none()
