"""Roster workbooks: the import template and the resident export, with the import's columns.

An export with full values (`full=True`) can be edited and imported into another registry;
a masked export cannot, since its ID numbers are masked.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from core import pii, spreadsheets
from core.audit import record_event
from core.roles import Cap
from core.scoping import scope_for
from core.validators import record_id
from registry import imports as im
from registry.models import Resident
from registry.queries import residents_for_user

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WIDTHS = {im.COMPOUND: 14, im.BUILDING: 10, im.ROOM: 8, im.NAME: 10, im.RELATION: 12, im.ID_NUMBER: 22}
WIDTHS |= {im.BIRTH_DATE: 12, im.PHONE: 15, im.GUARDIAN: 12, im.TAGS: 18}
TEMPLATE_TEXT_ROWS = 2000  # rows pre-formatted as Text, beside the column style, for older Excel versions
FILTERS = {"community": "community_id", "compound": "household__compound_id", "grid_group": "household__grid_group_id"}


def _instructions() -> list[tuple[str, str, str, str]]:
    """(column, required, how to fill it in, example) for the 说明 sheet."""
    yes, no = _("required"), _("optional")
    relations = "、".join(im.RELATION_LABELS.values())
    return [
        (im.COMPOUND, yes, _("The compound's name exactly as in the org tree of your community."), "锦绣小区"),
        (im.BUILDING, yes, _("The building's name as in the org tree; 1 is read as 1栋."), "1栋"),
        (im.UNIT, no, _("The entrance number; leave empty when the building has one entrance."), "2"),
        (im.ROOM, yes, _("The room number. The household must be registered already, unless 新建户 says 是."), "301"),
        (im.NAME, yes, _("The resident's full name."), "黄秀琴"),
        (
            im.RELATION,
            no,
            _("Relation to the head of household, one of: %(list)s. Empty means 其他.") % {"list": relations},
            "户主",
        ),
        (
            im.ID_NUMBER,
            no,
            _(
                "The 18-character ID-card number. This column is formatted as Text: keep it so, or Excel changes "
                "the last digits. A number shown as 3.50926E+17 was stored as a number and must be typed again."
            ),
            "350926196005170027",
        ),
        (im.GENDER, no, _("男 or 女; may be left empty when the ID-card number is given."), "女"),
        (
            im.BIRTH_DATE,
            no,
            _("A date such as 1960-05-17; may be left empty when the ID-card number is given."),
            "1960-05-17",
        ),
        (im.PHONE, no, _("An 11-digit mobile number, or a landline such as 0593-1234567."), "13805931234"),
        (
            im.GUARDIAN,
            no,
            _(
                "Required for children under 14: the guardian's name (a member of the same household) or ID-card number."
            ),
            "黄秀琴",
        ),
        (im.TAGS, no, _("Tag names of the registry, separated by 、, for example 独居老人、低保."), "独居老人"),
        (
            im.NEW_HOUSEHOLD,
            no,
            _(
                "Write 是 to create the household at this address if it is not registered yet; it is then placed in no grid group."
            ),
            "是",
        ),
    ]


def _notes() -> list[str]:
    """The 说明 sheet's general lines, above its table of columns."""
    return [
        _("Write one resident per row on the %(sheet)s sheet, below its header row. Do not rename the headers.")
        % {"sheet": im.ROSTER_SHEET},
        _(
            "The import is all or nothing: if any row is wrong, no resident is written and every wrong row is "
            "listed with its row number, column and what to fix. Fix them and upload the whole file again."
        ),
        _("Compounds and buildings must already be registered in your community's org tree."),
        _("Upload the file as .xlsx, at most %(size)s MB.") % {"size": im.max_upload_bytes() // (1024 * 1024)},
    ]


def roster_template() -> bytes:
    """The resident import template: the 说明 sheet, then the roster sheet with its headers and Text columns."""
    wb = Workbook()
    heading = _("How to fill in the resident roster")
    spreadsheets.write_instructions_sheet(wb, heading=heading, lines=_notes(), instructions=_instructions())
    choices = [
        (im.RELATION, im.RELATION_LABELS.values()),
        (im.GENDER, im.GENDER_LABELS.values()),
        (im.NEW_HOUSEHOLD, ["是", "否"]),
    ]
    spreadsheets.write_roster_sheet(
        wb, im.ROSTER_FORMAT, widths=WIDTHS, default_width=8, text_rows=TEMPLATE_TEXT_ROWS, choices=choices
    )
    return spreadsheets.workbook_bytes(wb)


def parse_filters(params: Any) -> dict[str, int]:
    """The export's filters from query parameters; values that are not ids are ignored."""
    filters = {}
    for name in FILTERS:
        value = record_id(params.get(name))
        if value is not None:
            filters[name] = value
    return filters


def residents_to_export(user: Any, filters: dict[str, int], *, full: bool) -> QuerySet[Resident]:
    """The living residents the user may export; full values need reveal rights over every one of them."""
    residents = residents_for_user(user, Cap.REGISTRY_EXPORT).filter(status=Resident.Status.ACTIVE)
    residents = residents.filter(**{FILTERS[name]: value for name, value in filters.items()})
    if full:
        scope = scope_for(user)
        if not scope.is_superuser and (
            not scope.has(Cap.REGISTRY_REVEAL)
            or residents.exclude(pk__in=residents_for_user(user, Cap.REGISTRY_REVEAL).values("pk")).exists()
        ):
            raise PermissionDenied
    return residents


def export_roster(*, by: Any, residents: QuerySet[Resident], full: bool, filters: dict[str, int]) -> bytes:
    """Write `residents` as a roster workbook and leave one audit row, masked or full."""
    through = Resident.tags.through
    tags: dict[int, list[str]] = {}
    for resident_id, name in (
        through.objects.filter(resident__in=residents).order_by("tag__code").values_list("resident_id", "tag__name")
    ):
        tags.setdefault(resident_id, []).append(name)
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet(im.ROSTER_SHEET)
    for index, column in enumerate(im.COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(column, 8)
    sheet.append(im.COLUMNS)
    count, communities, counties = 0, set(), set()
    rows = residents.select_related("household__compound", "household__building", "guardian").order_by(
        "household__sort_key", "household_id", "pk"
    )
    for r in rows.iterator(chunk_size=2000):
        h = r.household
        # A masked roster gives the birth year only: with the masked ID's first and last four
        # digits, the full date would give the number away.
        birth = WriteOnlyCell(sheet, value=r.birth_date if full else r.birth_date.year)
        birth.number_format = "yyyy-mm-dd" if full else "0"
        sheet.append(
            [
                h.compound.name,
                h.building.name,
                spreadsheets.text_cell(sheet, h.unit),
                spreadsheets.text_cell(sheet, h.room),
                r.name,
                im.RELATION_LABELS.get(r.relation, ""),
                spreadsheets.text_cell(sheet, pii.decrypt(r.id_number_enc) if full else r.id_number_masked),
                im.GENDER_LABELS.get(r.gender, ""),
                birth,
                spreadsheets.text_cell(sheet, pii.decrypt(r.phone_enc) if full else r.phone_masked),
                r.guardian.name if r.guardian else r.guardian_name,
                "、".join(tags.get(r.pk, [])),
                "",
            ]
        )
        count += 1
        communities.add(r.community_id)
        counties.add(r.county_id)
    # The row goes where the log's readers will look: the one community exported, else the county.
    if not communities:
        areas = scope_for(by).areas.get(Cap.REGISTRY_EXPORT, {})
        communities, counties = set(areas.get("community", ())), set(areas.get("county", ()))
    if filters.get("community"):
        communities = {filters["community"]}
    record_event(
        by=by,
        action="registry.roster.export",
        community_id=next(iter(communities)) if len(communities) == 1 else None,
        county_id=next(iter(counties)) if len(counties) == 1 else None,
        details={"count": count, "full": full, "filters": filters},
    )
    return spreadsheets.workbook_bytes(wb)
