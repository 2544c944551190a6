"""The certificate PDF: its text, its font, its picture and its QR code, checked with poppler."""

import datetime as dt
import logging
import os
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image

from core import pii
from volunteering import fonts, pdf, services
from volunteering.models import Certificate

URL = "https://linli.example.cn/volunteering/verify/TEST-2025-00001/"
WQY = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


def make_issued_certificate(vworld, staff, *, volunteer=None, contents=("夜间治安巡逻", "小区环境卫生整治")):
    """Recorded hours (2.5 + 3 by default) past their notice, a request, and the issue."""
    volunteer = volunteer or vworld.member
    today = timezone.localdate()
    for i, content in enumerate(contents):
        services.record_service(
            by=staff,
            volunteer=volunteer,
            team=vworld.patrol,
            served_on=today - dt.timedelta(days=10 + i),
            hours=Decimal("2.5") + i % 2 * Decimal("0.5"),
            content=content,
        )
    services.close_notices(today=today + dt.timedelta(days=14))
    certificate = services.request_certificate(
        by=staff, volunteer=volunteer, period_start=today - dt.timedelta(days=60), period_end=today, purpose="升学"
    )
    return services.issue_certificate(by=staff, certificate=certificate)


def loaded(certificate):
    return Certificate.objects.select_related("volunteer", "community__county", "community__town").get(
        pk=certificate.pk
    )


def tool(name: str) -> str:
    """A poppler program; outside CI its absence skips the test, in CI it fails it."""
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed (Debian: apt-get install poppler-utils)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
    return ""


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=60).stdout  # noqa: S603


@pytest.fixture
def issued(vworld, staff_a):
    services.update_volunteering_settings(
        by=staff_a,
        community=vworld.member.community,
        person_in_charge="王主任",
        clerk="林干事",
        contact_phone="0593-1234567",
    )
    return loaded(make_issued_certificate(vworld, staff_a))


@pytest.fixture
def pdf_file(issued, tmp_path) -> Path:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf.render_certificate_pdf(issued, verify_url=URL))
    return path


def test_text_carries_the_certificate(issued, pdf_file):
    text = run(tool("pdftotext"), str(pdf_file), "-")
    volunteer = issued.volunteer
    for expected in [
        volunteer.name,
        volunteer.id_number_masked,
        volunteer.number,
        "5.5",
        issued.serial,
        "城南社区",
        "柘荣县双城镇城南社区",
        "王主任",
        "林干事",
        "0593-1234567",
        "夜间治安巡逻",
        "小区环境卫生整治",
        "升学",
        URL,
    ]:
        assert expected in text, expected
    assert pii.decrypt(volunteer.id_number_enc) not in text
    assert pii.decrypt(volunteer.phone_enc) not in text


def test_one_a4_page(pdf_file):
    info = run(tool("pdfinfo"), str(pdf_file))
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE)
    assert "595.276 x 841.89 pts (A4)" in info


def test_renders_to_a_picture_with_ink(pdf_file, tmp_path):
    run(tool("pdftoppm"), "-r", "50", "-png", "-singlefile", str(pdf_file), str(tmp_path / "page"))
    png = tmp_path / "page.png"
    assert png.exists()
    image = Image.open(png).convert("RGB")
    assert abs(image.size[0] - 413) <= 1 and abs(image.size[1] - 585) <= 1  # A4 at 50 dpi
    pixels = [image.getpixel((x, y)) for x in range(image.size[0]) for y in range(image.size[1])]
    dark = sum(1 for r, g, b in pixels if r + g + b < 200)
    red = sum(1 for r, g, b in pixels if r > 120 and g < 80 and b < 80)
    assert dark > 2000  # text and the QR code
    assert red > 500  # the red border and title


def test_chinese_font_is_embedded(pdf_file):
    if not fonts.cjk_font().embedded:
        if os.environ.get("CI"):
            pytest.fail("No CJK TrueType font found; CI installs fonts-wqy-microhei.")
        pytest.skip("No CJK TrueType font on this machine; the PDF uses the non-embedded CID font.")
    lines = run(tool("pdffonts"), str(pdf_file)).splitlines()[2:]
    assert lines
    # Columns: name, type, encoding, emb, sub, uni, object, ID. Every font is a TrueType subset
    # ("AAAAAA+..."), embedded, with a ToUnicode map so the text can be searched and copied.
    for line in lines:
        assert "TrueType" in line, line
        assert line.split()[-5:-2] == ["yes", "yes", "yes"], line


