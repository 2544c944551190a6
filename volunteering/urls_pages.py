from django.http import HttpResponse
from django.urls import path


def _todo(request, *args, **kwargs):
    return HttpResponse("todo")


urlpatterns = [
    path("me/", _todo, name="my-page"),
    path("volunteers/", _todo, name="volunteer-list"),
    path("volunteers/<int:pk>/", _todo, name="volunteer-detail"),
    path("teams/", _todo, name="team-list"),
    path("teams/<int:pk>/", _todo, name="team-detail"),
    path("records/new/", _todo, name="record-create"),
    path("leaderboard/", _todo, name="leaderboard"),
    path("join/<str:code>/", _todo, name="join"),
    path("notice/<str:code>/", _todo, name="notice"),
]
