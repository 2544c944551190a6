from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    name = "volunteering"
    verbose_name = _("Volunteering")

    def ready(self):
        from accounts.services import register_login_link
        from core.chain import register as register_chain
        from core.demo import register_demo
        from core.home import register_home_card
        from core.roles import Cap
        from core.scoping import register_area_provider
        from notifications.kinds import register_all
        from volunteering import audit_actions, jobs, menu
        from volunteering.home import join_requests, my_registration
        from volunteering.models import LEDGER
        from volunteering.notifications import MESSAGES
        from volunteering.scoping import SELF, volunteering_areas
        from volunteering.services import link_login

        register_all(MESSAGES)
        register_home_card(my_registration)
        register_home_card(join_requests)

        register_area_provider(
            volunteering_areas, caps=(Cap.VOLUNTEERING_VIEW, Cap.VOLUNTEERING_RECORD, Cap.VOLUNTEERING_MANAGE, SELF)
        )
        register_login_link(link_login)
        audit_actions.register()
        menu.register()
        register_demo("volunteering.demo.load")
        jobs.register()
        register_chain("ledger", LEDGER)  # walked by manage.py verify_audit