def _qr_from_picture(pdf_file: Path, tmp_path: Path, size: int) -> list[list[bool]]:
    """Read the QR code's modules back from the rendered page, where pdf.py draws it."""
    dpi = 288
    scale = dpi / 72
    x = round(pdf.QR_X * scale)
    y = round((pdf.PAGE_HEIGHT - pdf.QR_Y - pdf.QR_SIZE) * scale)
    side = round(pdf.QR_SIZE * scale)
    crop = ["-x", str(x), "-y", str(y), "-W", str(side), "-H", str(side)]
    run(tool("pdftoppm"), "-r", str(dpi), "-gray", "-png", "-singlefile", *crop, str(pdf_file), str(tmp_path / "qr"))
    image = Image.open(tmp_path / "qr.png").convert("L")
    step = image.size[0] / size
    return [
        [image.getpixel((int((c + 0.5) * step), int((r + 0.5) * step))) < 128 for c in range(size)] for r in range(size)
    ]


def test_qr_code_on_the_page_is_the_verification_url(pdf_file, tmp_path):
    expected = pdf.qr_modules(URL)
    assert expected != pdf.qr_modules(URL.replace("00001", "00002"))
    assert _qr_from_picture(pdf_file, tmp_path, len(expected)) == expected
    # A click on the code opens the page too.
    assert f"/URI ({URL})".encode() in pdf_file.read_bytes()


def test_long_content_shrinks_to_fit_the_page(vworld, staff_a, tmp_path):
    contents = [f"第{i}项服务：" + "为辖区独居老人上门测量血压并讲解用药常识" * 4 for i in range(1, 9)]
    certificate = loaded(make_issued_certificate(vworld, staff_a, contents=contents))
    path = tmp_path / "long.pdf"
    path.write_bytes(pdf.render_certificate_pdf(certificate, verify_url=URL))
    text = run(tool("pdftotext"), str(path), "-").replace("\n", "")
    assert re.search(r"^Pages:\s+1$", run(tool("pdfinfo"), str(path)), re.MULTILINE)
    for i in range(1, 9):
        assert f"第{i}项服务" in text


def test_issuer_fixed_at_issue_wins_over_the_settings_now(issued):
    issued.summary["issuer"] = {"name": "某社区居委会", "person_in_charge": "旧主任", "clerk": "", "contact_phone": ""}
    issuer = pdf.issuer_of(issued)
    assert (issuer.name, issuer.person_in_charge) == ("某社区居委会", "旧主任")
    del issued.summary["issuer"]
    assert pdf.issuer_of(issued).person_in_charge == "王主任"


@pytest.mark.parametrize(("hours", "text"), [("12.50", "12.5"), ("3.00", "3"), ("0.25", "0.25"), ("10", "10")])
def test_format_hours(hours, text):
    assert pdf.format_hours(Decimal(hours)) == text


def test_verification_url_prefers_the_public_url_setting(settings, rf):
    settings.LINLI_PUBLIC_URL = "https://linli.example.cn/"
    assert pdf.verification_url("S-1") == "https://linli.example.cn/volunteering/verify/S-1/"
    settings.LINLI_PUBLIC_URL = ""
    assert pdf.verification_url("S-1", rf.get("/")) == "http://testserver/volunteering/verify/S-1/"


@pytest.fixture
def fresh_font_cache():
    fonts.cjk_font.cache_clear()
    yield
    fonts.cjk_font.cache_clear()


def test_font_falls_back_to_the_cid_font_with_a_warning(settings, monkeypatch, caplog, fresh_font_cache):
    settings.LINLI_CJK_FONT = "/nonexistent/font.ttf"
    monkeypatch.delenv("LINLI_CJK_FONT", raising=False)
    monkeypatch.setattr(fonts, "KNOWN_PATHS", ("/nonexistent/wqy.ttc",))
    with caplog.at_level(logging.WARNING, logger="volunteering.fonts"):
        font = fonts.cjk_font()
    assert font == fonts.CjkFont(name="STSong-Light", path="")
    assert not font.embedded
    assert "fonts-wqy-microhei" in caplog.text


def test_configured_font_comes_first_and_cff_fonts_are_skipped(settings, fresh_font_cache):
    if not Path(WQY).is_file():
        pytest.skip(f"{WQY} is not installed")
    settings.LINLI_CJK_FONT = WQY
    assert fonts.cjk_font().path == WQY
    fonts.cjk_font.cache_clear()
    noto = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
    if not Path(noto).is_file():
        return
    settings.LINLI_CJK_FONT = noto  # CFF outlines: reportlab cannot embed it, the next one is used
    assert fonts.cjk_font().path == WQY
