"""Roster import pages: template download, upload, progress and result, and who may use them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from registry import imports as im
from registry.models import Resident, RosterImport
from registry.tests.test_import import roster_xlsx, row, run_import

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def upload(content: bytes, name: str = "名册.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX)


def post_roster(client, community, content: bytes, name: str = "名册.xlsx"):
    return client.post(
        reverse("registry:import-start"),
        {"community": community.pk, "file": upload(content, name)},
        HTTP_ACCEPT_LANGUAGE="en",
    )


# --- template ----------------------------------------------------------------------------------


def test_template_opens_with_the_roster_headers_and_instructions(login, staff_a):
    response = login(staff_a).get(reverse("registry:import-template"))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert workbook.sheet_names == [im.INSTRUCTIONS_SHEET, im.ROSTER_SHEET]
    assert workbook.get_sheet_by_name(im.ROSTER_SHEET).to_python()[0] == im.COLUMNS
    explained = {r[0] for r in workbook.get_sheet_by_name(im.INSTRUCTIONS_SHEET).to_python()}
    assert set(im.COLUMNS) <= explained
    sheet = load_workbook(io.BytesIO(response.content))[im.ROSTER_SHEET]
    id_letter = "ABCDEFGHIJKLM"[im.COLUMNS.index(im.ID_NUMBER)]
    assert sheet[f"{id_letter}2"].number_format == "@"
    assert sheet.column_dimensions[id_letter].number_format == "@"


def test_template_needs_login_and_manage_rights(client, login, county_admin, grid_worker):
    url = reverse("registry:import-template")
    assert client.get(url).status_code == 302
    assert login(county_admin).get(url).status_code == 403
    assert login(grid_worker).get(url).status_code == 403


# --- upload --------------------------------------------------------------------------------------


def test_start_page_works_for_staff(login, staff_a):
    response = login(staff_a).get(reverse("registry:import-start"))

    assert response.status_code == 200
    assert b'enctype="multipart/form-data"' in response.content
    assert b'<label class="form-label" for="id_file"' in response.content


@pytest.mark.parametrize("persona", ["county_admin", "grid_worker", "volunteer"])
def test_start_page_is_forbidden_without_manage_rights(request, login, world, persona):
    client = login(request.getfixturevalue(persona))
    assert client.get(reverse("registry:import-start")).status_code == 403
    assert post_roster(client, world.a, roster_xlsx([row()])).status_code == 403
    assert not RosterImport.objects.exists()


def test_start_page_needs_login(client):
    response = client.get(reverse("registry:import-start"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_upload_imports_and_shows_the_result(login, world, staff_a):
    client = login(staff_a)
    response = post_roster(client, world.a, roster_xlsx([row(), row(姓名="李娜", 身份证号="")]))
    roster_import = RosterImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:import-detail", args=[roster_import.pk])
    # The second row has neither ID number nor birth date, so nothing is written.
    assert roster_import.status == RosterImport.Status.FAILED
    assert roster_import.original_name == "名册.xlsx"

    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert b'data-testid="import-errors"' in page.content
    assert "出生日期".encode() in page.content
    assert b'<th scope="col">' in page.content
    assert b"hx-trigger" not in page.content  # finished: no more polling


def test_good_upload_reports_the_count(login, world, staff_a):
    client = login(staff_a)
    response = post_roster(client, world.a, roster_xlsx([row(), row(姓名="李娜", 身份证号=row()["身份证号"])]))
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")

    assert RosterImport.objects.get().status == RosterImport.Status.DONE
    assert b'data-testid="import-done"' in page.content
    assert b"2 residents imported" in page.content


def test_staff_cannot_import_into_another_community(login, world, staff_b):
    response = post_roster(login(staff_b), world.a, roster_xlsx([row()]))

    assert response.status_code == 200
    assert response.context["form"].errors["community"]
    assert not RosterImport.objects.exists()


@pytest.mark.parametrize(
    "case",
    [
        (b"name,id\n", "roster.csv", b".xlsx format"),
        (b"this is not a workbook", "roster.xlsx", b"cannot be read as an Excel workbook"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused_clearly(login, world, staff_a, case):
    content, name, says = case
    response = post_roster(login(staff_a), world.a, content, name)

    assert response.status_code == 200
    assert says in response.content
    assert not RosterImport.objects.exists()


def test_a_file_over_the_size_limit_is_refused(login, world, staff_a, settings):
    settings.ROSTER_IMPORT_MAX_BYTES = 1024
    response = post_roster(login(staff_a), world.a, roster_xlsx([row()] * 50))

    assert b"larger than" in response.content
    assert not Resident.objects.filter(name="张伟").exists()


# --- progress and result ---------------------------------------------------------------------------


def test_detail_polls_and_shows_a_progress_bar_while_running(login, world, staff_a):
    roster_import = RosterImport.objects.create(
        county_id=world.county.pk,
        community=world.a,
        created_by=staff_a,
        original_name="a.xlsx",
        status=RosterImport.Status.VALIDATING,
        total_rows=2000,
        processed_rows=500,
    )
    client = login(staff_a)
    url = reverse("registry:import-detail", args=[roster_import.pk])

    page = client.get(url)
    fragment = client.get(url, HTTP_HX_REQUEST="true")

    assert b'hx-trigger="every 1s"' in page.content
    assert b'role="progressbar"' in page.content
    assert b'aria-valuenow="25"' in page.content
    assert b"25%" in page.content
    assert fragment.status_code == 200
    assert b"<html" not in fragment.content
    assert b'id="import-status"' in fragment.content


def test_detail_is_scoped(request, client, login, world, staff_a):
    staff_b, county_admin, grid_worker = (
        request.getfixturevalue(n) for n in ("staff_b", "county_admin", "grid_worker")
    )
    roster_import = run_import(staff_a, world.a, roster_xlsx([row()]))
    url = reverse("registry:import-detail", args=[roster_import.pk])

    assert client.get(url).status_code == 302
    assert login(staff_b).get(url).status_code == 404
    assert login(grid_worker).get(url).status_code == 404
    assert login(county_admin).get(url).status_code == 403
    assert login(staff_a).get(url).status_code == 200


def test_recent_imports_are_those_of_the_users_communities(login, world, staff_a, staff_b):
    run_import(staff_a, world.a, roster_xlsx([row()]), name="a-roster.xlsx")

    assert b"a-roster.xlsx" in login(staff_a).get(reverse("registry:import-start")).content
    assert b"a-roster.xlsx" not in login(staff_b).get(reverse("registry:import-start")).content


def test_upload_queues_a_task_for_the_database_worker(login, world, staff_a, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = post_roster(login(staff_a), world.a, roster_xlsx([row()]))
    roster_import = RosterImport.objects.get()
    assert response.status_code == 302
    assert roster_import.status == RosterImport.Status.QUEUED
    queued = DBTaskResult.objects.get().task_result
    assert queued.task.module_path == "registry.tasks.run_roster_import"

    # What the worker does with the row (the worker command itself closes the test's connection).
    queued.task.call(*queued.args, **queued.kwargs)

    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.DONE
    assert Resident.objects.filter(name="张伟").exists()
