"""Volunteering workbooks: the roster import template, team rosters and the hours ledger.

Exports are scoped like the pages (a leader exports their teams, staff their community, a
county admin the county), masked unless full values are asked for by a role allowed to reveal
them over every community in the file, and each one leaves an audit row. Sheets are written
in openpyxl's write-only mode so a county's year of entries streams without building cells.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from core import pii, spreadsheets
from core.audit import record_event
from core.roles import Cap
from core.scoping import scope_for
from registry.exports import XLSX
from volunteering import imports as im
from volunteering import ledger
from volunteering.models import ServiceRecord, Team, TeamMembership, Volunteer

__all__ = ["XLSX", "export_ledger", "export_team_rosters", "roster_template"]

TEMPLATE_TEXT_ROWS = im.MAX_ROWS  # rows pre-formatted as Text, beside the column style, for older Excel
WIDTHS = {im.NAME: 10, im.PHONE: 15, im.ID_TYPE: 14, im.ID_NUMBER: 22, im.SKILLS: 18, im.QUALIFICATIONS: 18}
WIDTHS |= {im.POLITICAL: 10, im.TEAMS: 22, im.AVAILABILITY: 18}

TEAM_SHEET = "服务队名册"
TEAM_COLUMNS = ["服务队", "上级服务队", "角色", "志愿者编号", "姓名", "性别", "证件类型", "证件号码", "手机号"]
TEAM_COLUMNS += ["政治面貌", "技能", "专业资质", "可服务时间", "累计服务时长", "星级", "入队日期"]
LEDGER_SHEET = "服务时长台账"
LEDGER_COLUMNS = ["记录编号", "志愿者编号", "姓名", "证件号码", "服务队", "服务日期", "开始时间", "结束时间"]
LEDGER_COLUMNS += ["时长", "服务内容", "服务地点", "类型", "更正的记录", "更正原因", "状态", "公示截止", "记入日期"]
LEDGER_COLUMNS += ["记录人", "确认人"]

ROLE_LABELS = {TeamMembership.Role.LEADER: "队长", TeamMembership.Role.MEMBER: "队员"}
GENDER_LABELS = {"M": "男", "F": "女"}
KIND_LABELS = {
    ServiceRecord.Kind.SERVICE: "服务",
    ServiceRecord.Kind.AMENDMENT: "更正",
    ServiceRecord.Kind.REVERSAL: "冲销",
}
STATUS_LABELS = {
    ServiceRecord.Status.NOTICE: "公示中",
    ServiceRecord.Status.RECORDED: "已记入",
    ServiceRecord.Status.WITHDRAWN: "公示期撤回",
}


# --- the import template ------------------------------------------------------------------------


def _instructions() -> list[tuple[str, str, str, str]]:
    """(column, required, how to fill it in, example) for the 说明 sheet."""
    yes, no = _("required"), _("optional")
    return [
        (im.NAME, yes, _("The volunteer's full name."), "黄秀琴"),
        (im.PHONE, yes, _("An 11-digit mobile number, or a landline such as 0593-1234567."), "13805931234"),
        (
            im.ID_TYPE,
            no,
            _("One of: %(list)s. Empty means 居民身份证.") % {"list": "、".join(im.ID_TYPE_LABELS.values())},
            "居民身份证",
        ),
        (
            im.ID_NUMBER,
            yes,
            _(
                "The full ID number. This column is formatted as Text: keep it so, or Excel changes the last "
                "digits. A number shown as 3.50926E+17 was stored as a number and must be typed again."
            ),
            "350926196005170027",
        ),
        (im.SKILLS, no, _("Skill names as shown in Linli, separated by 、, for example 医生、急救."), "急救"),
        (im.QUALIFICATIONS, no, _("Certificates and qualifications, in a few words."), "护士执业证"),
        (
            im.POLITICAL,
            no,
            _("One of: %(list)s. Empty means 群众.") % {"list": "、".join(im.POLITICAL_LABELS.values())},
            "中共党员",
        ),
        (
            im.TEAMS,
            no,
            _("Names of your community's teams, separated by 、; the volunteer joins them at once."),
            "治安巡逻队",
        ),
        (im.AVAILABILITY, no, _("When the volunteer can serve, in a few words."), "周末上午"),
    ]


def _notes() -> list[str]:
    """The 说明 sheet's general lines, above its table of columns."""
    return [
        _("Write one volunteer per row on the %(sheet)s sheet, below its header row. Do not rename the headers.")
        % {"sheet": im.ROSTER_SHEET},
        _(
            "The import is all or nothing: if any row is wrong, no volunteer is registered and every wrong row is "
            "listed with its row number, column and what to fix. Fix them and upload the whole file again."
        ),
        _("Volunteers imported by staff are registered at once and get a volunteer number each."),
        _("Teams must already exist in your community. At most %(count)s volunteers can be imported at once.")
        % {"count": im.MAX_ROWS},
    ]


def roster_template() -> bytes:
    """The volunteer import template: the 说明 sheet, then the roster sheet with its headers and Text columns."""
    wb = Workbook()
    heading = _("How to fill in the volunteer roster")
    spreadsheets.write_instructions_sheet(wb, heading=heading, lines=_notes(), instructions=_instructions())
    choices = [(im.ID_TYPE, im.ID_TYPE_LABELS.values()), (im.POLITICAL, im.POLITICAL_LABELS.values())]
    spreadsheets.write_roster_sheet(
        wb, im.ROSTER_FORMAT, widths=WIDTHS, default_width=12, text_rows=TEMPLATE_TEXT_ROWS, choices=choices
    )
    return spreadsheets.workbook_bytes(wb)


# --- shared by the exports --------------------------------------------------------------------------


