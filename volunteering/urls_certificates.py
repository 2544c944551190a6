"""Certificate pages; verification is public, everything else needs a login."""

from django.urls import path

from volunteering import certificate_views as views

urlpatterns = [
    path("certificates/", views.certificate_list, name="certificate-list"),
    path("certificates/new/", views.certificate_request, name="certificate-request"),
    path("certificates/settings/", views.certificate_settings, name="certificate-settings"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate-detail"),
    path("certificates/<int:pk>/issue/", views.certificate_issue, name="certificate-issue"),
    path("certificates/<int:pk>/decline/", views.certificate_decline, name="certificate-decline"),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke, name="certificate-revoke"),
    path("certificates/<int:pk>/pdf/", views.certificate_download, name="certificate-download"),
    path("verify/", views.certificate_verify_search, name="certificate-verify-search"),
    path("verify/<str:serial>/", views.certificate_verify, name="certificate-verify"),
]
