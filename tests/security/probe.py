"""Walk the routes (the URL conf for pages, the OpenAPI schema for the API), fill their path
parameters from the world's A or B objects, and ask each persona.

An answer is the status code as text, except a redirect to the login page, which is "login", and
any other redirect, which is "302".
"""

import json
import re
from dataclasses import dataclass

from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from config.api import api
from tests.security.world import PERSONAS, SEES_B, Side, World

API_PREFIX = "/api/v1"
# The API's own pages live in the URL conf beside its operations; they are probed as pages.
API_PAGES = {"api:openapi-json", "api:openapi-view", "api:api-root"}
# Regular-expression routes of the Django admin, filled by hand.
REGEX_PATHS = {
    "django-admin/^(?P<app_label>auth|django_tasks_database)/$": "/django-admin/auth/",
    "django-admin/(?P<url>.*)$": "/django-admin/nowhere/",
}
SUCCESS = {"200", "201", "204", "302"}


@dataclass(frozen=True)
class Route:
    key: str  # the declaration's key: the URL pattern, or "METHOD /api/v1/path" for the API
    methods: tuple[str, ...]
    params: tuple[str, ...]


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace or "") if part)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}:{entry.name}" if namespace else (entry.name or "")


PARAM = re.compile(r"<(?:\w+:)?(\w+)>|\{(?:\w+:)?(\w+)\}")


def _params(pattern: str) -> tuple[str, ...]:
    return tuple(a or b for a, b in PARAM.findall(pattern))


def page_routes() -> list[Route]:
    """Every route of the URL conf but the API's operations, each once (the first pattern wins)."""
    seen: dict[str, Route] = {}
    for pattern, name in _walk(get_resolver().url_patterns):
        if pattern.startswith("api/v1/") and name not in API_PAGES:
            continue
        seen.setdefault(pattern, Route(pattern, ("GET", "POST"), _params(pattern)))
    return list(seen.values())


def api_routes() -> list[Route]:
    """Every operation of the OpenAPI schema."""
    schema = api.get_openapi_schema()
    routes = []
    for path, operations in schema["paths"].items():
        for method in operations:
            routes.append(Route(f"{method.upper()} {path}", (method.upper(),), _params(path)))
    return routes


# What a path parameter names, by the route's prefix (the longest matching prefix wins) and the
# parameter's name.
PAGE_KINDS = {
    "accounts/tokens/": {"pk": "api_token"},
    "accounts/people/": {"pk": "user", "membership_pk": "role_membership"},
    "registry/org/": {"pk": "community"},
    "registry/households/": {"pk": "household"},
    "registry/residents/": {"pk": "resident"},
    "registry/grid/": {"pk": "grid"},
    "registry/party/": {"pk": "party"},
    "registry/partners/": {"pk": "partner"},
    "registry/import/": {"pk": "import"},
    "volunteering/volunteers/": {"pk": "volunteer"},
    "volunteering/teams/": {"pk": "team", "membership_pk": "membership"},
    "volunteering/records/": {"pk": "record"},
    "volunteering/corrections/": {"pk": "correction"},
    "volunteering/certificates/": {"pk": "certificate"},
    "volunteering/verify/": {"serial": "serial"},
    "volunteering/join/": {"code": "code"},
    "volunteering/notice/": {"code": "code"},
    "activities/series/": {"pk": "series"},
    "activities/stories/": {"community_pk": "community", "photo_pk": "photo"},
    "activities/": {"pk": "activity", "signup_pk": "signup", "photo_pk": "photo", "token": "checkin"},
    "wishes/wall/wish/": {"pk": "wish"},
    "wishes/": {"pk": "wish", "claim_pk": "claim", "community_pk": "community", "compound_pk": "compound"},
    "notifications/": {"pk": "notification"},
    "calendar/community/": {"pk": "community"},
    "calendar/v/": {"token": "calendar"},
}
API_KINDS = {
    "unit_id": "community",
    "household_id": "household",
    "import_id": "import",
    "resident_id": "resident",
    "org_id": "party",
    "volunteer_id": "volunteer",
    "team_id": "team",
    "membership_id": "membership",
    "record_id": "record",
    "request_id": "correction",
    "certificate_id": "certificate",
    "serial": "serial",
    "series_id": "series",
    "activity_id": "activity",
    "signup_id": "signup",
    "photo_id": "photo",
    "wish_id": "wish",
    "claim_id": "claim",
    "community_id": "community",
    "county_id": "county",
}
FIXED = {"field": "id_number", "which": "photo", "content_type_id": "1", "object_id": "1"}


def _value(side: Side, kind: str) -> str:
    if kind == "code":
        return side["community"].code
    if kind == "county":
        return str(side["community"].county_id)
    value = side[kind]
    return str(value.pk if isinstance(value, Model) else value)


