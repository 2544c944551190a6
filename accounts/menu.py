"""Accounts' entries in the Administration section, registered from AccountsConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from core.menu import MenuItem, has, register_items
from core.roles import Cap


def register() -> None:
    register_items(
        "admin",
        [
            MenuItem(_("People and roles"), "accounts:user-list", has(Cap.ACCOUNTS_MANAGE), order=10),
            MenuItem(_("API tokens"), "accounts:token-list", order=50),
            MenuItem(_("Change password"), "accounts:password-change", order=60),
        ],
    )
