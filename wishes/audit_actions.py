"""What each audit action of the wish wall means, as a sentence for the audit log (see core.audit)."""

from django.utils.translation import gettext_lazy as _

from core.audit import field_labels, register_actions, register_details
from wishes.models import Wish, WishClaim, WishSettings

SENTENCES = {
    "wishes.post": _("%(actor)s posted the wish %(object)s"),
    "wishes.approve": _("%(actor)s approved the wish %(object)s"),
    "wishes.decline": _("%(actor)s declined the wish %(object)s"),
    "wishes.withdraw": _("%(actor)s withdrew the wish %(object)s"),
    "wishes.claim": _("%(actor)s claimed the wish %(object)s"),
    "wishes.join_claim": _("%(actor)s joined the claim on the wish %(object)s"),
    "wishes.withdraw_claim": _("%(actor)s withdrew a claim on the wish %(object)s"),
    "wishes.release": _("%(actor)s released the overdue claim on the wish %(object)s"),
    "wishes.deliver": _("%(actor)s delivered the wish %(object)s"),
    "wishes.confirm": _("%(actor)s confirmed the wish %(object)s was received"),
    "wishes.story": _("%(actor)s changed the published story of the wish %(object)s"),
    "wishes.view_address": _("%(actor)s looked up where to deliver the wish %(object)s"),
    "wishes.settings": _("%(actor)s changed the wish wall settings of %(object)s"),
    "wishes.export": _("%(actor)s exported the wish ledger"),
    "wishes.demo.load": _("%(actor)s loaded demonstration wishes into %(object)s"),
}


def register() -> None:
    register_actions(SENTENCES)
    register_details(
        labels=field_labels(WishSettings)
        | {
            "via": _("how it was posted"),
            "value": _("value (yuan)"),
            "claim": _("claim number"),
            "kind": _("claimed as"),
            "open_wishes": _("open wishes"),
        },
        values={"via": dict(Wish.Via.choices), "kind": dict(WishClaim.Kind.choices)},
        prefix="wishes.",
    )
