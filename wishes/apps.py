from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WishesConfig(AppConfig):
    name = "wishes"
    verbose_name = _("Micro-wish wall")

    def ready(self):
        from core.demo import register_demo
        from core.home import register_home_card
        from notifications.kinds import register_all
        from wishes import audit_actions, jobs, menu
        from wishes.home import deliveries_to_confirm, wish_wall
        from wishes.notifications import MESSAGES

        register_home_card(wish_wall)
        register_home_card(deliveries_to_confirm)
        register_all(MESSAGES)
        audit_actions.register()
        menu.register()
        register_demo("wishes.demo.load")
        jobs.register()
