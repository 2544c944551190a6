"""Reads one sheet of an untrusted workbook; run by core.spreadsheets in a child process, never imported by Django.

A parser bug or a hostile file (a sheet whose cells span A1:XFD1048576, a zip bomb) must kill this
process only: it limits its own memory and CPU time before reading anything, and the parent turns
its death into a refusal. Before calamine sees the sheet, a streaming scan finds how far its cells
reach, because calamine allocates the whole rectangle from A1 to the last cell at once.

Protocol: argv[1] is a JSON object of parameters, stdin the workbook's bytes. stdout gets one JSON
line, {"refused": kind, ...} or {"sheet": name}, then one line per non-empty row, [row number, cells],
then {"end": true}, so that output cut short by the process's death is never taken for a whole sheet.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import posixpath
import re
import resource
import sys
import zipfile
from typing import Any
from xml.parsers import expat

CHUNK = 1024 * 1024
END = {"end": True}
# A <row> or <c> start tag, any namespace prefix, and its attributes; <col>, <cols> do not match.
TAG = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])([^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*)>""")
TAG_REST = re.compile(rb"""[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>""")
CELL_REF = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Z]{1,3})([0-9]{1,7})["']""")
ROW_REF = re.compile(rb"""(?:^|\s)r\s*=\s*["']([0-9]{1,7})["']""")
R_ATTR = re.compile(rb"(?:^|\s)r\s*=")


class Refused(Exception):
    def __init__(self, kind: str, **details: Any) -> None:
        super().__init__(kind)
        self.answer = {"refused": kind, **details}


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _local(name: str) -> str:
    return name.rpartition(":")[2]  # without namespace processing, "x:c" is a prefixed "c"


def _parser(start: Any) -> Any:
    parser = expat.ParserCreate()
    parser.StartElementHandler = start

    def no_dtd(*_: Any) -> None:  # entities are how XML bombs multiply; a workbook never declares any
        raise Refused("unreadable")

    parser.StartDoctypeDeclHandler = no_dtd
    return parser


def _parse_member(archive: zipfile.ZipFile, name: str, start: Any, max_bytes: int) -> None:
    """Stream one member through expat; its real unpacked size counts, not the size its header claims."""
    parser = _parser(start)
    seen = 0
    with archive.open(name) as member:
        while chunk := member.read(CHUNK):
            seen += len(chunk)
            if seen > max_bytes:
                raise Refused("too_large")
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


