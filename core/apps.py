from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from core import (
            audit_actions,
            checks,  # noqa: F401 - importing registers the system checks
            menu,
        )

        audit_actions.register()
        menu.register()
