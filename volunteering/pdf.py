"""The service certificate (志愿服务证明) as an A4 PDF, drawn with reportlab.

The wording is in the deployment's default language (Chinese), whoever downloads it: the paper
is shown to a school or an employer, not read in the interface. Personal data on it is what the
certificate needs: the full name, the ID type and the masked number, the volunteer number.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import Frame, KeepInFrame, Paragraph, Spacer, Table, TableStyle

from volunteering.fonts import cjk_font
from volunteering.models import Certificate, VolunteeringSettings

PAGE_WIDTH, PAGE_HEIGHT = A4
RED = colors.HexColor("#a61b1b")
INK = colors.HexColor("#1f2429")
GREY = colors.HexColor("#4a5259")
# Where the QR code sits (points from the bottom-left corner): tests find it here.
QR_X, QR_Y, QR_SIZE = 64.0, 112.0, 108.0
BODY_LEFT, BODY_RIGHT = 72.0, PAGE_WIDTH - 72.0


@dataclass(frozen=True)
class Issuer:
    name: str
    person_in_charge: str
    clerk: str
    contact_phone: str


def format_hours(hours: Decimal | str | None) -> str:
    """12.50 -> "12.5", 3.00 -> "3": how hours are written on the paper and the verification page."""
    value = Decimal(str(hours or 0)).quantize(Decimal("0.01"))
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def issuer_name(community: Any) -> str:
    """城南社区 -> 柘荣县双城镇城南社区: the full name a reader elsewhere recognises."""
    parts = [getattr(community.county, "name", ""), getattr(community.town, "name", ""), community.name]
    return "".join(p for p in parts if p)


def issuer_of(certificate: Certificate) -> Issuer:
    """The issuer printed on the certificate: what was fixed at issue, else the community's settings now."""
    fixed = (certificate.summary or {}).get("issuer")
    if isinstance(fixed, dict):
        return Issuer(
            name=fixed.get("name") or issuer_name(certificate.community),
            person_in_charge=fixed.get("person_in_charge", ""),
            clerk=fixed.get("clerk", ""),
            contact_phone=fixed.get("contact_phone", ""),
        )
    row = VolunteeringSettings.objects.filter(community_id=certificate.community_id).first()
    return Issuer(
        name=issuer_name(certificate.community),
        person_in_charge=row.person_in_charge if row else "",
        clerk=row.clerk if row else "",
        contact_phone=row.contact_phone if row else "",
    )


def verification_url(serial: str, request: Any = None) -> str:
    """The absolute address of a certificate's public verification page, for its QR code.

    LINLI_PUBLIC_URL (a setting or environment variable, e.g. https://linli.example.cn) wins:
    behind a proxy or when a batch is rendered outside a request, the request's host is not the
    address residents and employers can reach.
    """
    path = reverse("volunteering:certificate-verify", args=[serial])
    base = getattr(settings, "LINLI_PUBLIC_URL", "") or os.environ.get("LINLI_PUBLIC_URL", "")
    if base:
        return base.rstrip("/") + path
    if request is None:
        raise ValueError("Set LINLI_PUBLIC_URL to build verification addresses outside a request.")
    return request.build_absolute_uri(path)


def qr_modules(url: str) -> list[list[bool]]:
    """The QR code of `url` as rows of dark (True) and light modules, without the quiet zone."""
    qr = segno.make(url, error="m", micro=False)
    return [[bool(cell) for cell in row] for row in qr.matrix]


def _date(value: Any) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=font, fontSize=13, leading=24, textColor=INK, wordWrap="CJK")
    return {
        "body": ParagraphStyle("body", parent=base, firstLineIndent=26),
        "heading": ParagraphStyle("heading", parent=base, fontSize=13, leading=20, spaceBefore=14, spaceAfter=6),
        "cell": ParagraphStyle("cell", parent=base, fontSize=11, leading=15),
        "note": ParagraphStyle("note", parent=base, fontSize=11, leading=18, spaceBefore=4, textColor=GREY),
    }


def _u(value: Any) -> str:
    """A filled-in value, underlined like the blanks of a paper form."""
    return f"<u>&nbsp;{escape(str(value))}&nbsp;</u>"


