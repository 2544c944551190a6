from django.urls import path

from core import job_views, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_log, name="audit-log"),
    path("jobs/", job_views.job_list, name="job-list"),
    path("healthz", views.healthz, name="healthz"),
    path("hello", views.hello, name="hello"),
]
