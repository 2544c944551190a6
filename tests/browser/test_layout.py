"""The layout check: every page of the menu, for every demo login and anonymous visitors, on a phone
(390 x 844) and a desktop (1366 x 768), in Chinese and English, with forms also after a failed
submit. It fails on horizontal overflow, text squeezed to a character a line, controls on top of
one another, tap targets under 24 x 24 px (WCAG 2.2, 2.5.8) and serious or critical axe findings.

The geometry rules are tests/browser/layout_rules.js. The tiny demo is loaded once for the module and
served by a live server of the module's own: the function-scoped transactional_db of the other
browser tests would flush it after every test.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test.utils import override_settings

from tests.browser.conftest import AXE

RULES = (Path(__file__).parent / "layout_rules.js").read_text(encoding="utf-8")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
LANGUAGES = ("zh-hans", "en")
ROLES = ("staff", "staff_b", "grid", "rep", "town", "county", "leader", "volunteer", "resident", "partner", "cadre")

# Findings accepted for now, keyed by (page pattern, rule), each with its reason. Keep it short:
# a false positive is fixed in the rule, a real defect in the page.
ALLOWED: dict[tuple[str, str], str] = {}

# A submit button that changes or destroys something: never pressed by the check.
DESTRUCTIVE = re.compile(r"delete|remove|cancel|revoke|withdraw|approve|decline|reject|publish|decide|leave", re.I)

# django_db tells pytest-django to create the test database (and to order these tests with the
# transactional ones, which empty the database after them too); the two no-op fixtures below keep it
# from wrapping or flushing each test, so the module's demo stays loaded for all of them.
pytestmark = [pytest.mark.xdist_group("layout"), pytest.mark.django_db(transaction=True)]


@pytest.fixture
def _django_db_marker():
    """pytest-django's per-test database set-up for the django_db mark: not here (see pytestmark)."""


@pytest.fixture
def _committed_data():
    """Not the browser tests' transactional_db: the module's demo stays for all its tests."""


