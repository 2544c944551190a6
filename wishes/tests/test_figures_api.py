"""The figures and ledger API: the page's numbers and rules, with session or bearer authentication."""

import io

import pytest
from django.test import Client
from python_calamine import CalamineWorkbook

from core.models import AuditEvent
from registry.tests.test_api_helpers import as_user, bearer
from wishes import exports
from wishes.tests.test_figures_helpers import TODAY, make_figures_world, period

API = "/api/v1/wishes/figures/"


@pytest.fixture
def wall(world, staff_a, partner_contact, vworld):
    return make_figures_world(world, staff_a, partner_contact, vworld)


def numbers(body: dict) -> tuple:
    keys = ("posted", "approved", "declined", "claimed", "fulfilled", "avg_days_to_fulfil", "value_fulfilled")
    return tuple(body[k] for k in keys)


@pytest.mark.parametrize("how", ["bearer", "session"])
def test_staff_read_their_figures(wall, world, staff_a, how):
    response = as_user(staff_a, how).get(API, period())
    assert response.status_code == 200
    body = response.json()
    assert (body["start"], body["end"], body["community_id"]) == (period()["start"], period()["end"], None)
    assert numbers(body["totals"]) == (8, 6, 1, 3, 2, 7.0, 125)
    assert [(r["name"], r["posted"]) for r in body["by_compound"]] == [("锦绣小区", 7), ("祥和小区", 1)]
    assert {r["category"]: r["posted"] for r in body["by_category"]} == {
        "goods": 5,
        "service": 2,
        "companionship": 1,
        "other": 0,
    }
    assert [(r["kind"], r["claimed"], r["fulfilled"]) for r in body["by_claimant_type"]] == [
        ("partner_unit", 1, 1),
        ("party_member", 1, 0),
        ("volunteer", 1, 1),
    ]
    assert [(r["name"], r["avg_days_to_fulfil"]) for r in body["by_partner_unit"]] == [("县人社局", 10.0)]
    assert body["by_community"] == []
    assert "黄秀琴" not in response.content.decode()


def test_the_period_defaults_to_this_year(wall, staff_a):
    body = bearer(staff_a).get(API).json()
    year = TODAY().year
    assert (body["start"], body["end"]) == (f"{year}-01-01", f"{year}-12-31")


def test_end_before_start_is_a_field_error(wall, staff_a):
    response = bearer(staff_a).get(API, {"start": TODAY().isoformat(), "end": "2020-01-01"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "end"


def test_county_admin_gets_communities_and_may_pick_one(wall, world, county_admin):
    client = bearer(county_admin)
    body = client.get(API, period()).json()
    assert [(r["community_id"], r["posted"]) for r in body["by_community"]] == [(world.a.pk, 8), (world.b.pk, 1)]
    assert [r["community_name"] for r in body["by_compound"]] == ["城南社区", "城南社区", "城北社区"]
    one = client.get(API, {**period(), "community_id": world.b.pk}).json()
    assert (one["community_id"], one["totals"]["posted"], one["by_community"]) == (world.b.pk, 1, [])


def test_needs_login(wall):
    assert Client().get(API).status_code == 401
    assert Client().get(API + "ledger.xlsx").status_code == 401
    assert not AuditEvent.objects.filter(action="wishes.export").exists()


def test_other_community_is_404(wall, world, staff_a):
    client = bearer(staff_a)
    assert client.get(API, {"community_id": world.b.pk}).status_code == 404
    assert client.get(API + "ledger.xlsx", {"community_id": world.b.pk}).status_code == 404


def test_grid_workers_and_residents_get_403(wall, grid_worker, resident_user, partner_contact):
    for user in (grid_worker, resident_user, partner_contact):
        response = bearer(user).get(API)
        assert response.status_code == 403
        assert "community staff" in response.json()["detail"]
        assert bearer(user).get(API + "ledger.xlsx").status_code == 403


def test_ledger_is_masked_unless_staff_ask_for_full_and_audited(wall, world, staff_a, county_admin):
    client = bearer(staff_a)
    response = client.get(API + "ledger.xlsx", period())
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_name(exports.LEDGER_SHEET)
    header, *rows = rows.to_python()
    names = {r[header.index("心愿内容")]: r[header.index("受益人")] for r in rows}
    assert names["《优雅走过下雨天》"] == "黄**"
    full = client.get(API + "ledger.xlsx", {**period(), "full": "true"})
    assert "黄秀琴".encode() not in response.content
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(full.content)).get_sheet_by_name(exports.LEDGER_SHEET)
    assert "黄秀琴" in {r[header.index("受益人")] for r in sheet.to_python()}
    assert bearer(county_admin).get(API + "ledger.xlsx", {"full": "true"}).status_code == 403
    audited = AuditEvent.objects.filter(action="wishes.export").order_by("pk")
    assert [(e.actor.username, e.details["full"], e.details["count"]) for e in audited] == [
        ("staff_a", False, 8),
        ("staff_a", True, 8),
    ]


def test_figures_query_count_is_fixed(wall, county_admin, django_assert_num_queries):
    client = bearer(county_admin)
    client.get(API, period())
    # token + user, memberships + county expansion (scope), communities, totals and five breakdowns
    with django_assert_num_queries(10):
        assert client.get(API, period()).status_code == 200
