from django.urls import path

from activities import views

app_name = "activities"

urlpatterns = [
    path("", views.activity_list, name="activity-list"),
    path("new/", views.activity_create, name="activity-create"),
    path("series/new/", views.series_create, name="series-create"),
    path("series/<int:pk>/", views.series_detail, name="series-detail"),
    path("upcoming/", views.upcoming, name="upcoming"),
    path("mine/", views.my_activities, name="my-activities"),
    path("calendar/", views.calendar_month, name="calendar-month"),
    path("calendar/week/", views.calendar_week, name="calendar-week"),
    path("<int:pk>/", views.activity_detail, name="activity-detail"),
    path("<int:pk>/edit/", views.activity_edit, name="activity-edit"),
    path("<int:pk>/cover/", views.activity_cover, name="activity-cover"),
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
    path("<int:pk>/summary/photos/", views.summary_photos_add, name="summary-photos-add"),
    path("<int:pk>/summary/photos/<int:photo_pk>/", views.summary_photo, name="summary-photo"),
    path("<int:pk>/summary/photos/<int:photo_pk>/remove/", views.summary_photo_remove, name="summary-photo-remove"),
    path("stories/<int:community_pk>/", views.public_stories, name="public-stories"),
    path("stories/<int:community_pk>/photos/<int:photo_pk>/", views.public_photo, name="public-photo"),
]
