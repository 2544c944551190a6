"""The role x route x scope matrix: every page route of the URL conf and every operation of the
OpenAPI schema, asked by each persona about an object of community A and one of community B (GET
and an empty POST for pages; the operation's own method, with each persona's API token, for the
API, and again with each persona's session, which must get the same), must answer what
tests/security/routes.py declares. And, whatever is declared, a persona never gets a success (2xx,
or a redirect elsewhere than the login page) for an object outside its scope, unless the route is
declared public, and no answer is a server error.

Each worker builds the world once (the tiny demo, ~10 s); each route's probe runs in a savepoint of
its own, so what one route's empty POSTs change is gone before the next.
"""

import json
import os

import pytest
from django.db import transaction
from django.test import Client, override_settings

from tests.security import routes
from tests.security.probe import SUCCESS, Route, api_routes, ask_api, ask_pages, out_of_scope, page_routes
from tests.security.world import PERSONAS, build

pytestmark = pytest.mark.slow

PAGES = page_routes()
APIS = api_routes()
MD5 = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def world(tiny_demo, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=MD5):
        yield build()


@pytest.fixture
def clients(world, db):
    found = {}
    for persona in PERSONAS:
        found[persona] = Client(raise_request_exception=False)  # a server error is an answer too
        if persona != "anonymous":
            found[persona].force_login(world.users[persona])
    return found


def _as_declared(found: dict[tuple[str, str], str]) -> dict[str, str | tuple[str, ...]]:
    by_method: dict[str, list[str]] = {}
    for (method, side), answers in found.items():
        if side != "c":  # the other county's object: refused to all, whatever the declaration says
            by_method.setdefault(method, []).append(answers)
    return {method: rows[0] if len(rows) == 1 else tuple(rows) for method, rows in by_method.items()}


def _check(route: Route, declared: dict | None, found: dict[tuple[str, str], str], where: str) -> None:
    observed = _as_declared(found)
    if dump := os.environ.get("ROUTE_MATRIX_DUMP"):
        # Review every changed cell before copying a dump into routes.py: that is the point of the table.
        with open(dump, "a", encoding="utf-8") as out:
            out.write(json.dumps([where, route.key, observed]) + "\n")
    columns = " ".join(PERSONAS)
    errors = [
        f"{method} on the {side.upper()} object"
        for (method, side), answers in found.items()
        if any(got.startswith("5") for got in answers.split())
    ]
    assert not errors, f"{route.key} answers with a server error: {errors}: {found}"
    leaks = [
        f"{method} on the {side.upper()} object: {persona} got {got}"
        for (method, side), answers in found.items()
        for persona, got in zip(PERSONAS, answers.split(), strict=True)
        if got in SUCCESS and out_of_scope(route, side, persona) and route.key not in routes.PUBLIC
    ]
    assert not leaks, f"{route.key} answers outside the persona's scope: {leaks}"
    if declared is None:
        pytest.fail(
            f"{route.key} is not declared. Add it to {where} in tests/security/routes.py with the answer each "
            f"persona must get ({columns}; for a route with an object, the A object's row then the B "
            f"object's). What it answers now:\n    {route.key!r}: {observed!r},"
        )
    assert observed == declared, (
        f"{route.key} answers differently from its declaration in tests/security/routes.py "
        f"(columns: {columns}). Now:\n    {route.key!r}: {observed!r},"
    )


@pytest.mark.parametrize("route", PAGES, ids=[r.key for r in PAGES])
def test_page_route(route, world, clients):
    _check(route, routes.PAGES.get(route.key), ask_pages(route, world, clients), "PAGES")


@pytest.mark.parametrize("route", APIS, ids=[r.key for r in APIS])
def test_api_route(route, world, clients):
    with transaction.atomic():  # what the token's writes change is undone before the sessions ask
        by_token = ask_api(route, world, clients)
        transaction.set_rollback(True)
    _check(route, routes.APIS.get(route.key), by_token, "APIS")
    # The browser's session must open no more (and no less) than the token.
    by_session = ask_api(route, world, clients, session=True)
    assert by_session == by_token, f"{route.key} answers a session otherwise than a token: {by_session}"


def test_no_declaration_for_a_route_that_is_gone():
    gone = sorted(set(routes.PAGES) - {r.key for r in PAGES}) + sorted(set(routes.APIS) - {r.key for r in APIS})
    assert not gone, f"Declared in tests/security/routes.py but no longer routed; remove them: {gone}"


def test_public_routes_are_declared():
    unknown = sorted(routes.PUBLIC - set(routes.PAGES) - set(routes.APIS))
    assert not unknown, f"PUBLIC in tests/security/routes.py names routes that are not declared: {unknown}"
