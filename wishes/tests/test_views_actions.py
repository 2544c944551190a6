"""Verification, withdrawal, confirmation and the story: POST only, 404 outside the area, 403 read-only."""

import pytest
from django.urls import reverse

from core.models import AuditEvent
from wishes import services
from wishes.models import Wish
from wishes.testing import make_wish


def url(name, wish):
    return reverse(f"wishes:{name}", args=[wish.pk])


@pytest.fixture
def pending(world, grid_worker):
    return make_wish(world.head1, by=grid_worker, approve=False)


@pytest.fixture
def delivered(world, partner_contact, vworld):
    wish = make_wish(world.head1)
    services.claim_wish(by=partner_contact, wish=wish)
    services.record_delivery(by=vworld.member.user, wish=wish, note="送到了")
    return wish


def status(wish):
    wish.refresh_from_db()
    return wish.status


def test_staff_approve(login, staff_a, pending):
    response = login(staff_a).post(url("wish-approve", pending), follow=True)
    assert status(pending) == Wish.Status.OPEN
    assert "on the wall now" in response.content.decode()
    assert AuditEvent.objects.filter(action="wishes.approve", actor=staff_a).exists()


def test_approving_twice_says_why(login, staff_a, pending):
    client = login(staff_a)
    client.post(url("wish-approve", pending))
    response = client.post(url("wish-approve", pending), follow=True)
    assert "no longer waiting for verification" in response.content.decode()


@pytest.mark.parametrize("name", ["wish-approve", "wish-decline", "wish-withdraw", "wish-confirm", "wish-story"])
def test_actions_need_login_and_post(client, login, staff_a, pending, name):
    response = client.post(url(name, pending))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert login(staff_a).get(url(name, pending)).status_code == 405


@pytest.mark.parametrize("name", ["wish-approve", "wish-decline", "wish-withdraw", "wish-confirm", "wish-story"])
def test_other_community_gets_404(login, staff_b, pending, name):
    assert login(staff_b).post(url(name, pending), {"decline-reason": "x"}).status_code == 404
    assert status(pending) == Wish.Status.PENDING


@pytest.mark.parametrize("name", ["wish-approve", "wish-decline", "wish-withdraw", "wish-story"])
def test_read_only_county_gets_403(login, county_admin, pending, name):
    assert login(county_admin).post(url(name, pending), {"decline-reason": "x"}).status_code == 403
    assert status(pending) == Wish.Status.PENDING


def test_grid_worker_may_not_verify(login, grid_worker, pending):
    assert login(grid_worker).post(url("wish-approve", pending)).status_code == 403


def test_decline_needs_a_reason_at_the_field(login, staff_a, pending):
    response = login(staff_a).post(url("wish-decline", pending), {"decline-reason": "  "})
    assert response.status_code == 400
    assert response.context["decline_form"].errors["reason"]
    assert 'id="id_decline-reason_error"' in response.content.decode()
    assert status(pending) == Wish.Status.PENDING


def test_decline_reason_is_shown_to_the_resident(login, staff_a, resident_user, pending):
    login(staff_a).post(url("wish-decline", pending), {"decline-reason": "家中情况已有其他帮扶，请联系社区"})
    assert status(pending) == Wish.Status.DECLINED
    response = login(resident_user).get(pending.get_absolute_url())
    assert "家中情况已有其他帮扶，请联系社区" in response.content.decode()


def test_resident_withdraws_with_a_reason(login, resident_user, pending):
    client = login(resident_user)
    response = client.post(url("wish-withdraw", pending), {"withdraw-reason": ""})
    assert response.status_code == 400 and response.context["withdraw_form"].errors["reason"]
    client.post(url("wish-withdraw", pending), {"withdraw-reason": "已经买到了"})
    pending.refresh_from_db()
    assert (pending.status, pending.withdraw_reason) == (Wish.Status.WITHDRAWN, "已经买到了")


def test_grid_worker_cannot_withdraw_outside_their_grid(login, grid_worker, world):
    other = make_wish(world.resident2)
    assert login(grid_worker).post(url("wish-withdraw", other), {"withdraw-reason": "x"}).status_code == 404


def test_household_rep_reads_but_cannot_withdraw(login, household_rep, pending):
    assert login(household_rep).get(pending.get_absolute_url()).status_code == 200
    assert login(household_rep).post(url("wish-withdraw", pending), {"withdraw-reason": "x"}).status_code == 403


def test_grid_worker_confirms_receipt_with_thanks(login, grid_worker, delivered):
    response = login(grid_worker).post(url("wish-confirm", delivered), {"confirm-thanks": "谢谢县人社局"}, follow=True)
    delivered.refresh_from_db()
    assert (delivered.status, delivered.thanks) == (Wish.Status.FULFILLED, "谢谢县人社局")
    assert "the wish is fulfilled" in response.content.decode()


def test_confirming_before_delivery_is_refused_with_the_reason(login, resident_user, world):
    wish = make_wish(world.head1)
    response = login(resident_user).post(url("wish-confirm", wish), {"confirm-thanks": ""}, follow=True)
    assert "record the delivery first" in response.content.decode()
    assert status(wish) == Wish.Status.OPEN


def test_staff_record_delivery_link_for_a_claimed_wish(login, staff_a, partner_contact, world):
    wish = make_wish(world.head1)
    services.claim_wish(by=partner_contact, wish=wish)
    assert url("wish-deliver", wish) in login(staff_a).get(wish.get_absolute_url()).content.decode()


def test_story_needs_consent_then_publishes(login, staff_a, grid_worker, resident_user, delivered):
    services.confirm_receipt(by=grid_worker, wish=delivered)
    client = login(staff_a)
    story = {"story-story": "县人社局的志愿者把书送到了黄奶奶家。", "story-published": "on"}
    response = client.post(url("wish-story", delivered), story)
    assert response.status_code == 400 and response.context["story_form"].errors["consent"]
    client.post(url("wish-story", delivered), story | {"story-consent": "on"})
    delivered.refresh_from_db()
    assert delivered.story_published and delivered.story_consent
    assert "把书送到了黄奶奶家" in login(resident_user).get(delivered.get_absolute_url()).content.decode()


def test_story_refuses_the_full_name(login, staff_a, grid_worker, delivered):
    services.confirm_receipt(by=grid_worker, wish=delivered)
    story = {"story-story": "黄秀琴收到了书。", "story-consent": "on", "story-published": "on"}
    response = login(staff_a).post(url("wish-story", delivered), story)
    assert response.status_code == 400 and "full name" in response.context["story_form"].errors["story"][0]


def test_grid_worker_may_not_write_stories(login, grid_worker, delivered):
    services.confirm_receipt(by=grid_worker, wish=delivered)
    assert login(grid_worker).post(url("wish-story", delivered), {"story-story": "x"}).status_code == 403
