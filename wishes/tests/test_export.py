"""The wish ledger export: scoped, masked by default, full names only for staff with ?full=1, always audited."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from core import pii
from core.models import AuditEvent
from wishes import exports, services
from wishes.models import Wish
from wishes.testing import make_wish
from wishes.tests.test_figures_helpers import TODAY, backdate, make_figures_world, period

URL = reverse("wishes:ledger-export")


@pytest.fixture
def wall(world, staff_a, partner_contact, vworld):
    return make_figures_world(world, staff_a, partner_contact, vworld)


def read(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX
    assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_name(exports.LEDGER_SHEET)
    header, *rows = sheet.to_python()
    assert header == exports.LEDGER_COLUMNS
    return [dict(zip(header, r, strict=True)) for r in rows]


def all_text(rows: list[dict]) -> str:
    return " ".join(str(v) for r in rows for v in r.values())


def events() -> list[tuple]:
    return list(
        AuditEvent.objects.filter(action="wishes.export")
        .order_by("pk")
        .values_list("actor__username", "community_id", "details")
    )


def test_ledger_is_masked_by_default_and_audited(login, wall, world, staff_a):
    rows = read(login(staff_a).get(URL, period()))
    assert [r["心愿内容"] for r in rows] == [
        "《优雅走过下雨天》",
        "上门理发",
        "老花镜",
        "布娃娃",
        "轮椅维修",
        "电视机",
        "陪伴聊天",
        "台灯",
    ]
    book = rows[0]
    assert int(book["编号"]) == wall.f1.pk
    assert (book["社区"], book["小区"], book["受益人"], book["类别"], book["估计价值（元）"]) == (
        "城南社区",
        "锦绣小区",
        "黄**",
        "物品",
        45,
    )
    assert (book["状态"], book["认领方类型"], book["认领方"]) == ("已实现", "共建单位", "县人社局")
    assert book["发布日期"] == TODAY() - dt.timedelta(days=100)
    assert book["实现天数"] == 10 and book["感谢语"] == "谢谢县人社局"
    assert book["送达人"] == pii.mask_name("volunteer")  # the deliverer's account name, masked
    by_title = {r["心愿内容"]: r for r in rows}
    assert (by_title["上门理发"]["认领方类型"], by_title["上门理发"]["认领方"]) == ("志愿者", "陈**")
    assert (by_title["布娃娃"]["状态"], by_title["布娃娃"]["认领方类型"], by_title["布娃娃"]["实现天数"]) == (
        "已认领",
        "党员",
        "",
    )
    # The withdrawn claim left the wish open: no claimant.
    assert (by_title["老花镜"]["状态"], by_title["老花镜"]["认领方"]) == ("待认领", "")
    assert (by_title["电视机"]["状态"], by_title["轮椅维修"]["状态"]) == ("未通过", "待审核")
    text = all_text(rows)
    for secret in (
        "黄秀琴",
        "曾小明",
        "郑美玲",
        "陈志愿",
        "13805931234",
        pii.decrypt(world.head1.id_number_enc),
        "301",
    ):
        assert secret not in text
    assert events() == [
        (
            "staff_a",
            world.a.pk,
            {"start": period()["start"], "end": period()["end"], "count": 8, "full": False, "community": None},
        )
    ]


def test_staff_get_full_names_with_full_1_and_it_is_audited_as_such(login, wall, world, staff_a):
    rows = read(login(staff_a).get(URL, {**period(), "full": 1}))
    names = {r["心愿内容"]: r["受益人"] for r in rows}
    assert names["《优雅走过下雨天》"] == "黄秀琴" and names["台灯"] == "郑美玲"
    assert pii.decrypt(world.head1.id_number_enc) not in all_text(rows)
    assert "13805931234" not in all_text(rows)
    assert [e[2]["full"] for e in events()] == [True]


def test_admins_cannot_export_full_names(login, wall, world, county_admin):
    client = login(county_admin)
    assert client.get(URL, {**period(), "full": 1}).status_code == 403
    rows = read(client.get(URL, period()))
    assert len(rows) == 9
    assert {r["社区"] for r in rows} == {"城南社区", "城北社区"}
    assert "黄秀琴" not in all_text(rows)
    rows = read(client.get(URL, {**period(), "community": world.b.pk}))
    assert [r["心愿内容"] for r in rows] == ["城北的心愿"]
    # One row per export written; the refused full export wrote nothing.
    assert [(e[1], e[2]["full"], e[2]["count"]) for e in events()] == [(None, False, 9), (world.b.pk, False, 1)]


def test_the_period_decides_the_rows(login, wall, staff_a):
    rows = read(login(staff_a).get(URL))  # this year
    assert "去年的心愿" not in {r["心愿内容"] for r in rows}
    old = read(login(staff_a).get(URL, {"start": "2000-01-01", "end": "2000-12-31"}))
    assert old == []
    assert events()[-1][2]["count"] == 0


def test_delivered_wish_waiting_for_confirmation_is_listed(login, world, staff_a, partner_contact, vworld):
    wish = make_wish(world.head1, by=staff_a)
    services.claim_wish(by=partner_contact, wish=wish, is_group=True)
    services.join_claim(by=vworld.member.user, claim=wish.claims.get())
    services.record_delivery(by=vworld.member.user, wish=wish, deliverer_name='=HYPERLINK("x")')
    backdate(wish, posted=200, verified=199, claimed=198)
    rows = read(login(staff_a).get(URL, period(10)))
    assert [(r["状态"], r["认领方"]) for r in rows] == [("已送达待确认", "县人社局 等2人")]
    # Text someone typed stays text, never a formula.
    raw = load_workbook(io.BytesIO(login(staff_a).get(URL, {**period(10), "full": 1}).content))
    cell = raw[exports.LEDGER_SHEET]["O2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("x")', "s")
    assert Wish.objects.get().status == Wish.Status.DELIVERED


def test_needs_login(client, wall):
    response = client.get(URL)
    assert response.status_code == 302
    assert not events()


def test_other_community_is_404(login, wall, world, staff_a, staff_b):
    assert login(staff_a).get(URL, {"community": world.b.pk}).status_code == 404
    rows = read(login(staff_b).get(URL, period()))
    assert [r["心愿内容"] for r in rows] == ["城北的心愿"]


def test_grid_workers_and_residents_get_403(login, wall, grid_worker, resident_user, partner_contact):
    for user in (grid_worker, resident_user, partner_contact):
        assert login(user).get(URL).status_code == 403
    assert not events()


def test_export_query_count_is_fixed(login, wall, staff_a, django_assert_num_queries):
    client = login(staff_a)
    client.get(URL, period())
    # session, user, memberships (scope), communities, the rows, the audit chain's head, the audit row
    with django_assert_num_queries(7):
        read(client.get(URL, period()))
