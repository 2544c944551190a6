"""What each audit action of accounts means, as a sentence for the audit log (see core.audit)."""

from django.utils.translation import gettext_lazy as _

from core.audit import register_actions, register_details
from core.roles import Role

SENTENCES = {
    "accounts.user.create": _("%(actor)s created the login of %(object)s"),
    "accounts.user.password": _("%(actor)s changed the password of %(object)s"),
    "accounts.user.reset_password": _("%(actor)s reset the password of %(object)s"),
    "accounts.role.grant": _("%(actor)s gave %(object)s a role"),
    "accounts.role.revoke": _("%(actor)s took a role away from %(object)s"),
    "accounts.token.issue": _("%(actor)s issued an API token to %(object)s"),
    "accounts.token.revoke": _("%(actor)s revoked an API token of %(object)s"),
}


def register() -> None:
    register_actions(SENTENCES)
    register_details(
        labels={"role": _("role"), "area": _("area"), "token": _("token beginning with")},
        values={"role": dict(Role.choices)},
        prefix="accounts.",
    )
