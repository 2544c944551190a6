"""Background work of the registry, run by the task worker (`manage.py run_task_worker`)."""

from django.conf import settings
from django.utils import translation
from django_tasks import task

from registry.imports import import_roster
from registry.models import RosterImport


@task()
def run_roster_import(import_id: int, language: str = "") -> dict:
    """Import an uploaded roster; its messages are written in the uploader's language."""
    roster_import = RosterImport.objects.select_related("community", "created_by").get(pk=import_id)
    with translation.override(language or settings.LANGUAGE_CODE):
        roster_import = import_roster(by=roster_import.created_by, roster_import=roster_import)
    return {"status": roster_import.status, "created_rows": roster_import.created_rows}
