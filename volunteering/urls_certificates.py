from django.http import HttpResponse
from django.urls import path


def _todo(request, *args, **kwargs):
    return HttpResponse("todo")


urlpatterns = [
    path("certificates/", _todo, name="certificate-list"),
    path("verify/<str:serial>/", _todo, name="certificate-verify"),
]
