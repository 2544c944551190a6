"""What the wish wall tells residents and claimants: the message of each kind, written out in
the reader's language when shown or sent (registered from WishesConfig.ready())."""

from django.utils.translation import gettext_lazy as _


def _thanks(params: dict) -> str:
    return params.get("thanks") or str(_("The resident confirmed receipt. Thank you."))


MESSAGES = {
    "wishes.declined": (
        _("Your wish “%(title)s” was not put on the wall"),
        _("The community gave this reason: %(reason)s"),
    ),
    "wishes.withdrawn": (
        _("The wish “%(title)s” you claimed was withdrawn"),
        _("It is no longer wanted. The reason given: %(reason)s"),
    ),
    "wishes.claim_withdrawn": (
        _("The claim on “%(title)s” was given back"),
        _("It is back on the wall for others to claim. The reason given: %(reason)s"),
    ),
    "wishes.released": (
        _("Your claim on “%(title)s” was released"),
        _(
            "The wish was not delivered within the time the community allows, so it is back on the wall "
            "for others to claim. If you have bought it already, contact the community."
        ),
    ),
    "wishes.fulfilled": (_("“%(title)s” arrived"), _thanks),
}
