"""The home page's cards of the wish wall: wishes to verify, claims to deliver, a wish to post,
and the deliveries waiting for the resident's (or their grid worker's) confirmation."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.scoping import scope_for
from wishes.models import Wish, WishClaim
from wishes.queries import MANAGE, RECORD, wishes_for_user


def wish_wall(request: Any) -> dict | None:
    user = request.user
    scope = scope_for(user)
    items = []
    if scope.has(MANAGE):
        waiting = wishes_for_user(user, MANAGE).filter(status=Wish.Status.PENDING).count()
        if waiting:
            text = ngettext("%(n)s wish waits for verification", "%(n)s wishes wait for verification", waiting) % {
                "n": waiting
            }
            items.append((text, reverse("wishes:wish-list") + "?status=pending"))
    held = WishClaim.objects.filter(user=user, status=WishClaim.Status.ACTIVE).count()
    if held:
        text = ngettext("%(n)s claimed wish to deliver", "%(n)s claimed wishes to deliver", held) % {"n": held}
        items.append((text, reverse("wishes:my-claims")))
    if scope.has(RECORD):
        items.append((_("Post a wish"), reverse("wishes:wish-create")))
    if not items:
        return None
    return {"title": _("Micro-wish wall"), "items": items, "empty": ""}


DELIVERIES_SHOWN = 5


def deliveries_to_confirm(request: Any) -> dict | None:
    """Wishes delivered in the user's area (a grid worker's grid, a resident's household, staff's
    community) that wait for the confirmation of receipt; each links to the wish, which confirms."""
    user = request.user
    if not scope_for(user).has(RECORD):
        return None
    delivered = wishes_for_user(user, RECORD).filter(status=Wish.Status.DELIVERED).order_by("delivered_at", "pk")
    shown = list(delivered.only("pk", "title", "delivered_at")[: DELIVERIES_SHOWN + 1])
    if not shown:
        return None
    items = [
        (
            _("Confirm receipt: %(title)s (delivered %(date)s)")
            % {"title": wish.title, "date": f"{timezone.localtime(wish.delivered_at):%m-%d}"},
            wish.get_absolute_url(),
        )
        for wish in shown[:DELIVERIES_SHOWN]
    ]
    if len(shown) > DELIVERIES_SHOWN:
        n = delivered.count()
        items.append(
            (
                ngettext("All %(n)s delivered wishes", "All %(n)s delivered wishes", n) % {"n": n},
                reverse("wishes:wish-list") + "?status=delivered",
            )
        )
    return {"title": _("Deliveries to confirm"), "items": items, "empty": ""}
