from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    name = "volunteering"
    verbose_name = _("Volunteering")

    def ready(self):
        from accounts.roles import Cap
        from registry.scoping import register_area_provider
        from volunteering.scoping import SELF, volunteering_areas

        register_area_provider(
            volunteering_areas, caps=(Cap.VOLUNTEERING_VIEW, Cap.VOLUNTEERING_RECORD, Cap.VOLUNTEERING_MANAGE, SELF)
        )
