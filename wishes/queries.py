"""Scoped reads of wishes: staff, grid workers and residents by area; claimants their claims; the
public wall (masked fields only) for anyone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from core.roles import Cap
from core.typing import Viewer
from registry.models import OrgUnit
from volunteering.queries import own_active_volunteer
from wishes.models import Wish, WishClaim
from wishes.services import may_deliver

VIEW, RECORD, MANAGE = Cap.WISHES_VIEW, Cap.WISHES_RECORD, Cap.WISHES_MANAGE

# The only fields of a wish the public wall may show: no beneficiary, household, address or phone.
WALL_FIELDS = (
    "id",
    "title",
    "category",
    "value",
    "reason",
    "wanted_by",
    "posted_at",
    "masked_name",
    "community_id",
    "compound_id",
    "compound__name",
)


def wishes_for_user(user: Viewer, cap: str = VIEW) -> QuerySet[Wish]:
    return Wish.objects.for_user(user, cap)


def _claimant_q(user: Viewer) -> Q:
    """Wishes the user claimed, alone or in a group, and still holds or delivered: a claim given
    back or released no longer opens the wish to its former claimant."""
    held = [WishClaim.Status.ACTIVE, WishClaim.Status.DELIVERED]
    return Q(claims__user=user, claims__status__in=held) | Q(claims__members__user=user, claims__status__in=held)


def get_wish_for_user(user: Viewer, pk: int | str, *, cap: str | None = None) -> Wish:
    """A wish seen by area (staff, grid worker, resident) or as one of its claimants or deliverers.

    404 when the user may not see it at all; 403 when they see it but lack `cap` over it.
    """
    base = Wish.objects.select_related("community", "compound", "household", "beneficiary")
    try:
        wish = base.get(pk=pk)
    except (Wish.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    in_area = wishes_for_user(user, VIEW).filter(pk=wish.pk).exists()
    if not in_area:
        claimant = (
            getattr(user, "is_authenticated", False) and Wish.objects.filter(_claimant_q(user), pk=wish.pk).exists()
        )
        deliverer = wish.status == Wish.Status.CLAIMED and may_deliver(user, wish)
        if not (claimant or deliverer):
            raise Http404
    if cap and not wishes_for_user(user, cap).filter(pk=wish.pk).exists():
        raise PermissionDenied
    return wish


def may_see_history(user: Viewer, wish: Wish) -> bool:
    """The full history with names is for those who see the wish by area (staff, grid worker, resident)."""
    return wishes_for_user(user, VIEW).filter(pk=wish.pk).exists()


def wish_list(user: Viewer, *, status: str = "", community_id: Any = None, q: str = "") -> QuerySet[Wish]:
    qs = (
        wishes_for_user(user, VIEW).select_related("community", "compound", "beneficiary").order_by("-posted_at", "-pk")
    )
    if status:
        qs = qs.filter(status=status)
    if community_id:
        qs = qs.filter(community_id=community_id)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(beneficiary__name__startswith=q))
    return qs


def my_claims(user: Viewer) -> QuerySet[WishClaim]:
    if not getattr(user, "is_authenticated", False):
        return WishClaim.objects.none()
    return (
        WishClaim.objects.filter(Q(user=user) | Q(members__user=user))
        .distinct()
        .select_related("wish", "wish__compound", "partner_unit", "user")
        .order_by("-claimed_at", "-pk")
    )


def deliveries_for_volunteer(user: Viewer) -> QuerySet[Wish]:
    """Claimed wishes of the volunteer's community waiting for someone to take them to the door."""
    volunteer = own_active_volunteer(user)
    if volunteer is None:
        return Wish.objects.none()
    return (
        Wish.objects.filter(community_id=volunteer.community_id, status=Wish.Status.CLAIMED)
        .select_related("compound")
        .order_by("wanted_by", "pk")
    )


def wall(
    *,
    community: OrgUnit | None = None,
    county: OrgUnit | None = None,
    compound_id: int | str | None = None,
    category: str = "",
    today: dt.date | None = None,
) -> QuerySet[Wish, dict[str, Any]]:
    """Open, unclaimed wishes still wanted, as rows of the masked wall fields only."""
    today = today or timezone.localdate()
    qs = Wish.objects.filter(status=Wish.Status.OPEN, wanted_by__gte=today)
    if community is not None:
        qs = qs.filter(community=community)
    if county is not None:
        qs = qs.filter(county=county)
    if compound_id:
        qs = qs.filter(compound_id=compound_id)
    if category:
        qs = qs.filter(category=category)
    return qs.order_by("-posted_at", "-pk").values(*WALL_FIELDS)


def wall_compounds(community: OrgUnit) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(parent=community, kind=OrgUnit.Kind.COMPOUND).order_by("code", "name")


def published_stories(community: OrgUnit) -> QuerySet[Wish, dict[str, Any]]:
    return (
        Wish.objects.filter(community=community, status=Wish.Status.FULFILLED, story_published=True)
        .order_by("-confirmed_at", "-pk")
        .values("id", "title", "category", "masked_name", "compound__name", "story", "confirmed_at")
    )
