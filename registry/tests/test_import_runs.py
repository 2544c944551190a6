"""Roster imports in the background: the file encrypted while it waits, imports a dead task worker
left are stopped (nothing written) and can be retried or discarded, from the page and the API."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.models import AuditEvent
from core.taskworker import settle_interrupted
from registry import import_runs, roster_files
from registry.models import Resident, RosterImport
from registry.tasks import run_roster_import
from registry.tests.test_api_helpers import API, bearer
from registry.tests.test_import import roster_xlsx, row

S = RosterImport.Status
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WORKER = "host:8000"


@pytest.fixture(autouse=True)
def _database_tasks(settings):
    # Queued, not run: these tests play the task worker's part themselves.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def upload(content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile("名册.xlsx", content or roster_xlsx([row()]), content_type=XLSX)


def start(user, community, content: bytes | None = None) -> RosterImport:
    return import_runs.start_roster_import(by=user, community=community, upload=upload(content), language="en")


def run_queued_task(roster_import: RosterImport) -> None:
    """What the task worker does with the import's task row."""
    task_row = DBTaskResult.objects.get(pk=roster_import.task_id)
    task_row.claim(WORKER)
    run_roster_import.call(*task_row.args_kwargs["args"])
    task_row.set_successful(None)


def interrupted(user, community, *, at: str = S.WRITING) -> RosterImport:
    """An import whose worker claimed its task, got as far as `at`, and was killed."""
    roster_import = start(user, community)
    DBTaskResult.objects.get(pk=roster_import.task_id).claim(WORKER)
    RosterImport.objects.filter(pk=roster_import.pk).update(status=at, total_rows=1, processed_rows=1)
    return roster_import


def test_the_waiting_roster_is_stored_encrypted_and_deleted_once_imported(world, staff_a):
    id_number, content = row()["身份证号"], roster_xlsx([row()])
    roster_import = start(staff_a, world.a, content)

    assert roster_import.status == S.QUEUED
    assert roster_import.file.name.endswith(".enc")
    stored = roster_import.file.read()
    roster_import.file.close()
    assert id_number.encode() not in stored
    assert not stored.startswith(b"PK")  # not a readable workbook
    assert roster_files.open_stored(roster_import).read() == content
    path = roster_import.file.path

    run_queued_task(roster_import)

    roster_import.refresh_from_db()
    assert roster_import.status == S.DONE, roster_import.errors
    assert roster_import.created_rows == 1
    assert not roster_import.file
    assert not Path(path).exists()


def test_a_restarted_worker_stops_the_import_its_predecessor_was_writing(world, staff_a):
    before = Resident.objects.count()
    roster_import = interrupted(staff_a, world.a)

    assert settle_interrupted(WORKER) == 1

    roster_import.refresh_from_db()
    assert roster_import.status == S.ERROR
    assert "task worker was interrupted" in roster_import.errors[0]["message"]
    assert "Nothing was written" in roster_import.errors[0]["message"]
    assert roster_import.can_retry and roster_import.can_discard
    assert roster_import.file  # kept, encrypted, for the retry
    assert DBTaskResult.objects.get(pk=roster_import.task_id).status == "FAILED"
    assert Resident.objects.count() == before


def test_a_restarted_worker_leaves_other_workers_tasks_alone(world, staff_a):
    roster_import = interrupted(staff_a, world.a)

    assert settle_interrupted("another-host:8000") == 0

    roster_import.refresh_from_db()
    assert roster_import.status == S.WRITING
    assert DBTaskResult.objects.get(pk=roster_import.task_id).status == "RUNNING"


def test_the_periodic_job_stops_an_import_whose_task_ended_without_it(world, staff_a):
    roster_import = interrupted(staff_a, world.a, at=S.VALIDATING)
    DBTaskResult.objects.filter(pk=roster_import.task_id).update(status="FAILED")
    running = start(staff_a, world.a)  # its task still waits: left alone

    assert import_runs.settle_roster_imports().startswith("1 interrupted")

    roster_import.refresh_from_db()
    assert roster_import.status == S.ERROR
    assert roster_import.can_retry
    running.refresh_from_db()
    assert running.status == S.QUEUED


def test_the_periodic_job_deletes_rosters_no_longer_needed(world, staff_a):
    old = interrupted(staff_a, world.a)
    settle_interrupted(WORKER)
    recent = interrupted(staff_a, world.a)
    settle_interrupted(WORKER)
    RosterImport.objects.filter(pk=old.pk).update(finished_at=timezone.now() - dt.timedelta(days=8))

    import_runs.settle_roster_imports()

    old.refresh_from_db()
    recent.refresh_from_db()
    assert not old.file and not old.can_retry
    assert recent.file and recent.can_retry


def test_retry_queues_the_stopped_import_again_and_it_completes(world, staff_a):
    roster_import = interrupted(staff_a, world.a)
    settle_interrupted(WORKER)
    first_task = roster_import.task_id

    retried = import_runs.retry_roster_import(by=staff_a, roster_import=roster_import, language="en")

    assert retried.status == S.QUEUED
    assert retried.errors == [] and retried.finished_at is None
    assert retried.task_id != first_task
    assert AuditEvent.objects.filter(action="registry.roster.import_retry", object_id=str(retried.pk)).exists()
    run_queued_task(retried)
    retried.refresh_from_db()
    assert retried.status == S.DONE
    assert not retried.file


