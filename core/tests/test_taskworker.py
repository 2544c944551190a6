"""The task worker settles what a killed predecessor of the same id left running."""

import pytest
from django_tasks_db.models import DBTaskResult

from core import taskworker
from registry.tasks import run_roster_import


@pytest.fixture(autouse=True)
def _database_tasks(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    monkeypatch.setattr(taskworker, "_HANDLERS", {})


def running_row(worker_id: str, import_id: int = 7) -> DBTaskResult:
    result = run_roster_import.enqueue(import_id, "en")
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim(worker_id)
    return row


def test_only_the_rows_of_this_worker_id_are_failed_and_handled(db):
    seen = []
    taskworker.on_interrupted(run_roster_import.module_path, lambda args, kwargs: seen.append(args))
    mine, other = running_row("host:8000", 7), running_row("host:8001", 8)

    assert taskworker.settle_interrupted("host:8000") == 1

    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.status == "FAILED"
    assert mine.exception_class_path == "core.taskworker.WorkerInterrupted"
    assert other.status == "RUNNING"
    assert seen == [[7, "en"]]


def test_a_failing_handler_does_not_keep_the_worker_from_starting(db, caplog):
    def broken(args, kwargs):
        raise RuntimeError("bookkeeping failed")

    taskworker.on_interrupted(run_roster_import.module_path, broken)
    row = running_row("host:8000")

    assert taskworker.settle_interrupted("host:8000") == 1

    row.refresh_from_db()
    assert row.status == "FAILED"
    assert "interrupted-task handler" in caplog.text
