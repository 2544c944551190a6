from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from accounts.views import set_language
from config.api import api

urlpatterns = [
    path("", include("core.urls")),
    path("accounts/", include("accounts.urls")),
    path("registry/", include("registry.urls")),
    path("volunteering/", include("volunteering.urls")),
    path("activities/", include("activities.urls")),
    path("wishes/", include("wishes.urls")),
    path("notifications/", include("notifications.urls")),
    path("calendar/", include("activities.urls_calendar")),
    # Before Django's own: the switch also keeps a logged-in user's choice on their account.
    path("i18n/setlang/", set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("api/docs", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
    path("django-admin/", admin.site.urls),
]
handler500 = "core.errors.server_error"

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