def check_full(user: Any, community_ids: Iterable[int]) -> None:
    """Full ID numbers and phones need reveal rights over every community in the file."""
    scope = scope_for(user)
    if scope.is_superuser:
        return
    if not scope.has(Cap.REGISTRY_REVEAL) or not set(community_ids) <= scope.community_ids(Cap.REGISTRY_REVEAL):
        raise PermissionDenied


def _sheet(wb: Workbook, title: str, columns: list[str]) -> Any:
    sheet = wb.create_sheet(title)
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, 2 * len(column) + 4)
    sheet.append(columns)
    return sheet


def _audit(by: Any, action: str, community_ids: set[int], county_ids: set[int], details: dict) -> None:
    # The row goes where the log's readers look: the one community exported, else the one county.
    if not community_ids:
        community_ids = scope_for(by).community_ids(Cap.VOLUNTEERING_VIEW)
    record_event(
        by=by,
        action=action,
        community_id=next(iter(community_ids)) if len(community_ids) == 1 else None,
        county_id=next(iter(county_ids)) if len(county_ids) == 1 else None,
        details=details,
    )


class _Secrets:
    """Each volunteer's ID number and phone, masked or decrypted once however many rows they have."""

    def __init__(self, full: bool):
        self.full = full
        self.seen: dict[int, tuple[str, str]] = {}

    def __call__(self, volunteer: Volunteer) -> tuple[str, str]:
        if not self.full:
            return volunteer.id_number_masked, volunteer.phone_masked
        if volunteer.pk not in self.seen:
            self.seen[volunteer.pk] = (pii.decrypt(volunteer.id_number_enc), pii.decrypt(volunteer.phone_enc))
        return self.seen[volunteer.pk]


# --- team rosters ---------------------------------------------------------------------------------


def export_team_rosters(*, by: Any, teams: QuerySet[Team], full: bool, filters: dict[str, Any]) -> bytes:
    """The active members of `teams` (already scoped to `by`), one row per membership; audited."""
    memberships = (
        TeamMembership.objects.filter(team__in=teams, status=TeamMembership.Status.ACTIVE)
        .select_related("team__parent", "volunteer")
        .order_by("team__community_id", "team__name", "role", "volunteer__number")
    )
    communities = set(teams.values_list("community_id", flat=True).distinct())
    if full:
        check_full(by, communities)
    skills: dict[int, list[str]] = defaultdict(list)
    through = Volunteer.skills.through
    for volunteer_id, name in (
        through.objects.filter(volunteer_id__in=memberships.values("volunteer_id"))
        .order_by("skill__code")
        .values_list("volunteer_id", "skill__name")
        .distinct()
    ):
        skills[volunteer_id].append(name)
    wb = Workbook(write_only=True)
    sheet = _sheet(wb, TEAM_SHEET, TEAM_COLUMNS)
    secrets, count, counties = _Secrets(full), 0, set()
    for m in memberships.iterator(chunk_size=2000):
        v, team = m.volunteer, m.team
        id_number, phone = secrets(v)
        sheet.append(
            [
                team.name,
                team.parent.name if team.parent_id else "",
                ROLE_LABELS.get(m.role, ""),
                v.number,
                v.name,
                GENDER_LABELS.get(v.gender, ""),
                im.ID_TYPE_LABELS.get(v.id_type, ""),
                spreadsheets.text_cell(sheet, id_number),
                spreadsheets.text_cell(sheet, phone),
                im.POLITICAL_LABELS.get(v.political_status, ""),
                "、".join(skills.get(v.pk, [])),
                v.qualifications,
                v.availability,
                v.recorded_hours,
                ledger.star_level(v.recorded_hours),
                timezone.localdate(m.decided_at or m.requested_at),
            ]
        )
        count += 1
        counties.add(team.county_id)
    _audit(by, "volunteering.roster.export", communities, counties, {"count": count, "full": full, "filters": filters})
    return spreadsheets.workbook_bytes(wb)


# --- the hours ledger -------------------------------------------------------------------------------


def export_ledger(
    *, by: Any, records: QuerySet[ServiceRecord], start: dt.date, end: dt.date, full: bool, filters: dict[str, Any]
) -> bytes:
    """Every entry of `records` (already scoped to `by`) served in the period, corrections included; audited."""
    records = records.filter(served_on__gte=start, served_on__lte=end)
    communities = set(records.values_list("community_id", flat=True).distinct())
    if full:
        check_full(by, communities)
    wb = Workbook(write_only=True)
    sheet = _sheet(wb, LEDGER_SHEET, LEDGER_COLUMNS)
    secrets, count, counties = _Secrets(full), 0, set()
    rows = records.select_related("volunteer", "team", "recorded_by").order_by("served_on", "id")
    for r in rows.iterator(chunk_size=2000):
        id_number, _phone = secrets(r.volunteer)
        sheet.append(
            [
                r.pk,
                r.volunteer.number,
                r.volunteer.name,
                spreadsheets.text_cell(sheet, id_number),
                r.team.name if r.team_id else "",
                r.served_on,
                r.start_time,
                r.end_time,
                r.hours,
                r.content,
                r.place,
                KIND_LABELS.get(r.kind, ""),
                r.corrects_id,
                r.reason,
                STATUS_LABELS.get(r.status, ""),
                r.notice_until,
                r.recorded_on,
                str(r.recorded_by),
                r.confirmed_by,
            ]
        )
        count += 1
        counties.add(r.county_id)
    details = {"count": count, "full": full, "start": start.isoformat(), "end": end.isoformat(), "filters": filters}
    _audit(by, "volunteering.ledger.export", communities, counties, details)
    return spreadsheets.workbook_bytes(wb)
