"""Every audit action reads as a sentence with people's names; phone numbers never show in full."""

import ast
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from core import audit
from core.models import AuditEvent
from registry.testing import make_user

APPS = ("core", "accounts", "notifications", "registry", "volunteering", "activities", "wishes")
WRITERS = {"record_event", "_audit"}


def _codes(node: ast.expr) -> list[str] | None:
    """The action codes an argument can be: "a.b", "a." + ("x" if c else "y"); None if unreadable."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _codes(node.body), _codes(node.orelse)
        return body + orelse if body is not None and orelse is not None else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _codes(node.left), _codes(node.right)
        return [a + b for a in left for b in right] if left is not None and right is not None else None
    return None


def action_codes_in_source() -> tuple[dict[str, str], list[str]]:
    """{code: where} for every action written by a service, and the calls whose code is unreadable."""
    found, unreadable = {}, []
    for app in APPS:
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name not in WRITERS:
                    continue
                candidates = [k.value for k in node.keywords if k.arg == "action"] or node.args[1:2]
                if not candidates:
                    continue
                codes = _codes(candidates[0])
                where = f"{path.relative_to(settings.BASE_DIR)}:{node.lineno}"
                if codes is None:
                    # The wrappers (`_audit(by, action, ...)` -> record_event(action=action)) pass it on.
                    if not (isinstance(candidates[0], ast.Name) and candidates[0].id == "action"):
                        unreadable.append(where)
                    continue
                for code in codes:
                    found.setdefault(code, where)
    return found, unreadable


def test_every_action_a_service_writes_has_a_sentence():
    found, unreadable = action_codes_in_source()
    assert len(found) > 60  # the scan does find the services' actions
    assert unreadable == [], "write the action code as a literal so it can be checked"
    missing = {code: where for code, where in found.items() if code not in audit.registered_actions()}
    assert missing == {}, "register a sentence for these actions in the app's audit_actions.py"


def test_a_row_reads_as_a_sentence_with_details_in_words(world):
    checker = make_user("checker")
    checker.display_name = "周签到"
    event = AuditEvent(
        actor=checker,
        actor_name="checker",
        action="activities.signup.check_out",
        object_repr="郑报名 (V0001) @ 义诊",
        details={"by_qr": True, "via": "grid_worker", "some_new_key": 3},
    )
    assert audit.sentence(event) == "周签到 checked out 郑报名 (V0001) @ 义诊"
    assert audit.detail_items(event) == [
        ("by scanning the QR code", "Yes"),
        ("Via", "grid_worker"),  # `via` is worded for wishes only; unknown keys keep a readable label
        ("Some new key", "3"),
    ]
    wish = AuditEvent(actor_name="system", action="wishes.post", object_repr="一本书", details={"via": "grid_worker"})
    assert audit.sentence(wish) == "The system posted the wish 一本书"
    assert audit.detail_items(wish) == [("how it was posted", "recorded by a grid worker")]


def test_the_actor_is_named_never_by_login(world):
    from accounts.services import create_account

    nameless, _password = create_account(by=None, username="nameless", display_name="", phone="13911112222")
    event = audit.record_event(by=nameless, action="accounts.user.password", obj=nameless, community_id=world.a.pk)
    # What the row keeps and what a page shows: the phone masked, in both places.
    assert (event.actor_name, event.object_repr) == ("139****2222", "139****2222")
    assert audit.actor_shown(event) == "139****2222"
    assert audit.person_name(make_user("staff_x")) == "staff_x"  # display_name
    assert audit.person_name(make_user("")) == "u***"  # a login with no name at all: masked too


def test_a_resident_login_without_a_name_shows_the_residents_name(world):
    from accounts.services import create_account

    user, _password = create_account(
        by=None, username="hxq", display_name="", phone="13900001111", resident=world.head1
    )
    assert audit.person_name(user) == world.head1.name


def test_an_older_row_with_a_phone_as_the_name_is_masked_when_shown(world):
    # Rows are never updated (triggers): the mask is applied when the row is read.
    event = AuditEvent.objects.create(
        actor=None,
        actor_name="13911112222",
        action="accounts.user.create",
        object_repr="13911112222",
        community_id=world.a.pk,
    )
    assert audit.sentence(event) == "139****2222 created the login of 139****2222"


def test_the_log_page_shows_sentences_not_codes(world, staff_a, login):
    from registry.services import create_tag

    create_tag(by=staff_a, community=world.a, name="重点关注")
    html = login(staff_a).get(reverse("core:audit-log")).content.decode()
    assert "staff_a created the tag 重点关注" in html  # a name is never capitalised
    assert "registry.tag.create" not in html
    assert '<option value="registry.">Registry</option>' in html  # filter by part of the system
