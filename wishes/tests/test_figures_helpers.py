"""The small wall the figures, ledger and API tests share (this module holds no tests of its own)."""

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from registry.models import PartyMember
from registry.testing import make_building, make_household, make_party_branch, make_resident, make_user
from wishes import services
from wishes.models import Wish, WishClaim, WishEvent
from wishes.testing import make_wish

TODAY = timezone.localdate


def days_ago(days: int, hour: int = 10) -> dt.datetime:
    day = TODAY() - dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def backdate(wish: Wish, **steps: int) -> None:
    """Move a wish's steps (and its history rows) to `n` days ago: posted=100, verified=98, ..."""
    columns = {
        "posted": "posted_at",
        "verified": "verified_at",
        "delivered": "delivered_at",
        "confirmed": "confirmed_at",
    }
    Wish.objects.filter(pk=wish.pk).update(**{columns[k]: days_ago(v) for k, v in steps.items() if k in columns})
    if "claimed" in steps:
        WishClaim.objects.filter(wish=wish).update(claimed_at=days_ago(steps["claimed"]))
    actions = {"posted": "posted", "verified": "approved", "claimed": "claimed", "confirmed": "confirmed"}
    for key, action in actions.items():
        if key in steps:
            WishEvent.objects.filter(wish=wish, action=action).update(at=days_ago(steps[key]))


def party_member_user(world):
    """A user who may claim as a party member: 曾小明 of household 2, a retired member."""
    branch = make_party_branch(world.a, world.compound)
    PartyMember.objects.create(
        resident=world.resident2, county=world.county, community=world.a, party_org=branch, kind="retired"
    )
    user = make_user("party_member")
    user.resident = world.resident2
    user.save(update_fields=["resident"])
    return user


def make_figures_world(world, staff_a, partner_contact, vworld):
    """Community A over the last 120 days, one wish of B, and one of A from last year.

    A: f1 partner unit, fulfilled in 10 days (goods 45); f2 volunteer, fulfilled in 4 days (service 80);
    c3 party member, claimed; p4 pending; d5 declined; o6 open; r7 claimed, then the claim withdrawn
    (open again); x8 in 祥和小区, open. B: b1 fulfilled by the volunteer of B in 6 days.
    """
    services.update_settings(by=None, community=world.a, value_cap=200, open_limit=20, claim_days=14)
    services.update_settings(by=None, community=world.b, value_cap=200, open_limit=20, claim_days=14)
    head1, resident2 = world.head1, world.resident2
    volunteer_user = vworld.member.user
    member_user = party_member_user(world)
    other_building = make_building(world.a, "祥和小区", "3栋")
    other = make_resident(make_household(other_building, room="201"), name="郑美玲")

    f1 = make_wish(head1, by=staff_a, title="《优雅走过下雨天》", value=45)
    services.claim_wish(by=partner_contact, wish=f1)
    services.record_delivery(by=volunteer_user, wish=f1, note="送到家")
    services.confirm_receipt(by=staff_a, wish=f1, thanks="谢谢县人社局")
    backdate(f1, posted=100, verified=98, claimed=95, delivered=90, confirmed=88)

    f2 = make_wish(resident2, by=staff_a, title="上门理发", category=Wish.Category.SERVICE, value=80)
    services.claim_wish(by=volunteer_user, wish=f2)
    services.record_delivery(by=volunteer_user, wish=f2)
    services.confirm_receipt(by=staff_a, wish=f2)
    backdate(f2, posted=50, verified=49, claimed=48, delivered=46, confirmed=45)

    c3 = make_wish(head1, by=staff_a, title="布娃娃", value=60)
    services.claim_wish(by=member_user, wish=c3)
    backdate(c3, posted=20, verified=19, claimed=18)

    p4 = make_wish(resident2, by=staff_a, title="轮椅维修", category=Wish.Category.SERVICE, approve=False)
    backdate(p4, posted=10)
    d5 = make_wish(resident2, by=staff_a, title="电视机", value=199, approve=False)
    services.decline_wish(by=staff_a, wish=d5, reason="已由民政部门解决")
    backdate(d5, posted=10, verified=9)
    o6 = make_wish(head1, by=staff_a, title="陪伴聊天", category=Wish.Category.COMPANIONSHIP, value=1)
    backdate(o6, posted=5, verified=5)
    r7 = make_wish(resident2, by=staff_a, title="老花镜", value=30)
    claim = services.claim_wish(by=volunteer_user, wish=r7)
    services.withdraw_claim(by=volunteer_user, claim=claim, reason="买不到合适的度数")
    backdate(r7, posted=30, verified=29, claimed=28)
    x8 = make_wish(other, by=staff_a, title="台灯", value=50)
    backdate(x8, posted=3, verified=2)

    old = make_wish(head1, by=staff_a, title="去年的心愿", value=20)
    services.claim_wish(by=partner_contact, wish=old)
    services.record_delivery(by=volunteer_user, wish=old)
    services.confirm_receipt(by=staff_a, wish=old)
    backdate(old, posted=400, verified=399, claimed=398, delivered=390, confirmed=389)

    b_user = make_user("volunteer_b")
    vworld.volunteer_b.user = b_user
    vworld.volunteer_b.save(update_fields=["user"])
    b1 = make_wish(world.resident_b, by=None, title="城北的心愿", value=100)
    services.claim_wish(by=b_user, wish=b1)
    services.record_delivery(by=b_user, wish=b1)
    services.confirm_receipt(by=None, wish=b1, thanks="谢谢")
    backdate(b1, posted=40, verified=38, claimed=37, delivered=33, confirmed=32)
    return SimpleNamespace(
        f1=f1, f2=f2, c3=c3, p4=p4, d5=d5, o6=o6, r7=r7, x8=x8, old=old, b1=b1, member_user=member_user, other=other
    )


def period(days: int = 120) -> dict[str, str]:
    return {"start": (TODAY() - dt.timedelta(days=days)).isoformat(), "end": TODAY().isoformat()}
