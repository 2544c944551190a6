"""Hostile uploads, made in memory: workbooks and pictures built to exhaust or fool whoever reads them.

No binary fixture is committed; each file is generated once per test session (the bombs take a
second or two) and handed out as bytes. Each entry says how an upload must answer it.
"""

from __future__ import annotations

import functools
import io
import struct
import zipfile
import zlib

import openpyxl
from PIL import Image

FAR_CORNER = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
BOMB_SHEET_BYTES = 200 * 1024 * 1024
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'


def workbook(sheet: str, headers: list[str], rows: list[list[str]] = ()) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _rezip(content: bytes, sheet_xml) -> bytes:
    """The workbook with its first sheet's XML passed through `sheet_xml` (bytes -> bytes or chunks)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info.filename, data)
                continue
            with target.open(info.filename, "w", force_zip64=True) as member:
                for chunk in sheet_xml(data):
                    member.write(chunk)
    return out.getvalue()


def sparse_workbook(sheet: str, headers: list[str]) -> bytes:
    """28 KB that declares A1:XFD1048576 and has a cell there: read naively, 512 GB of cells."""

    def patch(xml: bytes) -> list[bytes]:
        head, _, rest = xml.partition(b"<dimension ")
        rest = rest.partition(b"/>")[2]
        xml = head + b'<dimension ref="A1:XFD1048576"/>' + rest
        return [xml.replace(b"</sheetData>", FAR_CORNER + b"</sheetData>")]

    return _rezip(workbook(sheet, headers), patch)


@functools.cache
def zip_bomb_workbook(sheet: str, headers: tuple[str, ...]) -> bytes:
    """A sheet of 200 MB of identical rows, packed to well under 1 MB."""
    row = b'<row><c t="inlineStr"><is><t>boom</t></is></c><c t="inlineStr"><is><t>boom</t></is></c></row>'
    chunk = row * (1024 * 1024 // len(row))

    def inflate(xml: bytes):
        head, _, tail = xml.partition(b"</sheetData>")
        yield head
        for _ in range(BOMB_SHEET_BYTES // len(chunk)):
            yield chunk
        yield b"</sheetData>" + tail

    return _rezip(workbook(sheet, list(headers)), inflate)


def csv_as_xlsx() -> bytes:
    return "姓名,手机号,证件号码\n张三,13800000000,110101199003071234\n".encode()


def png_with_zip(content: bytes) -> bytes:
    """A real PNG with a workbook appended: a zip reader finds the workbook, an image reader the picture."""
    return picture("PNG") + content


def zip_with_html_first() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("index.html", "<html><script>alert(1)</script></html>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    return out.getvalue()


def picture(fmt: str = "JPEG", size: tuple[int, int] = (64, 48), **save: object) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, fmt, **save)
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@functools.cache
def blank_png(width: int, height: int) -> bytes:
    """A one-colour black-and-white PNG of any size, packed row by row (never held whole in memory)."""
    packer = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", body) + _png_chunk(b"IEND", b"")


def jpeg_with_gps() -> bytes:
    """A 64x48 photo taken on its side (orientation 6) with the place it was taken in its EXIF."""
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90 degrees to show
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 17.0)})
    return picture("JPEG", exif=exif.tobytes())


def truncated_jpeg() -> bytes:
    whole = picture("JPEG", (640, 480), quality=95)
    return whole[: len(whole) // 2]


# The workbooks every roster upload must refuse, by name: (content, words the refusal shows).
def hostile_workbooks(sheet: str, headers: list[str]) -> dict[str, tuple[bytes, str]]:
    return {
        "sparse dimension": (sparse_workbook(sheet, headers), "column XFD"),
        "zip bomb": (zip_bomb_workbook(sheet, tuple(headers)), "unpacks to far more data"),
        "csv renamed": (csv_as_xlsx(), "cannot be read as an Excel workbook"),
        "png with a zip": (png_with_zip(workbook(sheet, headers)), "cannot be read as an Excel workbook"),
        "zip with html first": (zip_with_html_first(), "cannot be read as an Excel workbook"),
    }


# The pictures every photo upload must refuse: (file name, content, words the refusal shows).
def hostile_pictures() -> dict[str, tuple[str, bytes, str]]:
    return {
        "decompression bomb": ("bomb.png", blank_png(30000, 30000), "too large in pixels"),
        "12000 px a side": ("huge.png", blank_png(12000, 12000), "too large in pixels"),
        "truncated jpeg": ("cut.jpg", truncated_jpeg(), "damaged"),
        "svg as png": ("logo.png", SVG, "not a photo"),
        "csv as png": ("list.png", csv_as_xlsx(), "not a photo"),
        "zip with html first": ("page.png", zip_with_html_first(), "not a photo"),
    }


# Pictures to accept and store re-encoded: (file name, content).
def acceptable_pictures() -> dict[str, tuple[str, bytes]]:
    return {
        "jpeg with gps": ("photo.jpg", jpeg_with_gps()),
        "png with a zip appended": ("photo.png", png_with_zip(workbook("x", ["a"]))),
    }


def same_picture(stored: bytes, uploaded: bytes) -> bool:
    """Whether a stored (re-encoded) picture shows what was uploaded: same size, colours within JPEG's error."""
    a, b = (Image.open(io.BytesIO(data)).convert("RGB") for data in (stored, uploaded))
    if a.size != b.size:
        return False
    return all(
        abs(x - y) <= 8 for p, q in zip(a.getdata(), b.getdata(), strict=True) for x, y in zip(p, q, strict=True)
    )
