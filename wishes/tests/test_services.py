import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import AuditEvent
from notifications.models import Notification
from registry.models import PartyMember
from registry.testing import make_party_branch, make_resident
from wishes import services
from wishes.models import Wish, WishClaim, WishEvent, WishSettings
from wishes.testing import make_wish


def test_a_wish_goes_from_posting_to_fulfilled(world, grid_worker, staff_a, partner_contact, vworld):
    wish = make_wish(world.head1, by=grid_worker, approve=False)
    assert (wish.status, wish.via, wish.masked_name) == (Wish.Status.PENDING, Wish.Via.GRID_WORKER, "黄**")
    assert (wish.compound_id, wish.grid_group_id) == (world.compound.pk, world.group1.pk)
    services.approve_wish(by=staff_a, wish=wish)
    claim = services.claim_wish(by=partner_contact, wish=wish)
    assert (claim.kind, claim.partner_unit.name) == (WishClaim.Kind.PARTNER_UNIT, "县人社局")
    assert claim.due_at - claim.claimed_at >= dt.timedelta(days=13, hours=23)
    services.record_delivery(by=vworld.member.user, wish=wish, note="送到家门口")
    services.confirm_receipt(by=grid_worker, wish=wish, thanks="谢谢你们")
    wish.refresh_from_db()
    claim.refresh_from_db()
    assert (wish.status, claim.status, wish.thanks) == (Wish.Status.FULFILLED, WishClaim.Status.DELIVERED, "谢谢你们")
    steps = list(wish.events.values_list("action", flat=True))
    assert steps == ["posted", "approved", "claimed", "delivered", "confirmed"]
    assert AuditEvent.objects.filter(object_id=str(wish.pk), action__startswith="wishes.").count() == 5
    assert Notification.objects.filter(user=partner_contact, kind="wishes.fulfilled").exists()


def test_resident_posts_for_own_household_only(world, resident_user):
    wish = make_wish(world.head1, by=resident_user, approve=False)
    assert wish.via == Wish.Via.SELF
    with pytest.raises(PermissionDenied):
        make_wish(world.resident2, by=resident_user, approve=False)


def test_grid_worker_cannot_post_outside_their_grid(world, grid_worker):
    with pytest.raises(PermissionDenied):
        make_wish(world.resident2, by=grid_worker, approve=False)


def test_value_over_the_cap_is_refused_with_the_cap_named(world, staff_a):
    WishSettings.objects.create(community=world.a, value_cap=150)
    with pytest.raises(ValidationError) as exc:
        make_wish(world.head1, by=staff_a, value=151)
    assert "150" in exc.value.message_dict["value"][0]
    assert not Wish.objects.exists()


def test_default_cap_is_200(world, staff_a):
    make_wish(world.head1, by=staff_a, value=200)
    with pytest.raises(ValidationError) as exc:
        make_wish(world.head1, by=staff_a, value=201)
    assert "200" in exc.value.message_dict["value"][0]


@pytest.mark.parametrize(
    ("field", "kw"),
    [
        ("title", {"title": "  "}),
        ("category", {"category": "money"}),
        ("value", {"value": 0}),
        ("wanted_by", {"wanted_by": dt.date(2000, 1, 1)}),
    ],
)
def test_bad_fields_are_refused(world, staff_a, field, kw):
    with pytest.raises(ValidationError) as exc:
        make_wish(world.head1, by=staff_a, **kw)
    assert field in exc.value.message_dict


def test_open_wish_limit_per_resident(world, staff_a):
    WishSettings.objects.create(community=world.a, open_limit=1)
    first = make_wish(world.head1, by=staff_a)
    with pytest.raises(ValidationError) as exc:
        make_wish(world.head1, by=staff_a)
    assert "1" in exc.value.message_dict["beneficiary"][0]
    services.withdraw_wish(by=staff_a, wish=first, reason="已解决")
    make_wish(world.head1, by=staff_a)  # a withdrawn wish no longer counts


def test_decline_needs_a_reason_and_tells_the_resident(world, resident_user, staff_a):
    wish = make_wish(world.head1, by=resident_user, approve=False)
    with pytest.raises(ValidationError):
        services.decline_wish(by=staff_a, wish=wish, reason=" ")
    services.decline_wish(by=staff_a, wish=wish, reason="家庭情况不符合条件")
    wish.refresh_from_db()
    assert (wish.status, wish.decline_reason) == (Wish.Status.DECLINED, "家庭情况不符合条件")
    note = Notification.objects.get(user=resident_user, kind="wishes.declined")
    assert "家庭情况不符合条件" in note.body


