"""No answer with personal data is kept by a browser or a proxy: `Cache-Control: no-store` everywhere."""

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import PASSWORD
from core.caching import no_store_middleware


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "") and response.get("Pragma") == "no-cache"


def _routes(patterns=None, prefix=""):
    """Every route of the URL conf without parameters, as (name, path)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and "<" not in route and "(" not in route and "^" not in route:
            yield pattern.name, "/" + route.replace("\\Z", "").lstrip("^").removesuffix("$")


PERSONAL = [
    # (what, method, how to build the path from the worlds, post data)
    ("resident page", "get", lambda w, v: reverse("registry:resident-detail", args=[w.head1.pk]), None),
    ("resident edit", "get", lambda w, v: reverse("registry:resident-edit", args=[w.head1.pk]), None),
    ("resident list", "get", lambda w, v: reverse("registry:resident-list"), None),
    ("household page", "get", lambda w, v: reverse("registry:household-detail", args=[w.household1.pk]), None),
    ("search", "get", lambda w, v: reverse("registry:search") + "?q=黄", None),
    ("reveal", "post", lambda w, v: reverse("registry:resident-reveal", args=[w.head1.pk, "id_number"]), {}),
    ("full-ID export", "get", lambda w, v: reverse("registry:export-residents") + "?full=1", None),
    ("masked export", "get", lambda w, v: reverse("registry:export-residents"), None),
    ("volunteer page", "get", lambda w, v: reverse("volunteering:volunteer-detail", args=[v.member.pk]), None),
    ("volunteer list", "get", lambda w, v: reverse("volunteering:volunteer-list"), None),
    ("team roster export", "get", lambda w, v: reverse("volunteering:export-teams"), None),
    ("ledger export", "get", lambda w, v: reverse("volunteering:export-ledger"), None),
    ("API resident", "get", lambda w, v: f"/api/v1/registry/residents/{w.head1.pk}", None),
    ("API reveal", "post", lambda w, v: f"/api/v1/registry/residents/{w.head1.pk}/reveal", {"field": "id_number"}),
    ("API volunteer", "get", lambda w, v: f"/api/v1/volunteering/volunteers/{v.member.pk}", None),
]


@pytest.mark.parametrize(("what", "method", "path", "data"), PERSONAL, ids=[p[0] for p in PERSONAL])
def test_pages_exports_and_reveals_with_personal_data_are_not_stored(
    login, staff_a, world, vworld, what, method, path, data
):
    client = login(staff_a)
    url = path(world, vworld)
    if method == "post" and url.startswith("/api/"):
        response = client.post(url, data, content_type="application/json")
    else:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == 200, what
    assert _no_store(response), (what, response.get("Cache-Control"))


def test_every_page_without_parameters_is_not_stored(login, staff_a, world):
    """A new route is covered without anyone remembering to: the rule is on every answer."""
    client = login(staff_a)
    routes = [(name, path) for name, path in _routes() if not path.startswith(settings.STATIC_URL)]
    assert len(routes) > 30
    for name, path in routes:
        response = client.get(path)
        assert _no_store(response), (name, path, response.status_code, response.get("Cache-Control"))


def test_public_pages_are_not_stored_either(client, world):
    for url in (reverse("accounts:login"), reverse("volunteering:join", args=[world.a.code])):
        assert _no_store(client.get(url)), url


def test_a_view_that_chose_its_caching_keeps_it():
    # A scoped photo says `private` (the viewer's own browser only); the rule does not overrule it.
    def view(request):
        response = HttpResponse(b"")
        response["Cache-Control"] = "private, max-age=60"
        return response

    response = no_store_middleware(view)(RequestFactory().get("/volunteering/volunteers/1/photo/"))
    assert response["Cache-Control"] == "private, max-age=60" and not response.has_header("Pragma")


def test_the_login_page_itself_is_answered_without_store(client, db):
    response = client.post(reverse("accounts:login"), {"username": "nobody", "password": PASSWORD})
    assert _no_store(response)