def _body(certificate: Certificate, issuer: Issuer, styles: dict[str, ParagraphStyle]) -> list[Any]:
    volunteer = certificate.volunteer
    summary = certificate.summary or {}
    text = _(
        "This is to certify that %(name)s (%(id_type)s: %(id_number)s; volunteer number: %(number)s) "
        "took part in volunteer service with %(community)s from %(start)s to %(end)s, and that "
        "%(hours)s hours of service were recorded after public notice in that period."
    ) % {
        "name": _u(volunteer.name),
        "id_type": escape(str(volunteer.get_id_type_display())),
        "id_number": escape(volunteer.id_number_masked),
        "number": escape(volunteer.number),
        "community": escape(issuer.name),
        "start": _u(_date(certificate.period_start)),
        "end": _u(_date(certificate.period_end)),
        "hours": _u(format_hours(certificate.hours)),
    }
    story: list[Any] = [Paragraph(text, styles["body"])]
    rows = [(item.get("content", ""), item.get("hours", "")) for item in summary.get("content", [])]
    if rows:
        story.append(Paragraph(escape(_("Content of service")), styles["heading"]))
        data = [[Paragraph(escape(_("Service")), styles["cell"]), Paragraph(escape(_("Hours")), styles["cell"])]]
        data += [
            [Paragraph(escape(str(content)), styles["cell"]), Paragraph(format_hours(hours), styles["cell"])]
            for content, hours in rows
        ]
        table = Table(data, colWidths=[(BODY_RIGHT - BODY_LEFT) - 90, 90], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), styles["cell"].fontName),  # else the table names Helvetica
                    ("GRID", (0, 0), (-1, -1), 0.5, GREY),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3e6e6")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        story.append(table)
    entries = int(summary.get("entries") or 0)
    if entries:
        note = ngettext("Based on %(count)s service record.", "Based on %(count)s service records.", entries) % {
            "count": entries
        }
        story.append(Paragraph(escape(note), styles["note"]))
    if certificate.purpose:
        purpose = _("This certificate is for: %(purpose)s") % {"purpose": certificate.purpose}
        story.append(Paragraph(escape(purpose), styles["note"]))
    story += [Spacer(1, 10), Paragraph(escape(_("This certificate is hereby issued.")), styles["body"])]
    return story


def _frame_border(c: pdfcanvas.Canvas) -> None:
    c.setStrokeColor(RED)
    c.setLineWidth(2.2)
    c.rect(24, 24, PAGE_WIDTH - 48, PAGE_HEIGHT - 48)
    c.setLineWidth(0.7)
    c.rect(31, 31, PAGE_WIDTH - 62, PAGE_HEIGHT - 62)


def _title(c: pdfcanvas.Canvas, font: str, serial: str) -> None:
    c.setFillColor(INK)
    c.setFont(font, 10.5)
    c.drawRightString(BODY_RIGHT, PAGE_HEIGHT - 62, _("Serial number: %(serial)s") % {"serial": serial})
    title = _("Volunteer Service Certificate")
    # The font has no bold face: fill and stroke the glyphs (render mode 2) to thicken them.
    c.setFillColor(RED)
    c.setStrokeColor(RED)
    c.setLineWidth(0.8)
    # Spaced-out characters suit the six of 志愿服务证明; a longer title (English) is fitted to the width.
    size, space = 30.0, 8.0 if len(title) <= 8 else 1.0
    width = c.stringWidth(title, font, size) + space * (len(title) - 1)
    if width > BODY_RIGHT - BODY_LEFT:
        size *= (BODY_RIGHT - BODY_LEFT) / width
        space *= (BODY_RIGHT - BODY_LEFT) / width
    c.setFont(font, size)
    c.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 128, title, mode=2, charSpace=space)
    c.setLineWidth(1)
    c.line(BODY_LEFT + 60, PAGE_HEIGHT - 146, BODY_RIGHT - 60, PAGE_HEIGHT - 146)