def test_only_staff_of_the_community_verify(world, grid_worker, staff_b, county_admin):
    wish = make_wish(world.head1, by=grid_worker, approve=False)
    for user in (grid_worker, staff_b, county_admin):
        with pytest.raises(PermissionDenied):
            services.approve_wish(by=user, wish=wish)
    assert Wish.objects.get(pk=wish.pk).status == Wish.Status.PENDING


def test_pending_wish_cannot_be_claimed(world, staff_a, partner_contact):
    wish = make_wish(world.head1, by=staff_a, approve=False)
    with pytest.raises(ValidationError):
        services.claim_wish(by=partner_contact, wish=wish)


def test_second_claim_hears_already_claimed(world, staff_a, partner_contact, vworld):
    wish = make_wish(world.head1, by=staff_a)
    services.claim_wish(by=partner_contact, wish=wish)
    with pytest.raises(ValidationError) as exc:
        services.claim_wish(by=vworld.member.user, wish=Wish.objects.get(pk=wish.pk))
    assert exc.value.code == services.ALREADY_CLAIMED
    assert WishClaim.objects.count() == 1


def test_people_without_a_claimant_identity_cannot_claim(world, staff_a, resident_user, grid_worker):
    wish = make_wish(world.head1, by=staff_a)
    for user in (resident_user, grid_worker):
        with pytest.raises(PermissionDenied):
            services.claim_wish(by=user, wish=wish)


def test_party_member_claims_as_party_member(world, staff_a, resident_user):
    branch = make_party_branch(world.a, world.compound)
    PartyMember.objects.create(
        resident=world.head1, county=world.county, community=world.a, party_org=branch, kind="retired"
    )
    other = make_resident(world.household2, name="王小二")
    wish = make_wish(other, by=staff_a)
    claim = services.claim_wish(by=resident_user, wish=wish)
    assert claim.kind == WishClaim.Kind.PARTY_MEMBER


def test_group_claim_can_be_joined_and_members_may_deliver(world, staff_a, partner_contact, vworld):
    wish = make_wish(world.head1, by=staff_a)
    claim = services.claim_wish(by=partner_contact, wish=wish, is_group=True)
    services.join_claim(by=vworld.member.user, claim=claim)
    with pytest.raises(ValidationError):
        services.join_claim(by=vworld.member.user, claim=claim)
    assert services.may_deliver(vworld.member.user, wish)
    solo = services.claim_wish(by=partner_contact, wish=make_wish(world.resident2, by=staff_a))
    with pytest.raises(ValidationError):
        services.join_claim(by=vworld.member.user, claim=solo)


def test_withdrawn_claim_returns_the_wish_to_the_wall(world, staff_a, partner_contact):
    wish = make_wish(world.head1, by=staff_a)
    claim = services.claim_wish(by=partner_contact, wish=wish)
    with pytest.raises(ValidationError):
        services.withdraw_claim(by=partner_contact, claim=claim, reason="")
    services.withdraw_claim(by=partner_contact, claim=claim, reason="买不到这本书")
    wish.refresh_from_db()
    claim.refresh_from_db()
    assert (wish.status, claim.status, claim.end_reason) == (Wish.Status.OPEN, "withdrawn", "买不到这本书")


def test_someone_else_cannot_withdraw_a_claim(world, staff_a, partner_contact, vworld):
    claim = services.claim_wish(by=partner_contact, wish=make_wish(world.head1, by=staff_a))
    with pytest.raises(PermissionDenied):
        services.withdraw_claim(by=vworld.member.user, claim=claim, reason="x")


def test_overdue_claims_are_released_with_a_notice(world, staff_a, partner_contact):
    wish = make_wish(world.head1, by=staff_a)
    claim = services.claim_wish(by=partner_contact, wish=wish)
    assert services.release_overdue_claims(now=timezone.now() + dt.timedelta(days=13)) == 0
    assert services.release_overdue_claims(now=timezone.now() + dt.timedelta(days=15)) == 1
    claim.refresh_from_db()
    wish.refresh_from_db()
    assert (claim.status, wish.status) == (WishClaim.Status.RELEASED, Wish.Status.OPEN)
    assert Notification.objects.filter(user=partner_contact, kind="wishes.released").count() == 1
    assert WishEvent.objects.filter(wish=wish, action="released").exists()
    assert services.release_overdue_claims(now=timezone.now() + dt.timedelta(days=15)) == 0


