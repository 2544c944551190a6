"""The notification centre's entry in the Administration section, registered from
NotificationsConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from core.menu import MenuItem, register_items


def register() -> None:
    register_items("admin", [MenuItem(_("Notifications"), "notifications:list", order=30)])