def _qr(c: pdfcanvas.Canvas, font: str, url: str) -> None:
    modules = qr_modules(url)
    step = QR_SIZE / len(modules)
    c.setFillColor(colors.black)
    top = QR_Y + QR_SIZE
    for r, row in enumerate(modules):
        col = 0
        while col < len(row):  # one rectangle per run of dark modules keeps the file small
            if not row[col]:
                col += 1
                continue
            start = col
            while col < len(row) and row[col]:
                col += 1
            c.rect(QR_X + start * step, top - (r + 1) * step, (col - start) * step, step, stroke=0, fill=1)
    c.linkURL(url, (QR_X, QR_Y, QR_X + QR_SIZE, top), relative=0)
    c.setFillColor(INK)
    c.setFont(font, 10)
    c.drawCentredString(QR_X + QR_SIZE / 2, QR_Y - 16, _("Scan to verify"))


def _issuer_block(c: pdfcanvas.Canvas, font: str, issuer: Issuer, issued_on: Any) -> None:
    lines = [
        _("Issued by (seal): %(name)s") % {"name": issuer.name},
        _("Person in charge: %(name)s") % {"name": issuer.person_in_charge or "—"},
        _("Clerk: %(name)s") % {"name": issuer.clerk or "—"},
        _("Contact phone: %(phone)s") % {"phone": issuer.contact_phone or "—"},
        _("Date of issue: %(date)s") % {"date": _date(issued_on)},
    ]
    c.setFillColor(INK)
    left = QR_X + QR_SIZE + 24
    width = max(c.stringWidth(line, font, 12) for line in lines)
    size = min(12.0, 12 * (BODY_RIGHT - left) / width)  # a long community name must not run off the page
    x = max(left, BODY_RIGHT - max(c.stringWidth(line, font, size) for line in lines))
    y = QR_Y + QR_SIZE - 8
    for line in lines:
        c.setFont(font, size)
        c.drawString(x, y, line)
        y -= 24


def _footer(c: pdfcanvas.Canvas, font: str, url: str) -> None:
    c.setFillColor(GREY)
    c.setFont(font, 9)
    c.drawCentredString(
        PAGE_WIDTH / 2, 70, _("Scan the QR code or open this address to check that the certificate is genuine:")
    )
    c.setFont(font, 9)
    c.drawCentredString(PAGE_WIDTH / 2, 56, url)
    width = c.stringWidth(url, font, 9)
    c.linkURL(url, (PAGE_WIDTH / 2 - width / 2, 52, PAGE_WIDTH / 2 + width / 2, 66), relative=0)


def render_certificate_pdf(certificate: Certificate, *, verify_url: str, language: str | None = None) -> bytes:
    """The certificate as PDF bytes. `verify_url` is the absolute address its QR code points to.

    Needs an issued certificate with volunteer, community, county and town loaded (select_related).
    """
    font = cjk_font().name
    issuer = issuer_of(certificate)
    buffer = io.BytesIO()
    with translation.override(language or settings.LANGUAGE_CODE):
        # The CJK font from the start: otherwise an unused Helvetica is listed as a font of the page.
        c = pdfcanvas.Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=font)
        c.setTitle(_("Volunteer Service Certificate") + f" {certificate.serial}")
        c.setAuthor(issuer.name)
        c.setCreator(str(settings.LINLI_SITE_NAME))
        _frame_border(c)
        _title(c, font, certificate.serial or "")
        styles = _styles(font)
        body_top = PAGE_HEIGHT - 160
        body_bottom = QR_Y + QR_SIZE + 24
        width, height = BODY_RIGHT - BODY_LEFT, body_top - body_bottom
        frame = Frame(
            BODY_LEFT, body_bottom, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0
        )
        # Eight long lines of content could overflow the page: shrink to fit rather than lose any.
        body = KeepInFrame(width, height, _body(certificate, issuer, styles), mode="shrink", vAlign="TOP")
        frame.addFromList([body], c)
        _qr(c, font, verify_url)
        _issuer_block(c, font, issuer, certificate.issued_on)
        _footer(c, font, verify_url)
        c.showPage()
        c.save()
    return buffer.getvalue()
