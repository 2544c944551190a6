"""The volunteer data page: template download, roster upload and its result, and who may use them."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from volunteering import imports as im
from volunteering.exports import XLSX
from volunteering.models import Volunteer
from volunteering.tests.test_import import roster_xlsx, row

START = "volunteering:import-start"


def post_roster(client, community, content: bytes, name: str = "志愿者名册.xlsx"):
    upload = SimpleUploadedFile(name, content, content_type=XLSX)
    return client.post(reverse(START), {"community": community.pk, "file": upload})


def test_template_has_the_instructions_and_text_columns(login, staff_a):
    response = login(staff_a).get(reverse("volunteering:import-template"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert workbook.sheet_names == [im.INSTRUCTIONS_SHEET, im.ROSTER_SHEET]
    assert workbook.get_sheet_by_name(im.ROSTER_SHEET).to_python()[0] == im.COLUMNS
    explained = {r[0] for r in workbook.get_sheet_by_name(im.INSTRUCTIONS_SHEET).to_python()}
    assert set(im.COLUMNS) <= explained
    sheet = load_workbook(io.BytesIO(response.content))[im.ROSTER_SHEET]
    id_letter = "ABCDEFGHI"[im.COLUMNS.index(im.ID_NUMBER)]
    assert sheet[f"{id_letter}2"].number_format == "@"
    assert sheet.column_dimensions[id_letter].number_format == "@"


def test_template_needs_login_and_manage_rights(client, login, county_admin, leader_user):
    url = reverse("volunteering:import-template")
    assert client.get(url).status_code == 302
    assert login(county_admin).get(url).status_code == 403
    assert login(leader_user).get(url).status_code == 403


def test_page_works_for_staff(login, staff_a):
    response = login(staff_a).get(reverse(START))
    assert response.status_code == 200
    assert b'enctype="multipart/form-data"' in response.content
    assert b'<label class="form-label" for="id_file"' in response.content
    assert b'for="ledger_start"' in response.content
    assert b'for="roster_full"' in response.content
    ids = re.findall(r' id="([^"]+)"', response.content.decode())
    assert len(ids) == len(set(ids)), "two forms on one page must not repeat an id"


def test_page_needs_login(client, world):
    response = client.get(reverse(START))
    assert response.status_code == 302
    assert "login" in response.url


@pytest.mark.parametrize("persona", ["county_admin", "leader_user", "volunteer"])
def test_readers_see_exports_but_may_not_import(request, login, world, vworld, persona):
    client = login(request.getfixturevalue(persona))
    page = client.get(reverse(START))
    assert page.status_code == 200
    assert b'for="id_file"' not in page.content
    assert b'for="roster_full"' not in page.content  # no reveal rights, so no full export offered
    before = Volunteer.objects.count()
    assert post_roster(client, world.a, roster_xlsx([row(1)])).status_code == 403
    assert Volunteer.objects.count() == before


def test_page_is_forbidden_without_volunteering_rights(login, grid_worker):
    assert login(grid_worker).get(reverse(START)).status_code == 403


def test_other_community_cannot_import_into_a(login, world, staff_b):
    response = post_roster(login(staff_b), world.a, roster_xlsx([row(1)]))
    assert response.status_code == 200
    assert b'id="id_community_error"' in response.content
    assert not Volunteer.objects.filter(name="志愿者1").exists()


def test_good_upload_registers_and_says_how_many(login, world, staff_a):
    client = login(staff_a)
    response = post_roster(client, world.a, roster_xlsx([row(1), row(2)]))
    assert response.status_code == 302
    assert response.url == reverse(START)
    assert b"2 volunteers registered." in client.get(response.url).content
    assert Volunteer.objects.filter(name__in=["志愿者1", "志愿者2"], status="active").count() == 2


def test_bad_upload_lists_every_bad_row(login, world, vworld, staff_a):
    rows = [row(1), row(2, 手机号="123"), row(3, 技能="飞行"), row(4, 证件号码=350926198001020011)]
    response = post_roster(login(staff_a), world.a, roster_xlsx(rows))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="import-failed"' in html
    assert "Fix the 3 problems below" in html
    for cell in ("<td>3</td><td>手机号</td>", "<td>4</td><td>技能</td>", "<td>5</td><td>证件号码</td>"):
        assert cell in html
    assert not Volunteer.objects.filter(name="志愿者1").exists()


def test_a_file_that_is_not_xlsx_is_refused_before_reading(login, world, staff_a):
    response = post_roster(login(staff_a), world.a, b"name,phone\n", name="roster.csv")
    assert response.status_code == 200
    assert b'id="id_file_error"' in response.content
    assert b".xlsx" in response.content