def test_discard_deletes_the_file_and_is_audited(world, staff_a):
    roster_import = interrupted(staff_a, world.a)
    settle_interrupted(WORKER)
    path = roster_import.file.path

    discarded = import_runs.discard_roster_import(by=staff_a, roster_import=roster_import)

    assert discarded.status == S.DISCARDED
    assert not discarded.file
    assert not Path(path).exists()
    assert AuditEvent.objects.filter(action="registry.roster.import_discard").count() == 1
    with pytest.raises(Exception, match="Only a stopped import"):
        import_runs.retry_roster_import(by=staff_a, roster_import=discarded)


def test_a_queued_import_discarded_is_never_run(world, staff_a):
    roster_import = start(staff_a, world.a)
    import_runs.discard_roster_import(by=staff_a, roster_import=roster_import)

    run_queued_task(roster_import)

    roster_import.refresh_from_db()
    assert roster_import.status == S.DISCARDED
    assert not Resident.objects.filter(name="张伟").exists()


def test_finished_imports_cannot_be_retried_or_discarded(world, staff_a):
    roster_import = start(staff_a, world.a)
    run_queued_task(roster_import)
    roster_import.refresh_from_db()

    with pytest.raises(Exception, match="cannot be discarded"):
        import_runs.discard_roster_import(by=staff_a, roster_import=roster_import)
    with pytest.raises(Exception, match="Only a stopped import"):
        import_runs.retry_roster_import(by=staff_a, roster_import=roster_import)
    assert not AuditEvent.objects.filter(action__startswith="registry.roster.import_").exists()


# --- the page -------------------------------------------------------------------------------------


def test_the_page_offers_retry_and_discard_of_a_stopped_import(login, world, staff_a):
    roster_import = interrupted(staff_a, world.a)
    settle_interrupted(WORKER)
    client = login(staff_a)

    page = client.get(reverse("registry:import-detail", args=[roster_import.pk]))
    assert b'data-testid="import-stopped"' in page.content
    assert b'data-testid="import-retry"' in page.content
    assert b"hx-trigger" not in page.content

    response = client.post(reverse("registry:import-retry", args=[roster_import.pk]))
    assert response.status_code == 302
    roster_import.refresh_from_db()
    assert roster_import.status == S.QUEUED
    response = client.post(reverse("registry:import-discard", args=[roster_import.pk]))
    roster_import.refresh_from_db()
    assert roster_import.status == S.DISCARDED
    page = client.get(response["Location"])
    assert b'data-testid="import-discarded"' in page.content
    assert b'data-testid="import-actions"' not in page.content


def test_the_page_says_why_a_retry_is_refused(login, world, staff_a):
    roster_import = start(staff_a, world.a)
    client = login(staff_a)

    response = client.post(reverse("registry:import-retry", args=[roster_import.pk]), follow=True)

    assert b"Only a stopped import" in response.content
    assert RosterImport.objects.get().status == S.QUEUED


def test_retry_and_discard_pages_check_scope_and_rights(login, world, staff_a, staff_b, county_admin):
    roster_import = interrupted(staff_a, world.a)
    settle_interrupted(WORKER)
    for name in ("registry:import-retry", "registry:import-discard"):
        url = reverse(name, args=[roster_import.pk])
        assert Client().post(url).status_code == 302  # to the login page
        assert login(staff_b).post(url).status_code == 404
        assert login(county_admin).post(url).status_code == 403
        assert login(staff_a).get(url).status_code == 405
    roster_import.refresh_from_db()
    assert roster_import.status == S.ERROR


# --- the API --------------------------------------------------------------------------------------


def test_api_starts_reads_retries_and_discards_an_import(world, staff_a):
    client = bearer(staff_a)
    response = client.post(f"{API}/roster-imports", {"community": world.a.pk, "file": upload()})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "queued" and body["can_discard"] and not body["can_retry"]
    roster_import = RosterImport.objects.get(pk=body["id"])
    DBTaskResult.objects.get(pk=roster_import.task_id).claim(WORKER)
    settle_interrupted(WORKER)

    body = client.get(f"{API}/roster-imports/{roster_import.pk}").json()
    assert body["status"] == "error" and body["can_retry"]
    assert "interrupted" in body["errors"][0]["message"]
    retried = client.post(f"{API}/roster-imports/{roster_import.pk}/retry")
    assert retried.status_code == 200 and retried.json()["status"] == "queued"
    discarded = client.post(f"{API}/roster-imports/{roster_import.pk}/discard")
    assert discarded.status_code == 200 and discarded.json()["status"] == "discarded"
    again = client.post(f"{API}/roster-imports/{roster_import.pk}/discard")
    assert again.status_code == 422
    assert "cannot be discarded" in again.json()["detail"][0]["message"]


def test_api_refuses_a_bad_file_and_a_community_not_managed(world, staff_a):
    client = bearer(staff_a)
    bad = SimpleUploadedFile("名册.csv", b"a,b\n", content_type="text/csv")
    response = client.post(f"{API}/roster-imports", {"community": world.a.pk, "file": bad})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "file"
    response = client.post(f"{API}/roster-imports", {"community": world.b.pk, "file": upload()})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "community"
    assert not RosterImport.objects.exists()


def test_api_import_endpoints_check_scope_and_rights(world, staff_a, staff_b, county_admin):
    roster_import = interrupted(staff_a, world.a)
    settle_interrupted(WORKER)
    url = f"{API}/roster-imports/{roster_import.pk}"
    assert bearer(staff_b).get(url).status_code == 404
    assert bearer(staff_b).post(f"{url}/retry").status_code == 404
    assert bearer(county_admin).get(url).status_code == 403
    assert bearer(county_admin).post(f"{url}/discard").status_code == 403
    roster_import.refresh_from_db()
    assert roster_import.status == S.ERROR
