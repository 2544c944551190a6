from django.urls import path

from activities import views

app_name = "activities"

urlpatterns = [
    path("", views.activity_list, name="activity-list"),
    path("new/", views.activity_create, name="activity-create"),
    path("upcoming/", views.upcoming, name="upcoming"),
    path("mine/", views.my_activities, name="my-activities"),
    path("calendar/", views.calendar_month, name="calendar-month"),
    path("calendar/week/", views.calendar_week, name="calendar-week"),
    path("<int:pk>/", views.activity_detail, name="activity-detail"),
    path("<int:pk>/edit/", views.activity_edit, name="activity-edit"),
    path("<int:pk>/publish/", views.activity_publish, name="activity-publish"),
    path("<int:pk>/cancel/", views.activity_cancel, name="activity-cancel"),
    path("<int:pk>/sign-up/", views.signup_create, name="signup-create"),
    path("<int:pk>/sign-up/cancel/", views.signup_cancel, name="signup-cancel"),
    path("<int:pk>/sign-ups/<int:signup_pk>/", views.roster_action, name="roster-action"),
    path("<int:pk>/qr.svg", views.qr_code, name="qr-code"),
    path("<int:pk>/sheet/", views.qr_sheet, name="qr-sheet"),
    path("<int:pk>/scan/<str:token>/", views.scan, name="scan"),
    path("<int:pk>/summary/", views.activity_summary, name="activity-summary"),
    path("<int:pk>/summary/residents/", views.summary_beneficiaries, name="summary-beneficiaries"),
    path("<int:pk>/summary/publish/", views.summary_publish, name="summary-publish"),
    path("stories/<int:community_pk>/", views.public_stories, name="public-stories"),
]
