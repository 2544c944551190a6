from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activities")

    def ready(self):
        from activities import audit_actions, jobs, menu
        from activities.home import coming_up
        from activities.notifications import MESSAGES
        from activities.sections import VOLUNTEER_PAGE, volunteer_upcoming
        from core.demo import register_demo
        from core.home import register_home_card
        from core.sections import register_page_section
        from notifications.kinds import register_all

        register_home_card(coming_up)
        register_all(MESSAGES)
        audit_actions.register()
        menu.register()
        register_demo("activities.demo.load")
        register_page_section(VOLUNTEER_PAGE, volunteer_upcoming)
        jobs.register()
