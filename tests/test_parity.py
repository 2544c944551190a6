"""One write path: every write offered both as a page and in the API leaves the same rows, the same
roles and the same audit events.

Each case builds its data afresh for each path (inside a savepoint rolled back afterwards, so both
paths start from the very same rows and sequences), does the write once through the page and once
through the API as the same person, and compares what is in the database afterwards: every row of
the tables the writes touch and the audit events written, with primary keys, timestamps, password
hashes and encrypted values left out (they differ by nature, not by path).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.cache import cache
from django.db import models, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleMembership, User
from activities import services as activity_services
from activities.models import SignUp
from activities.testing import make_activity
from core.models import AuditEvent
from registry.testing import make_id, make_user
from registry.tests.test_api_helpers import bearer
from volunteering import services as volunteering
from volunteering.models import Certificate, CorrectionRequest, ServiceRecord, TeamMembership, Volunteer
from volunteering.testing import make_leader, make_volunteer
from wishes.models import WishClaim
from wishes.testing import make_wish

TODAY = timezone.localdate()
# Columns that differ between two runs of the same write whatever the path.
# Identity numbers and phones the setup makes afresh differ too (a counter makes each unique).
NOT_COMPARED = {
    "password",
    "last_login",
    "date_joined",
    "photo",
    "id_number_enc",
    "id_number_hash",
    "id_number_masked",
    "phone_enc",
    "phone_hash",
    "phone_masked",
    "chain_prev",  # the ledger's hash chain runs through rows, keys and times the two paths do not share
    "chain_hash",
}
COMPARED_MODELS = (
    User,
    RoleMembership,
    Volunteer,
    TeamMembership,
    ServiceRecord,
    CorrectionRequest,
    Certificate,
    SignUp,
    WishClaim,
)


def rows(model: type[models.Model]) -> list[tuple]:
    """Every row of a table as (column, value) pairs; a link is named by what it links to."""
    fields = [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key
        and f.name not in NOT_COMPARED
        and not f.name.endswith("_id")  # a raw key of another app's row, such as activity_id
        and not isinstance(f, models.DateTimeField)
    ]
    out = []
    for obj in model.objects.all():
        row = []
        for f in fields:
            value = getattr(obj, f.name)
            row.append((f.name, str(value) if f.is_relation and value is not None else value))
        out.append(tuple(row))
    return sorted(out, key=repr)


# Audit details that hold a row's key: PostgreSQL does not give a rolled-back key out again.
KEY_DETAILS = {"claim", "corrects"}


def audit_since(first_pk: int) -> list[tuple]:
    events = AuditEvent.objects.filter(pk__gt=first_pk).order_by("pk")
    return [
        (e.action, e.object_type, e.object_repr, e.actor_name, json.dumps(_without_keys(e.details), sort_keys=True))
        for e in events
    ]


def _without_keys(details: dict) -> dict:
    return {k: ("<key>" if k in KEY_DETAILS or k.endswith("_id") else v) for k, v in details.items()}


@dataclass
class Case:
    """One write: its actor, the data it needs, and the same request through the page and the API."""

    name: str
    actor: str  # a fixture name, or a username the setup creates
    setup: Callable[[Any], dict]
    page: Callable[[Client, dict], Any]
    api: Callable[[Client, dict], Any]


def api_post(client: Client, path: str, data: dict | None = None):
    return client.post("/api/v1" + path, json.dumps(data or {}), content_type="application/json")


# --- the data each case starts from ----------------------------------------------------------------


def _pending(w) -> dict:
    applicant = make_user("applicant")
    volunteer = volunteering.sign_up_volunteer(
        community=w.world.a, user=applicant, name="郑报名", phone="13911112222", id_number=make_id()
    )
    return {"volunteer": volunteer}


def _leader_without_login(w) -> dict:
    volunteer = make_volunteer(w.world.a, name="王队长", teams=(w.vworld.patrol,))
    make_leader(w.vworld.patrol, volunteer)
    return {"volunteer": volunteer}


def _join_request(w) -> dict:
    return {"membership": volunteering.request_to_join(by=None, volunteer=w.vworld.outsider, team=w.vworld.patrol)}


def _record(w) -> dict:
    record = volunteering.record_service(
        by=w.staff_a,
        volunteer=w.vworld.member,
        served_on=TODAY - dt.timedelta(days=2),
        hours=Decimal(3),
        content="巡逻",
    )
    return {"record": record}


def _correction_request(w) -> dict:
    record = _record(w)["record"]
    request = volunteering.request_correction(
        by=w.volunteer, record=record, proposed_hours=Decimal(4), reason="实际服务了四小时"
    )
    return {"record": record, "request": request}


def _certificate(w, *, issued: bool = False) -> dict:
    record = _record(w)["record"]
    volunteering.close_notices(today=record.notice_until + dt.timedelta(days=1))
    certificate = volunteering.request_certificate(
        by=w.staff_a, volunteer=w.vworld.member, period_start=TODAY - dt.timedelta(days=30), period_end=TODAY
    )
    if issued:
        certificate = volunteering.issue_certificate(by=w.staff_a, certificate=certificate)
    return {"certificate": certificate}


def _activity(w, **kw) -> dict:
    return {"activity": make_activity(w.world.a, by=w.staff_a, **kw)}


def _signed_up(w, *, starts_in: dt.timedelta = dt.timedelta(days=2), checked_in: bool = False) -> dict:
    data = _activity(w, starts_in=starts_in, signup_deadline=timezone.now().replace(microsecond=0) + starts_in)
    signup = activity_services.sign_up(by=w.volunteer, activity=data["activity"], volunteer=w.vworld.member)
    if checked_in:
        activity_services.check_in(by=w.staff_a, signup=signup)
    return data | {"signup": signup}


def _started_and_checked_in(w) -> dict:
    data = _signed_up(w, starts_in=dt.timedelta(minutes=30), checked_in=True)
    # An hour into the activity: move its times back rather than wait.
    shift = dt.timedelta(hours=1, minutes=30)
    activity = data["activity"]
    type(activity).objects.filter(pk=activity.pk).update(
        starts_at=activity.starts_at - shift,
        ends_at=activity.ends_at - shift,
        signup_deadline=activity.signup_deadline - shift,
    )
    SignUp.objects.filter(pk=data["signup"].pk).update(checked_in_at=activity.starts_at - shift)
    return data


def _wish(w) -> dict:
    return {"wish": make_wish(w.world.head1)}


def _page_url(name: str, *args: Any) -> str:
    return reverse(name, args=args)


# --- the table: every write offered both ways ---------------------------------------------------------

CASES = [
    Case(
        "volunteer sign-up",
        "applicant",
        lambda w: {"applicant": make_user("applicant")},
        lambda c, d: c.post(_page_url("volunteering:join", d["w"].world.a.code), d["form"]),
        lambda c, d: api_post(
            c, "/volunteering/volunteers/sign-up", d["form"] | {"community_code": d["w"].world.a.code}
        ),
    ),
    Case(
        "staff register a volunteer",
        "staff_a",
        lambda w: {},
        lambda c, d: c.post(_page_url("volunteering:volunteer-create"), d["form"]),
        lambda c, d: api_post(c, "/volunteering/volunteers", d["form"] | {"community": d["w"].world.a.pk}),
    ),
    Case(
        "approve a volunteer",
        "staff_a",
        _pending,
        lambda c, d: c.post(_page_url("volunteering:volunteer-decide", d["volunteer"].pk), {"decision": "approve"}),
        lambda c, d: api_post(c, f"/volunteering/volunteers/{d['volunteer'].pk}/approve"),
    ),
    Case(
        "decline a volunteer",
        "staff_a",
        _pending,
        lambda c, d: c.post(
            _page_url("volunteering:volunteer-decide", d["volunteer"].pk), {"decision": "reject", "reason": "联系不上"}
        ),
        lambda c, d: api_post(c, f"/volunteering/volunteers/{d['volunteer'].pk}/reject", {"reason": "联系不上"}),
    ),
    Case(
        "give a volunteer their login",
        "staff_a",
        _leader_without_login,
        lambda c, d: c.post(_page_url("volunteering:volunteer-login", d["volunteer"].pk), {"username": "wangdz"}),
        lambda c, d: api_post(c, f"/volunteering/volunteers/{d['volunteer'].pk}/login", {"username": "wangdz"}),
    ),
    Case(
        "ask to join a team",
        "volunteer",
        lambda w: {},
        lambda c, d: c.post(_page_url("volunteering:team-join", d["w"].vworld.youth.pk)),
        lambda c, d: api_post(c, f"/volunteering/teams/{d['w'].vworld.youth.pk}/join-requests"),
    ),
    Case(
        "decide a request to join",
        "leader_user",
        _join_request,
        lambda c, d: c.post(
            _page_url("volunteering:membership-decide", d["w"].vworld.patrol.pk, d["membership"].pk),
            {"decision": "accept"},
        ),
        lambda c, d: api_post(
            c,
            f"/volunteering/teams/{d['w'].vworld.patrol.pk}/join-requests/{d['membership'].pk}/decide",
            {"accept": True},
        ),
    ),
    Case(
        "make a member the team's leader",
        "staff_a",
        lambda w: {"membership": TeamMembership.objects.get(team=w.vworld.patrol, volunteer=w.vworld.member)},
        lambda c, d: c.post(
            _page_url("volunteering:membership-leader", d["w"].vworld.patrol.pk, d["membership"].pk), {"leader": "1"}
        ),
        lambda c, d: api_post(
            c,
            f"/volunteering/teams/{d['w'].vworld.patrol.pk}/leaders",
            {"volunteer": d["w"].vworld.member.pk, "leader": True},
        ),
    ),
    Case(
        "record hours",
        "leader_user",
        lambda w: {},
        lambda c, d: c.post(_page_url("volunteering:record-create"), d["record_form"]),
        lambda c, d: api_post(c, "/volunteering/records", d["record_form"]),
    ),
    Case(
        "record a team activity for many",
        "leader_user",
        lambda w: {},
        lambda c, d: c.post(
            _page_url("volunteering:record-batch"),
            d["batch_form"] | {"team": d["w"].vworld.patrol.pk},
        ),
        lambda c, d: api_post(c, "/volunteering/records/batch", d["batch_form"] | {"team": d["w"].vworld.patrol.pk}),
    ),
    Case(
        "correct a record",
        "staff_a",
        _record,
        lambda c, d: c.post(
            _page_url("volunteering:record-correct", d["record"].pk), {"hours": "2.5", "reason": "少算了签退时间"}
        ),
        lambda c, d: api_post(
            c, f"/volunteering/records/{d['record'].pk}/corrections", {"hours": "2.5", "reason": "少算了签退时间"}
        ),
    ),
    Case(
        "withdraw a record",
        "staff_a",
        _record,
        lambda c, d: c.post(_page_url("volunteering:record-withdraw", d["record"].pk), {"withdraw-reason": "重复登记"}),
        lambda c, d: api_post(c, f"/volunteering/records/{d['record'].pk}/withdraw", {"reason": "重复登记"}),
    ),
    Case(
        "ask for a correction",
        "volunteer",
        _record,
        lambda c, d: c.post(
            _page_url("volunteering:correction-request", d["record"].pk),
            {"proposed_hours": "4", "reason": "实际服务了四小时"},
        ),
        lambda c, d: api_post(
            c,
            f"/volunteering/records/{d['record'].pk}/correction-requests",
            {"proposed_hours": "4", "reason": "实际服务了四小时"},
        ),
    ),
    Case(
        "accept a correction",
        "staff_a",
        _correction_request,
        lambda c, d: c.post(_page_url("volunteering:correction-decide", d["request"].pk), {"decision": "accept"}),
        lambda c, d: api_post(c, f"/volunteering/correction-requests/{d['request'].pk}/decide", {"accept": True}),
    ),
    Case(
        "issue a certificate",
        "staff_a",
        _certificate,
        lambda c, d: c.post(_page_url("volunteering:certificate-issue", d["certificate"].pk)),
        lambda c, d: api_post(c, f"/volunteering/certificates/{d['certificate'].pk}/issue"),
    ),
    Case(
        "revoke a certificate",
        "staff_a",
        lambda w: _certificate(w, issued=True),
        lambda c, d: c.post(_page_url("volunteering:certificate-revoke", d["certificate"].pk), {"reason": "时长有误"}),
        lambda c, d: api_post(c, f"/volunteering/certificates/{d['certificate'].pk}/revoke", {"reason": "时长有误"}),
    ),
    Case(
        "sign up for an activity",
        "volunteer",
        _activity,
        lambda c, d: c.post(_page_url("activities:signup-create", d["activity"].pk)),
        lambda c, d: api_post(c, f"/activities/{d['activity'].pk}/signups", {}),
    ),
    Case(
        "cancel a sign-up",
        "volunteer",
        _signed_up,
        lambda c, d: c.post(_page_url("activities:signup-cancel", d["activity"].pk)),
        lambda c, d: api_post(c, f"/activities/{d['activity'].pk}/signups/{d['signup'].pk}/cancel"),
    ),
    Case(
        "check in by hand",
        "staff_a",
        lambda w: _signed_up(w, starts_in=dt.timedelta(minutes=30)),
        lambda c, d: c.post(
            _page_url("activities:roster-action", d["activity"].pk, d["signup"].pk), {"action": "check_in"}
        ),
        lambda c, d: api_post(c, f"/activities/{d['activity'].pk}/signups/{d['signup'].pk}/check-in"),
    ),
    Case(
        "check out by hand",
        "staff_a",
        _started_and_checked_in,
        lambda c, d: c.post(
            _page_url("activities:roster-action", d["activity"].pk, d["signup"].pk), {"action": "check_out"}
        ),
        lambda c, d: api_post(c, f"/activities/{d['activity'].pk}/signups/{d['signup'].pk}/check-out"),
    ),
    Case(
        "claim a wish",
        "volunteer",
        _wish,
        lambda c, d: c.post(_page_url("wishes:wish-claim", d["wish"].pk), {"note": "周六送到"}),
        lambda c, d: api_post(c, f"/wishes/{d['wish'].pk}/claim", {"note": "周六送到"}),
    ),
]


@pytest.fixture
def w(world, vworld, staff_a, volunteer, leader_user):
    """The personas and the volunteering world every case starts from."""
    return SimpleNamespace(world=world, vworld=vworld, staff_a=staff_a, volunteer=volunteer, leader_user=leader_user)


def _form_data(w) -> dict:
    return {
        "form": {
            "name": "郑新",
            "phone": "13912345678",
            "id_type": "resident_id",
            "id_number": make_id(),
            "political_status": "masses",
        },
        "record_form": {
            "volunteer": w.vworld.member.pk,
            "team": w.vworld.patrol.pk,
            "served_on": str(TODAY - dt.timedelta(days=1)),
            "hours": "2",
            "content": "夜间巡逻",
        },
        "batch_form": {
            "volunteers": [w.vworld.member.pk, w.vworld.leader.pk],
            "served_on": str(TODAY - dt.timedelta(days=1)),
            "hours": "2",
            "content": "夜间巡逻",
        },
    }


def _run(case: Case, w, path: str, form_data: dict) -> tuple[list, dict, Any]:
    """Do the case's write through one path on fresh data; what it left, then roll it all back."""
    with transaction.atomic():
        cache.clear()
        data = case.setup(w) | form_data | {"w": w}
        actor = getattr(w, case.actor, None) or User.objects.get(username=case.actor)
        if path == "page":
            client = Client()
            actor.must_change_password = False
            client.force_login(actor)
        else:
            client = bearer(actor)
        first = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = getattr(case, path)(client, data)
        result = (audit_since(first), {m._meta.label: rows(m) for m in COMPARED_MODELS}, response)
        transaction.set_rollback(True)
    return result


def _refusal(response) -> str:
    """Why a page wrote nothing: its form's errors or its messages."""
    context = response.context
    if context is None:
        return f"the page wrote no audit event: {response.status_code} {response.get('Location')}"
    # A ContextList iterates over its contexts, not its keys.
    names = context.keys()
    forms = [context[k] for k in names if k.endswith("form") and getattr(context[k], "errors", None)]
    notes = [str(m) for m in context.get("messages", [])]
    return f"the page wrote no audit event: {[f.errors for f in forms]} {notes}"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_page_and_api_leave_the_same_rows_roles_and_audit_events(case, w):
    form_data = _form_data(w)
    page_events, page_rows, page_response = _run(case, w, "page", form_data)
    api_events, api_rows, api_response = _run(case, w, "api", form_data)
    # Both must have done the write: two refusals would compare equal and prove nothing.
    assert page_response.status_code in (200, 302), page_response.content[:500]
    assert 200 <= api_response.status_code < 300, api_response.content[:500]
    assert page_events, _refusal(page_response)
    assert page_events == api_events
    for label in page_rows:
        assert page_rows[label] == api_rows[label], label
