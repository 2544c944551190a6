from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change, name="password-change"),
    path("tokens/", views.token_list, name="token-list"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
]

from accounts import people_views  # noqa: E402

urlpatterns += [
    path("people/", people_views.user_list, name="user-list"),
    path("people/new/", people_views.user_create, name="user-create"),
    path("people/<int:pk>/", people_views.user_detail, name="user-detail"),
    path("people/<int:pk>/roles/<int:membership_pk>/revoke/", people_views.role_revoke, name="role-revoke"),
    path("people/<int:pk>/password/", people_views.password_reset, name="password-reset"),
]
