"""The volunteering pages; the certificate and spreadsheet pages have their own URL modules."""

from django.urls import path

from volunteering import poster_views, views

urlpatterns = [
    path("me/", views.my_page, name="my-page"),
    path("join/<str:code>/", views.join, name="join"),
    path("join/<str:code>/thanks/", views.join_thanks, name="join-thanks"),
    path("join/<str:code>/poster/", poster_views.join_poster, name="join-poster"),
    path("notice/<str:code>/", views.notice, name="notice"),
    path("volunteers/", views.volunteer_list, name="volunteer-list"),
    path("volunteers/new/", views.volunteer_create, name="volunteer-create"),
    path("volunteers/<int:pk>/", views.volunteer_detail, name="volunteer-detail"),
    path("volunteers/<int:pk>/photo/", views.volunteer_photo, name="volunteer-photo"),
    path("volunteers/<int:pk>/decide/", views.volunteer_decide, name="volunteer-decide"),
    path("volunteers/<int:pk>/login/", views.volunteer_login, name="volunteer-login"),
    path("volunteers/<int:pk>/login/reset/", views.volunteer_login_reset, name="volunteer-login-reset"),
    path("teams/", views.team_list, name="team-list"),
    path("teams/new/", views.team_create, name="team-create"),
    path("teams/<int:pk>/", views.team_detail, name="team-detail"),
    path("teams/<int:pk>/join/", views.team_join, name="team-join"),
    path("teams/<int:pk>/leave/", views.team_leave, name="team-leave"),
    path("teams/<int:pk>/women-sub-teams/", views.team_women_sub_teams, name="team-women-sub-teams"),
    path("teams/<int:pk>/members/<int:membership_pk>/decide/", views.membership_decide, name="membership-decide"),
    path("teams/<int:pk>/members/<int:membership_pk>/leader/", views.membership_leader, name="membership-leader"),
    path("teams/<int:pk>/members/<int:membership_pk>/remove/", views.membership_remove, name="membership-remove"),
    path("records/", views.record_list, name="record-list"),
    path("records/new/", views.record_create, name="record-create"),
    path("records/batch/", views.record_batch, name="record-batch"),
    path("records/<int:pk>/", views.record_detail, name="record-detail"),
    path("records/<int:pk>/correct/", views.record_correct, name="record-correct"),
    path("records/<int:pk>/withdraw/", views.record_withdraw, name="record-withdraw"),
    path("records/<int:pk>/ask-correction/", views.correction_request, name="correction-request"),
    path("corrections/", views.correction_list, name="correction-list"),
    path("corrections/<int:pk>/decide/", views.correction_decide, name="correction-decide"),
    path("leaderboard/", views.leaderboard, name="leaderboard"),
]
