"""Reading a roster workbook is bounded whatever the file declares, and a dying reader is only a refusal."""

import datetime as dt
import io
import subprocess
import sys
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from python_calamine import CalamineWorkbook

from core import spreadsheets
from core.sheet_reader import Extent, is_empty
from core.spreadsheets import RosterFormat, RosterMessages, read_roster_sheet
from core.tests import hostile_files

LAYOUT = RosterFormat(sheet="名册", columns=["姓名", "电话"], required=["姓名"], text_columns=[])
MESSAGES = RosterMessages(no_sheet="no sheet", empty="empty", no_rows="no rows")


def read(content: bytes, max_rows: int = 100):
    return read_roster_sheet(io.BytesIO(content), LAYOUT, max_rows=max_rows, messages=MESSAGES)


def refusal(content: bytes, max_rows: int = 100) -> str:
    with pytest.raises(ValidationError) as caught:
        read(content, max_rows)
    return caught.value.messages[0]


@pytest.mark.parametrize(
    "case", ["sparse dimension", "zip bomb", "csv renamed", "png with a zip", "zip with html first"]
)
def test_hostile_workbooks_are_refused_with_a_clear_message(case):
    content, says = hostile_files.hostile_workbooks("名册", ["姓名", "电话"])[case]
    assert says in refusal(content)


def test_a_cell_far_below_the_roster_is_refused_before_reading():
    def far_row(xml):
        row = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        return [xml.replace(b"</sheetData>", row + b"</sheetData>")]

    content = hostile_files._rezip(hostile_files.workbook("名册", ["姓名"], [["张三"]]), far_row)
    assert "goes down to row 1048576" in refusal(content)


def test_too_many_rows_get_the_row_count_message_even_when_they_reach_far():
    def far_row(xml):
        row = b'<row r="5000"><c r="A5000" t="inlineStr"><is><t>x</t></is></c></row>'
        return [xml.replace(b"</sheetData>", row + b"</sheetData>")]

    content = hostile_files._rezip(hostile_files.workbook("名册", ["姓名"], [["a"], ["b"], ["c"]]), far_row)
    assert "at most 2 can be imported" in refusal(content, max_rows=2)


def test_a_reader_that_dies_is_a_refusal(tmp_path, monkeypatch):
    dying = tmp_path / "reader.py"
    dying.write_text("import os\nos.abort()\n")
    monkeypatch.setattr(spreadsheets, "READER", dying)
    assert "needs far more memory or time" in refusal(hostile_files.workbook("名册", ["姓名"], [["张三"]]))


def test_a_reader_out_of_time_is_a_refusal(tmp_path, monkeypatch):
    stuck = tmp_path / "reader.py"
    stuck.write_text("import time\ntime.sleep(60)\n")
    monkeypatch.setattr(spreadsheets, "READER", stuck)
    monkeypatch.setattr(spreadsheets, "READER_TIMEOUT_SECONDS", 0.5)
    assert "needs far more memory or time" in refusal(hostile_files.workbook("名册", ["姓名"], [["张三"]]))


def test_the_reader_limits_its_own_memory():
    # The limit is set before anything is read: a reader asking for more than it has dies alone.
    code = (
        f"import resource, runpy; runpy.run_path({str(spreadsheets.READER)!r})['limit_resources'](256 << 20, 5); "
        "print(resource.getrlimit(resource.RLIMIT_AS)[0])"
    )
    done = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, check=True)  # noqa: S603
    assert int(done.stdout) == 256 * 1024 * 1024


def test_cells_read_as_calamine_reads_them():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名册"
    ws["B3"], ws["C3"] = "姓名", "电话"
    ws["B5"], ws["C5"] = "张三", 13800000000
    ws["B6"], ws["C6"], ws["D6"] = dt.date(2024, 2, 29), dt.datetime(2024, 3, 1, 8, 30, 15), True
    ws["E7"], ws["B8"] = 3.25, "   "
    ws["B9"] = "李四"
    buffer = io.BytesIO()
    wb.save(buffer)
    content = buffer.getvalue()

    roster = read(content)

    direct = (
        CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_name("名册").to_python(skip_empty_area=False)
    )
    expected = [(i + 1, row) for i, row in enumerate(direct) if not all(is_empty(v) for v in row)]
    assert roster.columns == {"": 0, "姓名": 1, "电话": 2}
    assert roster.rows == expected[1:]
    assert roster.rows[1][1][1:4] == [dt.date(2024, 2, 29), dt.datetime(2024, 3, 1, 8, 30, 15), True]


def test_a_zip_of_very_many_members_is_refused_from_its_end_record():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for n in range(spreadsheets.MAX_MEMBERS):
            archive.writestr(f"xl/media/{n}.txt", "")
    assert "cannot be read as an Excel workbook" in refusal(out.getvalue())


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        (b'<row r="3"><c r="B3" s="1"/><c r="C3"><v>1</v></c></row>', (3, 3, 1)),  # a styled empty cell is no value
        (b'<x:row><x:c><x:v>1</x:v></x:c><x:c t="s"><x:v>2</x:v></x:c></x:row>', (1, 2, 1)),  # no r: one after another
        (b'<row r="1"><c q=">" r="XFD1"><v>1</v></c></row>', (1, 16384, 1)),  # a ">" inside a quoted value
        (b"<row r='7'><c r='D7'><is><t>x</t></is></c></row>", (7, 4, 1)),
    ],
)
def test_the_extent_scan_reads_the_same_wherever_a_chunk_ends(xml, expected):
    whole = Extent()
    whole.feed(xml)
    whole.close()
    for cut in range(1, len(xml)):
        split = Extent()
        split.feed(xml[:cut])
        split.feed(xml[cut:])
        split.close()
        assert (split.last_row, split.last_col, split.rows) == (whole.last_row, whole.last_col, whole.rows)
    assert (whole.last_row, whole.last_col, whole.rows) == expected
