from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Registry")

    def ready(self):
        from core.demo import register_demo
        from core.scoping import register_membership_areas
        from registry import audit_actions, jobs, menu
        from registry.areas import membership_areas

        audit_actions.register()
        register_membership_areas(membership_areas)
        menu.register()
        jobs.register()
        register_demo("registry.demo.load")
