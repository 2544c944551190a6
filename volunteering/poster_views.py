"""The printable poster of a community's public volunteer sign-up: its name and a big QR code.

Staff pin it up in the community centre and at recruitment drives; a phone camera opens the
sign-up page. Everything on it is public already, so any logged-in user may print it.
"""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from volunteering import queries


def public_address(request: HttpRequest, path: str) -> str:
    """`path` as residents' phones reach it: LINLI_PUBLIC_URL when set (behind a proxy the
    request's host is not that address), else the request's own host."""
    base = getattr(settings, "LINLI_PUBLIC_URL", "")
    return base.rstrip("/") + path if base else request.build_absolute_uri(path)


@login_required
def join_poster(request, code):
    community = queries.community_by_code(code)
    address = public_address(request, reverse("volunteering:join", args=[community.code]))
    label = _("QR code of the volunteer sign-up page of %(community)s") % {"community": community.name}
    # segno writes only geometry and its own attributes, so its SVG is safe to put in the page as is.
    svg = segno.make(address, error="m").svg_inline(omitsize=True, svgclass="poster-qr-code")
    qr = format_html('<div class="poster-qr" role="img" aria-label="{}">{}</div>', label, mark_safe(svg))  # noqa: S308
    context = {"community": community, "address": address, "qr": qr}
    return render(request, "volunteering/join_poster.html", context)
