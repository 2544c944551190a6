from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = _("notifications")

    def ready(self):
        from notifications import menu
        from notifications.checks import public_url_for_emails

        checks.register(public_url_for_emails, deploy=True)
        menu.register()
