"""The wish ledger (心愿台账): one row per wish with a step in the period, as an .xlsx workbook.

Scoped like the figures page, and like every export of Linli: beneficiaries and person claimants
appear masked (黄**) unless full names are asked for by a role allowed to reveal them over every
community in the file; no phone, ID number or address is ever written; each export leaves an audit
row. The sheet is written in openpyxl's write-only mode so a county's year streams without cells.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from core import pii, spreadsheets
from core.audit import record_event
from core.roles import Cap
from core.scoping import scope_for
from registry.exports import XLSX
from registry.models import OrgUnit
from wishes import figures
from wishes.models import Wish, WishClaim

__all__ = ["LEDGER_COLUMNS", "LEDGER_SHEET", "XLSX", "export_ledger", "ledger_filename", "may_export_full"]

LEDGER_SHEET = "心愿台账"
LEDGER_COLUMNS = ["编号", "发布日期", "社区", "小区", "受益人", "类别", "心愿内容", "估计价值（元）", "状态"]
LEDGER_COLUMNS += [
    "审核日期",
    "认领方类型",
    "认领方",
    "认领日期",
    "送达日期",
    "送达人",
    "确认日期",
    "实现天数",
    "感谢语",
]
WIDTHS = {"发布日期": 12, "小区": 14, "心愿内容": 28, "状态": 10, "认领方": 22, "感谢语": 30}

CATEGORY_LABELS = {
    Wish.Category.GOODS: "物品",
    Wish.Category.SERVICE: "服务",
    Wish.Category.COMPANIONSHIP: "陪伴",
    Wish.Category.OTHER: "其他",
}
STATUS_LABELS = {
    Wish.Status.PENDING: "待审核",
    Wish.Status.DECLINED: "未通过",
    Wish.Status.OPEN: "待认领",
    Wish.Status.CLAIMED: "已认领",
    Wish.Status.DELIVERED: "已送达待确认",
    Wish.Status.FULFILLED: "已实现",
    Wish.Status.WITHDRAWN: "已撤回",
}
KIND_LABELS = {
    WishClaim.Kind.PARTNER_UNIT: "共建单位",
    WishClaim.Kind.PARTY_MEMBER: "党员",
    WishClaim.Kind.VOLUNTEER: "志愿者",
}


def may_export_full(user: Any, communities: Iterable[OrgUnit]) -> bool:
    """Full names need reveal rights over every community in the file (community staff, not admins)."""
    scope = scope_for(user)
    if scope.is_superuser:
        return True
    return scope.has(Cap.REGISTRY_REVEAL) and {c.pk for c in communities} <= scope.community_ids(Cap.REGISTRY_REVEAL)


def ledger_filename(start: dt.date, end: dt.date) -> str:
    return _("wish ledger %(start)s-%(end)s") % {"start": f"{start:%Y%m%d}", "end": f"{end:%Y%m%d}"}


def _day(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value else None


def _claimant(row: dict[str, Any], full: bool) -> str:
    kind = row["held__kind"]
    if not kind:
        return ""
    if kind == WishClaim.Kind.PARTNER_UNIT:
        name = row["held__partner_unit__name"]
    else:
        person = (
            row["held__volunteer__name"]
            or row["held__party_member__resident__name"]
            or row["held__user__display_name"]
            or row["held__user__username"]
        )
        name = person if full else pii.mask_name(person)
    others = row["group_members"] or 0
    return f"{name} 等{others + 1}人" if others else name


def _cells(sheet: Any, values: list[Any]) -> list[Any]:
    """Text typed by residents and claimants stays text: openpyxl would store "=..." as a formula."""
    out = []
    for value in values:
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            out.append(cell)
        else:
            out.append(value)
    return out


def _days(row: dict[str, Any]) -> float | None:
    if row["status"] != Wish.Status.FULFILLED or not (row["confirmed_at"] and row["verified_at"]):
        return None
    return round((row["confirmed_at"] - row["verified_at"]).total_seconds() / 86400, 1)


def export_ledger(
    *,
    by: Any,
    start: dt.date,
    end: dt.date,
    community: OrgUnit | None,
    communities: list[OrgUnit],
    full: bool,
) -> bytes:
    """The ledger of `community` (else of all `communities`, those `by` reads figures of); audited.

    `full` without reveal rights over every community in the file is refused (PermissionDenied).
    """
    in_file = [community] if community is not None else communities
    if full and not may_export_full(by, in_file):
        raise PermissionDenied(_("Only community staff may export the beneficiaries' full names."))
    rows = figures.ledger_wishes(by, start=start, end=end, community=community, full=full)
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet(LEDGER_SHEET)
    for index, column in enumerate(LEDGER_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(column, max(10, 2 * len(column) + 4))
    sheet.append(LEDGER_COLUMNS)
    count = 0
    for row in rows.iterator(chunk_size=2000):
        deliverer = row["deliverer_name"]
        sheet.append(
            _cells(
                sheet,
                [
                    row["id"],
                    _day(row["posted_at"]),
                    row["community__name"],
                    row["compound__name"],
                    row["beneficiary__name"] if full else row["masked_name"],
                    CATEGORY_LABELS.get(row["category"], ""),
                    row["title"],
                    row["value"],
                    STATUS_LABELS.get(row["status"], ""),
                    _day(row["verified_at"]),
                    KIND_LABELS.get(row["held__kind"], ""),
                    _claimant(row, full),
                    _day(row["held__claimed_at"]),
                    _day(row["delivered_at"]),
                    deliverer if full or not deliverer else pii.mask_name(deliverer),
                    _day(row["confirmed_at"]),
                    _days(row),
                    row["thanks"],
                ],
            )
        )
        count += 1
    # The row goes where the log's readers look: the one community exported, else the one county.
    counties = {c.county_id for c in in_file}
    record_event(
        by=by,
        action="wishes.export",
        community_id=in_file[0].pk if len(in_file) == 1 else None,
        county_id=next(iter(counties)) if len(counties) == 1 else None,
        details={
            "start": start.isoformat(),
            "end": end.isoformat(),
            "count": count,
            "full": full,
            "community": community.pk if community is not None else None,
        },
    )
    return spreadsheets.workbook_bytes(wb)
