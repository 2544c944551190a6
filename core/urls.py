from django.urls import path

from core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_log, name="audit-log"),
    path("healthz", views.healthz, name="healthz"),
    path("hello", views.hello, name="hello"),
]