def _builtin_rows():
    """The built-in tags and skills of the data migrations: gone if a transactional test flushed."""
    from django.apps import apps

    for module in ("registry.migrations.0002_builtin_tags", "volunteering.migrations.0003_builtin_skills"):
        importlib.import_module(module).forwards(apps, None)


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The tiny demo, committed, and a live server for it; emptied again when the module is done."""
    from pytest_django.live_server_helper import LiveServer

    from activities.models import Activity
    from core import demo
    from registry.models import Household, OrgUnit, Resident
    from volunteering.models import Team, Volunteer
    from wishes.models import Wish

    with django_db_blocker.unblock():
        from django.db import connection

        # Never the development database: flushing it would lose someone's data.
        name = str(connection.settings_dict["NAME"])
        assert name == connection.settings_dict["TEST"].get("NAME") or name.startswith("test_"), "no test database"
        call_command("flush", interactive=False, verbosity=0)
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            _builtin_rows()
            demo.load(preset="tiny")
        chengnan = OrgUnit.objects.get(kind=OrgUnit.Kind.COMMUNITY, name="城南社区")
        activity = Activity.objects.filter(community=chengnan).order_by("pk").first()
        household = Household.objects.filter(community=chengnan).order_by("pk").first()
        resident = Resident.objects.filter(household=household).order_by("pk").first()
        team = Team.objects.get(community=chengnan, name="治安巡逻队")  # the demo leader's team
        volunteer = Volunteer.objects.filter(community=chengnan).order_by("pk").first()
        wish = Wish.objects.filter(community=chengnan).order_by("pk").first()
        # Pages that are not in the menu but on the journeys the issue names: the public sign-up,
        # the wish wall and stories, the activity form and its QR sheet, and a record of each kind.
        extra = {
            None: [
                "/accounts/login/",
                f"/volunteering/join/{chengnan.code}/",
                f"/wishes/wall/{chengnan.pk}/",
                f"/activities/stories/{chengnan.pk}/",
            ],
            "staff": [
                "/activities/new/",
                f"/activities/{activity.pk}/",
                f"/activities/{activity.pk}/sheet/",
                f"/registry/households/{household.pk}/",
                f"/registry/residents/{resident.pk}/",
                f"/volunteering/teams/{team.pk}/",
                f"/volunteering/volunteers/{volunteer.pk}/",
                f"/wishes/{wish.pk}/",
            ],
            "leader": ["/activities/new/", f"/volunteering/teams/{team.pk}/"],
            "volunteer": [f"/activities/{activity.pk}/"],
        }
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server, extra
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


_axe_done: set[tuple[str, str]] = set()


def _axe(page) -> list[str]:
    # Evaluated rather than added as a <script>: the pages' Content-Security-Policy stays on.
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})"
    )
    return [
        f"[axe] {v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def _allowed(path: str, rule: str) -> bool:
    return any(re.fullmatch(pattern, path) and rule == allowed for pattern, allowed in ALLOWED)


def _check(page, who: str, lang: str, path: str, state: str = "") -> list[str]:
    """Both viewports on the loaded page (a resize re-lays it out), axe once per page and language."""
    found = []
    for name, size in (("390x844", PHONE), ("1366x768", DESKTOP)):
        page.set_viewport_size(size)
        for p in page.evaluate(RULES):
            if not _allowed(path, p["rule"]):
                found.append(f"{who} | {path}{state} | {name} | {lang} | [{p['rule']}] {p['where']}: {p['detail']}")
    page.set_viewport_size(PHONE)
    # The page as served (an anonymous "/" is the login page), numbers aside: one axe run each.
    key = (re.sub(r"\d+", "N", urlsplit(page.url).path) + state, lang)
    if key not in _axe_done:
        _axe_done.add(key)
        found += [f"{who} | {path}{state} | 390x844 | {lang} | {v}" for v in _axe(page) if not _allowed(path, "axe")]
    return found


_FAILED_SUBMIT = """(pattern) => {
  const destructive = new RegExp(pattern, "i");
  for (const form of document.querySelectorAll("main form")) {
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post") continue;
    if (form.hasAttribute("hx-post") || form.querySelector("[hx-post], [hx-get]")) continue;
    const required = [...form.elements].filter((e) => e.required && e.type !== "hidden" && e.type !== "file");
    const button = form.querySelector("button[type=submit], button:not([type]), input[type=submit]");
    if (!required.length || !button || button.name) continue;
    if (destructive.test(form.action) || destructive.test(button.className)) continue;
    for (const e of required) if (e.type === "checkbox" || e.type === "radio") e.checked = false; else e.value = "";
    form.noValidate = true;
    button.setAttribute("data-layout-submit", "");
    return true;
  }
  return false;
}"""


def _visit(page, who: str, lang: str, path: str, submitted: list[str]) -> list[str]:
    response = page.goto(path)
    if response is None or not response.ok:
        return [f"{who} | {path} | - | {lang} | [http] {response.status if response else 'no response'}"]
    found = _check(page, who, lang, path)
    if page.evaluate(_FAILED_SUBMIT, DESTRUCTIVE.pattern):
        with page.expect_navigation():
            page.locator("[data-layout-submit]").click()
        submitted.append(path)
        found += _check(page, who, lang, path, " (after a failed submit)")
    return found


def _log_in(page, username: str) -> None:
    from registry.demo import DEMO_PASSWORD

    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.mark.parametrize("role", [None, *ROLES], ids=["anonymous", *ROLES])
def test_every_page_of_the_menu_lays_out(browser, site, role):
    server, extra = site
    problems, submitted = [], []
    for lang in LANGUAGES:
        context = browser.new_context(base_url=server.url, viewport=PHONE, locale="zh-CN")
        context.add_cookies([{"name": "django_language", "value": lang, "url": server.url}])
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            if role:
                _log_in(page, role)
            page.goto("/")
            menu = page.eval_on_selector_all("#sidebar a.nav-link", "links => links.map(a => a.getAttribute('href'))")
            paths = list(dict.fromkeys(["/", *menu, *extra.get(role, [])]))
            for path in paths:
                problems += _visit(page, role or "anonymous", lang, path, submitted)
        finally:
            context.close()
    assert not problems, f"{len(problems)} layout problems:\n" + "\n".join(problems)
    # Every visitor has a form to get wrong: the login, the password change, the hours, the wish...
    assert submitted, "no form was submitted empty"
