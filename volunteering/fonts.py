"""The Chinese font of Linli's PDFs: an embedded TrueType font where one is installed.

reportlab's built-in CID font STSong-Light is only named in the PDF, never embedded, so a
viewer without Chinese fonts shows boxes. A TrueType font is embedded as a subset of the
characters used. reportlab cannot read CFF-outline OpenType files (the Noto CJK .ttc/.otf), so
those are skipped and the next candidate is tried.
"""

from __future__ import annotations

import functools
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

FALLBACK_CID_FONT = "STSong-Light"

# Where distributions put free CJK TrueType fonts: Debian/Ubuntu (fonts-wqy-microhei,
# fonts-wqy-zenhei, fonts-arphic-uming, fonts-droid-fallback), Fedora, Arch, Windows.
KNOWN_PATHS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "C:/Windows/Fonts/simhei.ttf",
    "C:/Windows/Fonts/simsun.ttc",
)


@dataclass(frozen=True)
class CjkFont:
    name: str  # the name to pass to setFont / ParagraphStyle(fontName=...)
    path: str  # the file embedded, or "" for the CID fallback

    @property
    def embedded(self) -> bool:
        return bool(self.path)


def candidate_paths() -> list[str]:
    """The LINLI_CJK_FONT setting or environment variable first, then the known paths."""
    configured = getattr(settings, "LINLI_CJK_FONT", "") or os.environ.get("LINLI_CJK_FONT", "")
    return [p for p in (configured, *KNOWN_PATHS) if p]


def _load_ttf(path: str):
    from reportlab.pdfbase.ttfonts import TTFont  # noqa: PLC0415 - reportlab loads only when a certificate is drawn

    stem = Path(path).stem.replace(" ", "")
    name = f"LinliCJK-{stem}"
    if path.lower().endswith(".ttc"):
        return TTFont(name, path, subfontIndex=0)
    return TTFont(name, path)


@functools.cache
def cjk_font() -> CjkFont:
    """Register and return the first usable CJK font; the CID font with a warning when none is."""
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415 - reportlab loads only when a certificate is drawn
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: PLC0415 - reportlab loads only when a certificate is drawn

    for path in candidate_paths():
        if not Path(path).is_file():
            continue
        try:
            font = _load_ttf(path)
        except Exception as exc:  # a CFF OpenType or a damaged file: reportlab raises TTFError or worse
            logger.info("Skipping CJK font %s: %s", path, exc)
            continue
        pdfmetrics.registerFont(font)
        return CjkFont(name=font.fontName, path=path)
    logger.warning(
        "No CJK TrueType font found (tried %s); PDFs use %s, which is not embedded: a viewer without "
        "Chinese fonts will show boxes. Install fonts-wqy-microhei or set LINLI_CJK_FONT.",
        ", ".join(candidate_paths()),
        FALLBACK_CID_FONT,
    )
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_CID_FONT))
    return CjkFont(name=FALLBACK_CID_FONT, path="")
