"""Roster workbooks shared by the imports: reading a roster sheet and writing an import template.

The cell rules (301.0 is "301", headers lose their * and notes) are the same for every import.
Callers pass the messages that name what a row is (a resident, a volunteer), so that each stays a
whole translatable sentence in the caller's module.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core import sheet_reader

logger = logging.getLogger(__name__)

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


# Bounds on what an uploaded workbook may unpack to. A roster of 100,000 rows written by
# openpyxl (inline strings, the largest layout) unpacks to about 70 MB at a ratio of 13.
MAX_MEMBERS = 500
MAX_MEMBER_BYTES = 300 * 1024 * 1024
MAX_TOTAL_BYTES = 400 * 1024 * 1024
MAX_RATIO = 100  # a zip bomb packs hundreds to one; real sheets about 10 to 20
RATIO_FROM_BYTES = 1024 * 1024  # tiny members may pack tightly without harm
MAX_COLUMNS = 64
SPARE_ROWS = 1000  # blank rows a roster may have between and below its rows
# The child process reading a workbook: a 100,000-row roster peaks near 200 MB, and reads in about
# 5 seconds on a slow machine.
READER = Path(__file__).with_name("sheet_reader.py")
READER_MEMORY_BYTES = 512 * 1024 * 1024
READER_CPU_SECONDS = 120
READER_TIMEOUT_SECONDS = 180

ZIP_MAGIC = b"PK\x03\x04"
EOCD_MAGIC = b"PK\x05\x06"
EOCD_SEARCH = 22 + 65535  # the end record and the longest comment it may carry
REQUIRED_MEMBERS = ("[Content_Types].xml", "xl/workbook.xml")


def _not_a_workbook() -> ValidationError:
    return ValidationError(
        _("This file cannot be read as an Excel workbook; save it as .xlsx and try again."), code="not_workbook"
    )


def _declared_members(fh: IO[bytes]) -> int:
    """The member count the zip's end record declares (65535 stands for "see the zip64 record": too many)."""
    fh.seek(0, io.SEEK_END)
    size = fh.tell()
    fh.seek(max(0, size - EOCD_SEARCH))
    tail = fh.read()
    at = tail.rfind(EOCD_MAGIC)
    if at < 0 or len(tail) < at + 12:
        raise _not_a_workbook()
    return int.from_bytes(tail[at + 10 : at + 12], "little")


def check_workbook(fh: IO[bytes]) -> None:
    """Refuse, from the zip's directory alone, a file that is no .xlsx workbook or that unpacks to too much.

    Nothing is decompressed here; the child process that reads the sheet holds the real limits.
    """
    fh.seek(0)
    try:
        if fh.read(4) != ZIP_MAGIC:  # a CSV renamed, or another file with a zip appended
            raise _not_a_workbook()
        if _declared_members(fh) > MAX_MEMBERS:  # before zipfile builds an object per member
            raise _not_a_workbook()
        fh.seek(0)
        members = zipfile.ZipFile(fh).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise _not_a_workbook() from None
    finally:
        fh.seek(0)
    names = {m.filename for m in members}
    if len(members) > MAX_MEMBERS or any(name not in names for name in REQUIRED_MEMBERS):
        raise _not_a_workbook()
    total = sum(m.file_size for m in members)
    too_packed = any(
        m.file_size > RATIO_FROM_BYTES and m.file_size > MAX_RATIO * max(m.compress_size, 1) for m in members
    )
    if too_packed or total > MAX_TOTAL_BYTES or any(m.file_size > MAX_MEMBER_BYTES for m in members):
        raise ValidationError(
            _(
                "This workbook unpacks to far more data than a roster holds, so it is not read. Copy the roster "
                "into the template, save it as .xlsx and upload it again."
            ),
            code="too_large",
        )


def _run_reader(data: bytes, layout: RosterFormat, max_rows: int) -> list[str]:
    """The reader's output lines; ValidationError when it dies, overruns its limits or its time."""
    params = {
        "sheet": layout.sheet,
        "skip": INSTRUCTIONS_SHEET,
        "max_columns": MAX_COLUMNS,
        "max_row": max_rows + 1 + SPARE_ROWS,
        "max_member_bytes": MAX_MEMBER_BYTES,
        "memory_bytes": READER_MEMORY_BYTES,
        "cpu_seconds": READER_CPU_SECONDS,
    }
    cannot = ValidationError(
        _(
            "This file cannot be read: reading it needs far more memory or time than any roster. Copy the roster "
            "into the template, save it as .xlsx and upload it again."
        )
    )
    command = [sys.executable, "-I", str(READER), json.dumps(params)]
    try:
        done = subprocess.run(  # noqa: S603 - our own script and the running interpreter; the file goes to stdin
            command, input=data, capture_output=True, timeout=READER_TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        logger.warning("the workbook reader ran out of time")
        raise cannot from None
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    if done.returncode != 0 or not lines:
        logger.warning("the workbook reader stopped with %s: %s", done.returncode, done.stderr[-2000:])
        raise cannot
    return lines


def _read_cells(
    fh: IO[bytes], layout: RosterFormat, *, max_rows: int, messages: RosterMessages
) -> list[tuple[int, list[Any]]]:
    """The sheet's non-empty rows as (row number, cells), read in a child process under limits."""
    check_workbook(fh)
    lines = _run_reader(fh.read(), layout, max_rows)
    head = json.loads(lines[0])
    refused = head.get("refused")
    if refused == "no_sheet":
        raise ValidationError(messages.no_sheet)
    if refused == "columns":
        raise ValidationError(
            _(
                "The roster sheet has something in column %(column)s; a roster uses at most %(max)s columns. "
                "Delete the columns to the right of the roster and try again."
            )
            % {"column": get_column_letter(head["column"]), "max": MAX_COLUMNS}
        )
    if refused == "rows":
        _check_row_count(head["count"] - 1, max_rows)
        raise ValidationError(
            _(
                "The roster sheet goes down to row %(row)s, far below its last row. Delete the rows below the "
                "roster and try again."
            )
            % {"row": head["row"]}
        )
    if refused or json.loads(lines[-1]) != sheet_reader.END:
        raise _not_a_workbook()
    return [tuple(json.loads(line, object_hook=sheet_reader.decode)) for line in lines[1:-1]]


def _check_row_count(count: int, max_rows: int) -> None:
    if count > max_rows:
        raise ValidationError(
            _("The roster has %(count)s rows; at most %(max)s can be imported at once. Split it into several files.")
            % {"count": count, "max": max_rows}
        )


def read_roster_sheet(fh: IO[bytes], layout: RosterFormat, *, max_rows: int, messages: RosterMessages) -> Roster:
    """The roster sheet's header and non-empty rows; ValidationError says what is wrong with the file.

    The sheet named in `layout` is read, else the first one that is not the 说明 sheet. The file is
    read by a child process with bounded memory and time, so a hostile file cannot take this one down.
    """
    numbered = _read_cells(fh, layout, max_rows=max_rows, messages=messages)
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
    _check_row_count(len(rows), max_rows)
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
