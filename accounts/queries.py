"""Scoped reads of accounts: staff see the people who hold roles in their communities."""

from typing import Any

from django.db.models import Q, QuerySet

from accounts.models import RoleMembership, User
from core.roles import Cap
from core.scoping import scope_for


def memberships_in_communities(community_ids: set[int]) -> Q:
    ids = sorted(community_ids)
    return Q(org_unit__community_id__in=ids) | Q(grid_unit__community_id__in=ids) | Q(household__community_id__in=ids)


def users_for_user(user: Any) -> QuerySet[User]:
    """People holding a role inside a community where `user` manages accounts."""
    scope = scope_for(user)
    if scope.is_superuser:
        return User.objects.all()
    communities = scope.community_ids(Cap.ACCOUNTS_MANAGE)
    if not communities:
        return User.objects.none()
    inside = RoleMembership.objects.filter(memberships_in_communities(communities)).values("user_id")
    return User.objects.filter(pk__in=inside)


def get_managed_user(user: Any, pk: Any) -> User:
    from django.http import Http404

    try:
        return users_for_user(user).get(pk=pk)
    except (User.DoesNotExist, ValueError):
        raise Http404 from None


def managed_memberships(user: Any, person: User) -> QuerySet[RoleMembership]:
    """The person's memberships that `user` may see and revoke (those in their communities)."""
    scope = scope_for(user)
    qs = person.memberships.select_related("org_unit", "grid_unit", "household", "partner_unit")
    return qs if scope.is_superuser else qs.filter(memberships_in_communities(scope.community_ids(Cap.ACCOUNTS_MANAGE)))