def test_claim_days_come_from_the_community(world, staff_a, partner_contact):
    WishSettings.objects.create(community=world.a, claim_days=3)
    claim = services.claim_wish(by=partner_contact, wish=make_wish(world.head1, by=staff_a))
    assert claim.due_at - claim.claimed_at < dt.timedelta(days=3, minutes=1)


def test_delivery_only_of_a_claimed_wish_and_by_allowed_people(world, staff_a, partner_contact, grid_worker):
    wish = make_wish(world.head1, by=staff_a)
    with pytest.raises(ValidationError):
        services.record_delivery(by=staff_a, wish=wish)
    services.claim_wish(by=partner_contact, wish=wish)
    with pytest.raises(PermissionDenied):
        services.record_delivery(by=grid_worker, wish=wish)


def test_confirmation_needs_a_delivery_and_the_residents_side(world, staff_a, partner_contact, resident_user):
    wish = make_wish(world.head1, by=staff_a)
    services.claim_wish(by=partner_contact, wish=wish)
    with pytest.raises(ValidationError):
        services.confirm_receipt(by=resident_user, wish=wish)
    services.record_delivery(by=partner_contact, wish=wish)
    with pytest.raises(PermissionDenied):
        services.confirm_receipt(by=partner_contact, wish=wish)
    services.confirm_receipt(by=resident_user, wish=wish, thanks="谢谢")
    assert Wish.objects.get(pk=wish.pk).status == Wish.Status.FULFILLED


def test_story_needs_consent_and_no_full_name(world, staff_a, partner_contact):
    wish = make_wish(world.head1, by=staff_a)
    services.claim_wish(by=partner_contact, wish=wish)
    services.record_delivery(by=partner_contact, wish=wish)
    services.confirm_receipt(by=staff_a, wish=wish)
    with pytest.raises(ValidationError):
        services.publish_story(by=staff_a, wish=wish, story="一本书的温暖", consent=False, published=True)
    with pytest.raises(ValidationError):
        services.publish_story(by=staff_a, wish=wish, story="黄秀琴收到了书", consent=True, published=True)
    services.publish_story(by=staff_a, wish=wish, story="黄阿姨收到了书", consent=True, published=True)
    assert Wish.objects.get(pk=wish.pk).story_published


def test_withdrawing_a_claimed_wish_ends_the_claim_and_tells_the_claimant(world, staff_a, partner_contact):
    wish = make_wish(world.head1, by=staff_a)
    claim = services.claim_wish(by=partner_contact, wish=wish)
    services.withdraw_wish(by=staff_a, wish=wish, reason="已由家人购买")
    claim.refresh_from_db()
    assert claim.status == WishClaim.Status.CANCELLED
    assert Notification.objects.filter(user=partner_contact, kind="wishes.withdrawn").exists()


def test_settings_are_staff_only_and_bounded(world, staff_a, staff_b):
    with pytest.raises(PermissionDenied):
        services.update_settings(by=staff_b, community=world.a, value_cap=300, open_limit=2, claim_days=14)
    with pytest.raises(ValidationError):
        services.update_settings(by=staff_a, community=world.a, value_cap=0, open_limit=2, claim_days=14)
    services.update_settings(by=staff_a, community=world.a, value_cap=300, open_limit=3, claim_days=10)
    assert services.settings_of(world.a.pk).value_cap == 300


def test_the_release_job_uses_the_clock(world, staff_a, partner_contact, monkeypatch):
    from django.core.management import call_command

    wish = make_wish(world.head1, by=staff_a)
    services.claim_wish(by=partner_contact, wish=wish)
    later = timezone.now() + dt.timedelta(days=14, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("release_overdue_claims")
    assert Wish.objects.get(pk=wish.pk).status == Wish.Status.OPEN


def test_no_one_logged_in_may_not_deliver_though_a_volunteer_has_no_login(world, staff_a, partner_contact):
    # A volunteer without a login has no user id; nobody without one matches them.
    from django.contrib.auth.models import AnonymousUser

    from volunteering.models import Volunteer
    from volunteering.testing import make_volunteer

    wish = make_wish(world.head1, by=staff_a)
    services.claim_wish(by=partner_contact, wish=wish)
    volunteer = make_volunteer(world.a)
    assert (volunteer.user_id, volunteer.status) == (None, Volunteer.Status.ACTIVE)
    assert not services.may_deliver(AnonymousUser(), wish)
