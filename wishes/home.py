"""The home page's card of the wish wall: wishes to verify, claims to deliver, a wish to post."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from registry.scoping import scope_for
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
