"""Running roster imports in the background: start, retry, discard, and imports a dead worker left.

An import's rows are written in one transaction, so a task worker killed mid-import leaves
nothing half-written; what it leaves is the import marked running for ever and its encrypted
file. When the worker starts again (core.taskworker) or the periodic job below finds such an
import, it is marked stopped, with its file kept so that staff can retry it or discard it.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks.exceptions import TaskResultDoesNotExist

from core.audit import record_event
from registry import roster_files
from registry.imports import check_upload
from registry.models import OrgUnit, RosterImport
from registry.tasks import run_roster_import

logger = logging.getLogger(__name__)

S = RosterImport.Status
RUNNING = (S.QUEUED, S.VALIDATING, S.WRITING)
# How long a stopped import keeps its encrypted file for a retry before the file is deleted.
KEEP_STOPPED = dt.timedelta(days=7)


def _enqueue(roster_import: RosterImport, language: str) -> None:
    result = run_roster_import.enqueue(roster_import.pk, language)
    roster_import.task_id = str(result.id)
    RosterImport.objects.filter(pk=roster_import.pk).update(task_id=roster_import.task_id)


@transaction.atomic
def start_roster_import(*, by: Any, community: OrgUnit, upload: UploadedFile, language: str = "") -> RosterImport:
    """Store an uploaded roster encrypted and queue its import; check the user manages `community` first."""
    check_upload(upload)
    roster_import = RosterImport.objects.create(
        county_id=community.county_id,
        community=community,
        created_by=by,
        file=roster_files.seal(upload),
        original_name=(upload.name or "")[:200],
    )
    # With the database task backend the task row commits together with the import row.
    _enqueue(roster_import, language)
    roster_import.refresh_from_db()
    return roster_import


def retry_roster_import(*, by: Any, roster_import: RosterImport, language: str = "") -> RosterImport:
    """Queue a stopped import again with its kept file; the run that stopped wrote nothing."""
    with transaction.atomic():
        retried = RosterImport.objects.filter(pk=roster_import.pk, status=S.ERROR).exclude(file="")
        if not retried.update(status=S.QUEUED, total_rows=0, processed_rows=0, created_rows=0, errors=[]):
            raise ValidationError(
                _(
                    "Only a stopped import whose file is still kept can be tried again. "
                    "Upload the file again to import it."
                )
            )
        RosterImport.objects.filter(pk=roster_import.pk).update(finished_at=None)
        record_event(by=by, action="registry.roster.import_retry", obj=roster_import, **_where(roster_import))
        _enqueue(roster_import, language)
    roster_import.refresh_from_db()
    return roster_import


def discard_roster_import(*, by: Any, roster_import: RosterImport) -> RosterImport:
    """Give up an import that waits or stopped, and delete its file; nothing of it was written."""
    with transaction.atomic():
        discarded = RosterImport.objects.filter(pk=roster_import.pk, status__in=[S.QUEUED, S.ERROR])
        if not discarded.update(status=S.DISCARDED, finished_at=timezone.now()):
            raise ValidationError(
                _("This import is running or has ended, so it cannot be discarded. Reload the page to see its state.")
            )
        record_event(by=by, action="registry.roster.import_discard", obj=roster_import, **_where(roster_import))
    # After the commit: a discard that rolled back must not have lost the file.
    roster_files.delete_stored(roster_import)
    roster_import.refresh_from_db()
    return roster_import


def _where(roster_import: RosterImport) -> dict[str, int]:
    """The audit row's place: the import's community and county."""
    return {"community_id": roster_import.community_id, "county_id": roster_import.county_id}


# --- imports a dead worker left -----------------------------------------------------------------

INTERRUPTED = gettext_lazy(
    "The import stopped when the task worker was interrupted. Nothing was written: "
    "try it again, or discard it and upload the file again."
)


def stop_interrupted_import(*, import_id: int, language: str = "") -> bool:
    """Mark an import whose task worker died as stopped, keeping its file for a retry; False when
    it was not running. Its rows are written in one transaction, so the worker wrote none."""
    with translation.override(language or settings.LANGUAGE_CODE):
        message = str(INTERRUPTED)
    stopped = RosterImport.objects.filter(pk=import_id, status__in=RUNNING).update(
        status=S.ERROR,
        created_rows=0,
        errors=[{"row": None, "column": "", "message": message}],
        finished_at=timezone.now(),
    )
    if stopped:
        logger.warning("Roster import %s was interrupted by the death of its task worker.", import_id)
    return bool(stopped)


def task_interrupted(args: list[Any], kwargs: dict[str, Any]) -> None:
    """core.taskworker's handler for run_roster_import(import_id, language)."""
    import_id = kwargs.get("import_id", args[0] if args else None)
    language = kwargs.get("language", args[1] if len(args) > 1 else "")
    if import_id is not None:
        stop_interrupted_import(import_id=import_id, language=language)


def _task_ended(task_id: str) -> bool:
    """True when the import's task no longer runs nor waits: it ended, or its row is gone."""
    try:
        result = run_roster_import.get_result(task_id)
    except TaskResultDoesNotExist:
        return True
    return result.is_finished


def settle_roster_imports(*, now: dt.datetime | None = None) -> str:
    """The periodic job: stop imports whose task ended without them, and delete rosters kept too long."""
    now = now or timezone.now()
    stopped = 0
    for pk, task_id in RosterImport.objects.filter(status__in=RUNNING).exclude(task_id="").values_list("pk", "task_id"):
        if _task_ended(task_id):
            stopped += stop_interrupted_import(import_id=pk)
    # Kept only while an import may still be retried; a stopped one for KEEP_STOPPED at most.
    stale = RosterImport.objects.exclude(file="").exclude(status__in=RUNNING)
    stale = stale.exclude(status=S.ERROR, finished_at__gt=now - KEEP_STOPPED)
    deleted = 0
    for roster_import in stale:
        roster_files.delete_stored(roster_import)
        deleted += 1
    return f"{stopped} interrupted imports stopped, {deleted} stored rosters deleted"