def sheet_parts(archive: zipfile.ZipFile, max_bytes: int) -> dict[str, str]:
    """Each sheet's name -> its part's path in the zip, from the workbook and its relationships."""
    ids: dict[str, str] = {}
    targets: dict[str, str] = {}

    def on_sheet(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "sheet":
            rel = next((v for k, v in attrs.items() if _local(k) == "id"), "")
            ids[attrs.get("name", "")] = rel

    def on_rel(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "Relationship":
            target = attrs.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            targets[attrs.get("Id", "")] = path

    _parse_member(archive, "xl/workbook.xml", on_sheet, max_bytes)
    _parse_member(archive, "xl/_rels/workbook.xml.rels", on_rel, max_bytes)
    return {name: targets[rel] for name, rel in ids.items() if rel in targets}


class Extent:
    """How far a sheet's cells that hold a value reach, and how many rows hold one (1-based, like Excel).

    A scan of the raw XML, many times faster than a parser's callbacks. It errs on the side of
    refusing: an open <c>...</c> counts as holding a value (calamine skips formula-only and empty
    ones), and so would a cell written inside a comment or CDATA. A row or cell without an `r`
    attribute comes right after the previous one, as calamine reads it. A DTD is refused, so no
    entity can add cells the scan does not see.
    """

    def __init__(self) -> None:
        self.row = self.col = 0
        self.last_row = self.last_col = 0
        self.rows = self.counted = 0
        self.carry = b""

    def feed(self, chunk: bytes) -> None:
        text = self.carry + chunk
        # A tag cut by the chunk's end waits for the next chunk ("<" never occurs inside a tag).
        cut = text.rfind(b"<")
        if chunk and cut >= 0 and not TAG_REST.match(text, cut + 1):
            text, self.carry = text[:cut], text[cut:]
            if len(self.carry) > CHUNK:  # no tag of a sheet is that long
                raise Refused("unreadable")
        else:
            self.carry = b""
        if b"<!DOCTYPE" in text or b"<!ENTITY" in text:
            raise Refused("unreadable")
        for kind, attrs in TAG.findall(text):
            if kind == b"row":
                number = ROW_REF.search(attrs)
                if number is None and R_ATTR.search(attrs):
                    raise Refused("unreadable")
                self.row = int(number[1]) if number else self.row + 1
                self.col = 0
                continue
            ref = CELL_REF.search(attrs)
            if ref:
                self.col, self.row = column_number(ref[1].decode()), int(ref[2])
            elif R_ATTR.search(attrs):  # an r the strict pattern does not read: refuse rather than guess
                raise Refused("unreadable")
            else:
                self.col += 1
            if attrs.endswith(b"/"):  # <c .../>: styled, no value
                continue
            self.last_row = max(self.last_row, self.row)
            self.last_col = max(self.last_col, self.col)
            if self.counted != self.row:
                self.counted = self.row
                self.rows += 1

    def close(self) -> None:
        self.feed(b"")


def scan_sheet(archive: zipfile.ZipFile, name: str, max_bytes: int) -> Extent:
    """The sheet's extent, streamed; its real unpacked size counts, not the size its header claims."""
    extent = Extent()
    seen = 0
    with archive.open(name) as member:
        while chunk := member.read(CHUNK):
            seen += len(chunk)
            if seen > max_bytes:
                raise Refused("too_large")
            extent.feed(chunk)
    extent.close()
    return extent


def choose_sheet(names: list[str], wanted: str, skip: str) -> str | None:
    """The sheet named `wanted`, else the first one that is not `skip` (the instructions)."""
    return wanted if wanted in names else next((n for n in names if n != skip), None)


def _encode(value: Any) -> Any:
    # datetime before date: a datetime is a date too.
    for kind in (dt.datetime, dt.date, dt.time):
        if isinstance(value, kind):
            return {"$": kind.__name__, "v": value.isoformat()}
    if isinstance(value, dt.timedelta):
        return {"$": "timedelta", "v": [value.days, value.seconds, value.microseconds]}
    raise TypeError(type(value).__name__)


def decode(obj: dict[str, Any]) -> Any:
    """The json object_hook undoing _encode; a cell is never a dict otherwise."""
    kind = obj.get("$")
    value: Any = obj.get("v")
    if kind == "datetime":
        return dt.datetime.fromisoformat(value)
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "time":
        return dt.time.fromisoformat(value)
    if kind == "timedelta":
        days, seconds, microseconds = value
        return dt.timedelta(days=days, seconds=seconds, microseconds=microseconds)
    return obj


def read(data: bytes, params: dict[str, Any], out: Any) -> None:
    from python_calamine import CalamineError, CalamineWorkbook  # noqa: PLC0415 - loaded after the limits are set

    max_bytes = params["max_member_bytes"]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = sheet_parts(archive, max_bytes)
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, expat.ExpatError, CalamineError):
        raise Refused("unreadable") from None
    name = choose_sheet(workbook.sheet_names, params["sheet"], params["skip"])
    if name is None:
        raise Refused("no_sheet")
    if name not in parts:
        raise Refused("unreadable")
    try:
        extent = scan_sheet(archive, parts[name], max_bytes)
    except (KeyError, ValueError, zipfile.BadZipFile, OSError):
        raise Refused("unreadable") from None
    if extent.last_col > params["max_columns"]:
        raise Refused("columns", column=extent.last_col)
    if extent.last_row > params["max_row"]:
        raise Refused("rows", count=extent.rows, row=extent.last_row)
    try:
        cells = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except CalamineError:
        raise Refused("unreadable") from None
    out.write(json.dumps({"sheet": name}) + "\n")
    for index, row in enumerate(cells):
        if not all(is_empty(v) for v in row):
            out.write(json.dumps([index + 1, row], ensure_ascii=False, default=_encode) + "\n")
    out.write(json.dumps(END) + "\n")


def limit_resources(memory_bytes: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))


def main() -> None:
    params = json.loads(sys.argv[1])
    limit_resources(params["memory_bytes"], params["cpu_seconds"])
    data = sys.stdin.buffer.read()
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n")
    try:
        read(data, params, out)
    except Refused as refused:
        out.write(json.dumps(refused.answer) + "\n")
    except MemoryError:
        out.write(json.dumps({"refused": "limits"}) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
