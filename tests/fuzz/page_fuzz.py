"""A query fuzzer for the pages: every GET route of the URL conf, hostile values in every query
parameter a page reads, as a logged-in user. No answer may be a server error.

The routes come from the URL conf; real ids for their path parameters from a crawl of the links the
user is shown, starting at the home page; the parameter names from the page's own GET forms and
links (its filter bar, its pager) plus the names lists commonly read.
"""

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

# Not pages: the API has its own fuzzer; the admin, the language switch and logout are Django's.
SKIPPED_PREFIXES = ("/api/", "/django-admin/", "/i18n/", "/static/", "/media/", "/accounts/logout")
COMMON_NAMES = ("page", "q", "sort", "offset", "community", "status", "year", "month", "date")
HOSTILE_VALUES = (
    "99999999999999999999",
    "-99999999999999999999",
    "-1",
    "0",
    "x" * 5000,
    "\x00",
    "١٢٣",  # Arabic-Indic digits: isdigit() is true, int() reads them
    "²",  # a superscript: isdigit() is true, int() refuses it
    "１２",  # full-width digits
    "😀\u202e",
    "1e400",
    "NaN",
    "0001-01-01",
    "99999-12-31",
    "2026-02-30",
    "../../etc/passwd",
    "' OR 1=1 --",
)
HREF = re.compile(r"""href="([^"#]*)\"""")
GET_FORM = re.compile(r"<form\b(?![^>]*method=\"post\")[^>]*>(.*?)</form>", re.S | re.I)
NAME = re.compile(r"""\bname="([^"]+)\"""")


def values(limit: int) -> tuple[str, ...]:
    return HOSTILE_VALUES[: int(os.environ.get("FUZZ_PAGE_VALUES", limit))]


@dataclass
class Route:
    name: str
    pattern: str
    params: list[str]


def get_routes() -> list[Route]:
    """Every route of the URL conf that is a page, with its full pattern."""

    def walk(patterns, prefix: str, namespace: str) -> Iterator[Route]:
        for entry in patterns:
            text = str(entry.pattern)
            if isinstance(entry, URLResolver):
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry.url_patterns, prefix + text, ns)
            elif isinstance(entry, URLPattern) and isinstance(entry.pattern, RoutePattern):
                full = "/" + prefix + text
                yield Route(f"{namespace}{entry.name}", full, re.findall(r"<(?:\w+:)?(\w+)>", full))

    return [
        route for route in walk(get_resolver().url_patterns, "", "") if not route.pattern.startswith(SKIPPED_PREFIXES)
    ]


@dataclass
class Crawl:
    """Page URLs reached by following links, one per route name, with the query names each page reads."""

    pages: dict[str, str] = field(default_factory=dict)  # route name -> a path that resolves to it
    names: dict[str, set[str]] = field(default_factory=dict)  # route name -> query parameter names


def route_name(match) -> str:
    return f"{':'.join(match.namespaces)}:{match.url_name}" if match.namespaces else str(match.url_name)


def crawl(client, *, limit: int) -> Crawl:
    """Follow links breadth-first from the home page, visiting each route at most twice."""
    found = Crawl()
    queue, visits = ["/"], {"core:home": 1}
    resolver = get_resolver()
    fetched = 0
    while queue and fetched < limit:
        url = queue.pop(0)
        parts = urlsplit(url)
        route = route_name(resolver.resolve(parts.path))
        response = client.get(url)
        fetched += 1
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        found.pages.setdefault(route, parts.path)
        names = found.names.setdefault(route, set())
        names.update(name for name, _ in parse_qsl(parts.query))
        html = response.content.decode(errors="replace")
        for form in GET_FORM.findall(html):
            names.update(NAME.findall(form))
        for href in HREF.findall(html):
            link = unescape(href)
            target = urlsplit(link)
            if target.scheme or target.netloc or not target.path.startswith("/"):
                continue
            if target.path.startswith(SKIPPED_PREFIXES):
                continue
            try:
                name = route_name(resolver.resolve(target.path))
            except Exception:  # noqa: S112 - a link to a file or another site: not a page
                continue
            if visits.get(name, 0) < 2:
                visits[name] = visits.get(name, 0) + 1
                queue.append(link)
    return found


def hostile_requests(routes: list[Route], found: Crawl, *, per_name: int) -> Iterator[str]:
    """The URLs to send: hostile values in each query name of each crawled page, and hostile path
    parameters for every route (a page the crawl did not reach is still tried that way)."""
    for route in routes:
        path = found.pages.get(route.name)
        if path is not None:
            for name in sorted(found.names.get(route.name, set()) | set(COMMON_NAMES)):
                for value in values(per_name):
                    yield f"{path}?{urlencode({name: value})}"
                yield f"{path}?{urlencode([(name, '1'), (name, 'x')])}"  # a list where one value is read
                yield f"{path}?{urlencode({name + '[]': '1'})}"
        for value in ("99999999999999999999", "0", "x" * 300, "a/b" if "path:" in route.pattern else "%F0%9F%98%80"):
            if route.params:
                text = route.pattern
                for param in route.params:
                    text = re.sub(rf"<(?:\w+:)?{param}>", value, text)
                yield text