def page_kind(route: Route, param: str) -> str:
    if param in FIXED:
        return "fixed"
    if param == "pk" and route.key.startswith("activities/") and "/summary/" in route.key:
        return "past"  # a summary and its photos belong to an activity that took place
    prefixes = sorted((p for p in PAGE_KINDS if route.key.startswith(p)), key=len, reverse=True)
    for prefix in prefixes:
        if param in PAGE_KINDS[prefix]:
            return PAGE_KINDS[prefix][param]
    raise LookupError(f"{route.key}: no object kind for <{param}>; add one to PAGE_KINDS in {__name__}")


def api_kind(route: Route, param: str) -> str:
    path = route.key.split(" ", 1)[1]
    if param == "unit_id" and "/grid-units/" in path:
        return "grid"
    if param == "unit_id" and "/partner-units/" in path:
        return "partner"
    if param == "activity_id" and "/photos" in path:
        return "past"
    if param in API_KINDS:
        return API_KINDS[param]
    raise LookupError(f"{route.key}: no object kind for {{{param}}}; add one to API_KINDS in {__name__}")


def fill(route: Route, side: Side) -> str:
    """The route's path with its parameters taken from one side of the world."""
    if route.key in REGEX_PATHS:
        return REGEX_PATHS[route.key]
    if " " in route.key:
        path = route.key.split(" ", 1)[1]
        for param in route.params:
            path = re.sub(rf"\{{(?:\w+:)?{param}\}}", _value(side, api_kind(route, param)), path)
        return path
    path = "/" + route.key
    for param in route.params:
        kind = page_kind(route, param)
        value = FIXED[param] if kind == "fixed" else _value(side, kind)
        path = re.sub(rf"<(?:\w+:)?{param}>", value, path)
    return path


def answer(response) -> str:
    if response.status_code in (301, 302, 303):
        return "login" if "/accounts/login/" in response.headers.get("Location", "") else "302"
    return str(response.status_code)


def sides(route: Route) -> tuple[str, ...]:
    """A route with an object in its path is asked about an A and a B object; others once."""
    has_object = route.params and route.key not in REGEX_PATHS and not set(route.params) <= set(FIXED)
    return ("a", "b") if has_object else ("a",)


def out_of_scope(route: Route, side: str, persona: str) -> bool:
    """Whether the persona was asked about an object outside its scope."""
    if persona == "anonymous" or len(sides(route)) == 1:
        return False
    if side == "c":  # another county's
        return True
    return (side == "b" and persona not in SEES_B) or (side == "a" and persona == "staff_b")


# Asked about the other county's object: those who see both A and B. "-" marks who is not asked.
ASKED_ABOUT_C = ("town", "county")


def _personas(side: str) -> list[str | None]:
    return [p if side != "c" or p in ASKED_ABOUT_C else None for p in PERSONAS]


def _with_c(route: Route) -> tuple[str, ...]:
    """The sides asked: a route with an object is also asked about the other county's."""
    return (*sides(route), "c") if len(sides(route)) == 2 else sides(route)


def ask_pages(route: Route, world: World, clients: dict[str, Client]) -> dict[tuple[str, str], str]:
    """{(method, side): "answer per persona"} for one page route; side "c" is only checked, not declared."""
    found = {}
    for method in route.methods:
        for side in _with_c(route):
            path = fill(route, getattr(world, side))
            answers = []
            for persona in _personas(side):
                if persona is None:
                    answers.append("-")
                    continue
                client = clients[persona]
                response = client.get(path) if method == "GET" else client.post(path, {})
                answers.append(answer(response))
                if method == "POST" and persona != "anonymous":
                    client.force_login(world.users[persona])  # the probe may have logged out
            found[method, side] = " ".join(answers)
    return found


def ask_api(
    route: Route, world: World, clients: dict[str, Client], *, session: bool = False
) -> dict[tuple[str, str], str]:
    """{(method, side): "answer per persona"} for one API operation, with each persona's token, or
    with the logged-in `clients`' sessions when `session` is set."""
    method, _path = route.key.split(" ", 1)
    found = {}
    for side in _with_c(route):
        path = fill(route, getattr(world, side))
        answers = []
        for persona in _personas(side):
            if persona is None:
                answers.append("-")
                continue
            token = not session and persona != "anonymous"
            headers = {"Authorization": f"Bearer {world.tokens[persona]}"} if token else {}
            client = clients[persona if session else "anonymous"]
            body = {} if method == "GET" else {"data": json.dumps({}), "content_type": "application/json"}
            response = client.generic(method, path, headers=headers, **body)
            answers.append(answer(response))
        found[method, side] = " ".join(answers)
    return found
