"""The left menu: each app registers its section and entries from its AppConfig.ready(), so core
imports none of them.

A section is registered once, by the app that owns it, with its place in the menu; any app may
add entries to any section (Administration gathers entries of core, accounts, notifications and
activities). An entry is shown when its predicate, a function of the request and the user's
scope, says so; `has(cap)` is the common one. Predicates run on every page: one that needs a
query caches its answer for the rest of the request with `per_request`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.roles import Cap
from core.scoping import Scope, scope_for

Predicate = Callable[[Any, Scope], bool]


@dataclass(frozen=True)
class MenuItem:
    label: Any  # a lazy translation
    url_name: str
    visible: Predicate | None = None  # None: every signed-in user
    order: int = 0  # place in the section; entries of equal order keep their registration order
    # The URL's arguments, for an entry that points at one record (the user's one wish wall).
    args: Callable[[Any, Scope], Iterable[Any]] | None = None


_SECTIONS: dict[str, tuple[int, Any]] = {}  # key -> (order, title)
_ITEMS: dict[str, list[MenuItem]] = {}


def register_section(key: str, *, order: int, title: Any, items: Iterable[MenuItem] = ()) -> None:
    _SECTIONS[key] = (order, title)
    register_items(key, items)


def register_items(section: str, items: Iterable[MenuItem]) -> None:
    registered = _ITEMS.setdefault(section, [])
    for item in items:
        if all(r.url_name != item.url_name for r in registered):
            registered.append(item)


def has(cap: str) -> Predicate:
    """Shown to users holding `cap` anywhere."""
    return lambda request, scope: scope.has(cap)


def per_request(request: Any, key: str, compute: Callable[[], bool]) -> bool:
    """`compute()` once per request: the answer is kept on the request, not on the user's scope."""
    cache = request.__dict__.setdefault("_linli_menu", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def sections_for(request: Any) -> list[dict]:
    """The sections and entries the request's user may see, the current page's entry marked."""
    scope = scope_for(request.user)
    sections = []
    for key, (_order, title) in sorted(_SECTIONS.items(), key=lambda kv: kv[1][0]):
        visible = []
        for item in sorted(_ITEMS.get(key, []), key=lambda i: i.order):
            if item.visible is not None and not item.visible(request, scope):
                continue
            args = list(item.args(request, scope)) if item.args else []
            visible.append({"label": item.label, "url": reverse(item.url_name, args=args), "active": False})
        if visible:
            sections.append({"title": title, "items": visible})
    # One item is current: the one whose address is the longest prefix of this page's.
    path = request.path
    matches = [
        i
        for sec in sections
        for i in sec["items"]
        if path == i["url"] or (i["url"] != "/" and path.startswith(i["url"]))
    ]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    return sections


def register() -> None:
    """Core's own entries: the home page, the audit log and the periodic jobs."""
    register_section("overview", order=0, title=_("Overview"), items=[MenuItem(_("Home"), "core:home")])
    register_section("admin", order=100, title=_("Administration"))
    register_items(
        "admin",
        [
            MenuItem(_("Audit log"), "core:audit-log", has(Cap.AUDIT_VIEW), order=20),
            MenuItem(_("Periodic jobs"), "core:job-list", has(Cap.JOBS_VIEW), order=25),
        ],
    )
