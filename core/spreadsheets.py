"""Roster workbooks shared by the imports: reading a roster sheet and writing an import template.

The cell rules (301.0 is "301", headers lose their * and notes) are the same for every import.
Callers pass the messages that name what a row is (a resident, a volunteer), so that each stays a
whole translatable sentence in the caller's module.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from python_calamine import CalamineError, CalamineWorkbook

# The sheet that explains how to fill in a template; an import never reads it as a roster.
INSTRUCTIONS_SHEET = "说明"

# --- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RosterFormat:
    """A roster file's fixed layout: the contract between its template, its import and its export."""

    sheet: str  # the roster sheet's name
    columns: list[str]  # the headers, in the template's order
    required: list[str]  # the headers a file must have
    text_columns: list[str]  # formatted as Text in the template, so Excel keeps every digit


@dataclass
class Roster:
    columns: dict[str, int]  # header -> column index
    rows: list[tuple[int, list[Any]]]  # (row number as Excel shows it, cells)


@dataclass(frozen=True)
class RosterMessages:
    """The caller's messages for a workbook without a roster sheet, an empty sheet, and a header alone."""

    no_sheet: str
    empty: str
    no_rows: str


def header_key(value: Any) -> str:
    """A header cell as the column's name: "姓名*" and "身份证号（18位）" become "姓名" and "身份证号"."""
    text = re.sub(r"\s|\*", "", str(value or ""))
    return re.split(r"[(（]", text, maxsplit=1)[0]


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: Any) -> str:
    """A cell as text: 301.0 (Excel stores numbers as floats) becomes "301"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\u3000", " ").strip()


def read_roster_sheet(fh: IO[bytes], layout: RosterFormat, *, max_rows: int, messages: RosterMessages) -> Roster:
    """The roster sheet's header and non-empty rows; ValidationError says what is wrong with the file.

    The sheet named in `layout` is read, else the first one that is not the 说明 sheet.
    """
    try:
        workbook = CalamineWorkbook.from_filelike(fh)
    except (CalamineError, ValueError, OSError):
        raise ValidationError(
            _("This file cannot be read as an Excel workbook; save it as .xlsx and try again.")
        ) from None
    names = workbook.sheet_names
    name = layout.sheet if layout.sheet in names else next((n for n in names if n != INSTRUCTIONS_SHEET), None)
    if name is None:
        raise ValidationError(messages.no_sheet)
    cells = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    numbered = [(i + 1, row) for i, row in enumerate(cells) if not all(is_empty(v) for v in row)]
    if not numbered:
        raise ValidationError(messages.empty)
    header_row, header = numbered[0]
    columns: dict[str, int] = {}
    for index, value in enumerate(header):
        columns.setdefault(header_key(value), index)
    missing = [c for c in layout.required if c not in columns]
    if missing:
        raise ValidationError(
            _("Row %(row)s, the header row, lacks the columns %(columns)s. Use the headers of the template.")
            % {"row": header_row, "columns": "、".join(missing)}
        )
    rows = numbered[1:]
    if not rows:
        raise ValidationError(messages.no_rows)
    if len(rows) > max_rows:
        raise ValidationError(
            _("The roster has %(count)s rows; at most %(max)s can be imported at once. Split it into several files.")
            % {"count": len(rows), "max": max_rows}
        )
    return Roster(columns=columns, rows=rows)


# --- writing ----------------------------------------------------------------------------------


def write_instructions_sheet(
    wb: Workbook, *, heading: str, lines: Iterable[str], instructions: Iterable[tuple[str, str, str, str]]
) -> None:
    """Make the workbook's first sheet the 说明 sheet: a heading, general lines, then one row per column.

    `instructions` holds (column, required, how to fill it in, example) tuples.
    """
    notes = wb.active
    notes.title = INSTRUCTIONS_SHEET
    notes.append([heading])
    notes["A1"].font = Font(bold=True, size=14)
    for line in lines:
        notes.append([line])
    notes.append([])
    notes.append([_("Column"), _("Required"), _("How to fill it in"), _("Example")])
    for cell in notes[notes.max_row]:
        cell.font = Font(bold=True)
    for row in instructions:
        notes.append(list(row))
        notes.cell(notes.max_row, 3).alignment = Alignment(wrap_text=True, vertical="top")
        notes.cell(notes.max_row, 4).number_format = "@"
    for letter, width in zip("ABCD", (14, 10, 80, 22), strict=True):
        notes.column_dimensions[letter].width = width


def write_roster_sheet(
    wb: Workbook,
    layout: RosterFormat,
    *,
    widths: dict[str, int],
    default_width: int,
    text_rows: int,
    choices: Iterable[tuple[str, Iterable[str]]],
) -> None:
    """Add the sheet to fill in: bold frozen headers, Text columns, and a drop-down list per `choices` column.

    The first `text_rows` rows of a Text column are formatted one by one as well, for older Excel
    versions that ignore the column's style.
    """
    columns = layout.columns
    sheet = wb.create_sheet(layout.sheet)
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = widths.get(column, default_width)
        if column in layout.text_columns:
            sheet.column_dimensions[letter].number_format = "@"
            for row in range(2, text_rows + 2):
                sheet.cell(row, index).number_format = "@"
    for column, words in choices:
        letter = get_column_letter(columns.index(column) + 1)
        validation = DataValidation(type="list", formula1='"{}"'.format(",".join(words)), allow_blank=True)
        validation.add(f"{letter}2:{letter}{text_rows + 1}")
        sheet.add_data_validation(validation)


def text_cell(sheet: Any, value: str) -> WriteOnlyCell:
    """A write-only cell formatted as Text, so Excel keeps every digit of an ID number or phone."""
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = "@"
    return cell


def workbook_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
