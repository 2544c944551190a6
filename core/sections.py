"""Sections that one app adds to another app's page, so the page's app imports none of them:
activities put the next activities on volunteering's "My volunteer page".

A section is a function of the request and the page's object that returns None (nothing to
show) or a dict with the "template" to include and what it needs; the page includes each in the
order registered, with the dict as `section`. Register from AppConfig.ready().
"""

from collections.abc import Callable
from typing import Any

PageSection = Callable[[Any, Any], dict | None]
PAGE_SECTIONS: dict[str, list[PageSection]] = {}


def register_page_section(page: str, section: PageSection) -> None:
    sections = PAGE_SECTIONS.setdefault(page, [])
    if section not in sections:
        sections.append(section)


def sections_for(page: str, request: Any, obj: Any) -> list[dict]:
    return [s for s in (make(request, obj) for make in PAGE_SECTIONS.get(page, [])) if s]
