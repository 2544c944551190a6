from django.urls import path

from activities import calendar_views

app_name = "calendar"
urlpatterns = [
    path("", calendar_views.my_calendar, name="mine"),
    path("renew/", calendar_views.renew_calendar, name="renew"),
    path("v/<str:token>.ics", calendar_views.volunteer_feed, name="volunteer-feed"),
    path("community/<int:pk>.ics", calendar_views.community_feed, name="community-feed"),
]
