"""The wish wall part of the demo: every status, one holding claim per claimed wish, the wall and the figures."""

import datetime as dt

import pytest
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from core.models import AuditEvent
from registry.models import OrgUnit
from wishes import demo as wishes_demo
from wishes import figures, queries
from wishes.models import Wish, WishClaim, WishEvent


@pytest.fixture
def tiny(tiny_demo, db):
    return OrgUnit.objects.get(name="城南社区")


def snapshot() -> list[tuple]:
    """What a load decides, without primary keys (PostgreSQL does not roll sequences back)."""
    return list(
        Wish.objects.order_by("title").values_list(
            "title", "status", "beneficiary__name", "posted_at", "verified_at", "confirmed_at", "thanks"
        )
    )


def test_forty_wishes_in_every_status(tiny):
    wishes = Wish.objects.filter(community=tiny)
    assert wishes.count() == len(wishes_demo.SPECS) == 40
    statuses = dict(wishes.values_list("status").annotate(n=Count("pk")))
    assert statuses == {
        "pending": 3,
        "declined": 2,
        "withdrawn": 1,
        "open": 12,
        "claimed": 5,
        "delivered": 3,
        "fulfilled": 14,
    }
    assert set(wishes.values_list("category", flat=True)) == set(Wish.Category.values)
    assert wishes.filter(via=Wish.Via.GRID_WORKER).count() >= 15
    assert wishes.filter(via=Wish.Via.SELF, posted_by__username="resident").count() == 1
    fulfilled = wishes.filter(status=Wish.Status.FULFILLED)
    assert not fulfilled.filter(thanks="").exists()
    assert wishes.filter(title="《优雅走过下雨天》", status=Wish.Status.FULFILLED).exists()


def test_one_holding_claim_per_claimed_wish_by_every_kind(tiny):
    holding = WishClaim.objects.filter(wish__community=tiny, status=WishClaim.Status.ACTIVE)
    claimed = Wish.objects.filter(community=tiny, status=Wish.Status.CLAIMED)
    assert sorted(holding.values_list("wish_id", flat=True)) == sorted(claimed.values_list("pk", flat=True))
    # Every delivered or fulfilled wish has exactly one delivered claim; no open wish is held.
    done = Wish.objects.filter(community=tiny, status__in=["delivered", "fulfilled"]).annotate(
        n=Count("claims", filter=Q(claims__status="delivered"))
    )
    assert {w.n for w in done} == {1}
    assert not WishClaim.objects.filter(status="active", wish__status="open").exists()
    kinds = set(WishClaim.objects.filter(wish__community=tiny).values_list("kind", flat=True))
    assert kinds == {"partner_unit", "party_member", "volunteer"}
    partner = User.objects.get(username="partner")
    assert WishClaim.objects.filter(user=partner, status__in=["active", "delivered"]).count() >= 4
    group = WishClaim.objects.get(wish__community=tiny, is_group=True)
    assert (group.status, group.members.count()) == ("active", 2)
    assert set(WishClaim.objects.values_list("status", flat=True)) == {
        "active",
        "delivered",
        "released",
        "withdrawn",
    }
    units = set(WishClaim.objects.exclude(partner_unit=None).values_list("partner_unit__name", flat=True))
    assert units == {"柘荣县人社局", "柘荣县妇联", "柘荣仙屏村镇银行"}


def test_open_wishes_are_on_the_public_wall_and_masked(tiny):
    wall = list(queries.wall(community=tiny))
    assert len(wall) == 12
    names = set(Wish.objects.filter(community=tiny).values_list("beneficiary__name", flat=True))
    for row in wall:
        assert row["masked_name"].endswith("*") and row["masked_name"] not in names
    assert {row["compound__name"] for row in wall} <= set(
        OrgUnit.objects.filter(parent=tiny).values_list("name", flat=True)
    )


def test_two_published_stories_with_consent_and_without_full_names(tiny):
    stories = list(queries.published_stories(tiny))
    assert len(stories) == 2
    for story in Wish.objects.filter(story_published=True).select_related("beneficiary"):
        assert story.story_consent
        assert story.beneficiary.name not in story.story


def test_history_follows_the_year_and_every_step_was_audited(tiny):
    today = timezone.localdate()
    book = Wish.objects.get(title="《优雅走过下雨天》")
    assert (today - timezone.localdate(book.posted_at)).days == 340
    assert book.posted_at < book.verified_at < book.delivered_at < book.confirmed_at <= timezone.now()
    steps = list(book.events.values_list("action", "at"))
    assert [a for a, _at in steps] == ["posted", "approved", "claimed", "delivered", "confirmed", "story"]
    assert [at for _a, at in steps] == sorted(at for _a, at in steps)
    # Nothing happens in the future, and the released claim went back on its deadline.
    assert not WishEvent.objects.filter(at__gt=timezone.now()).exists()
    assert not Wish.objects.filter(posted_at__gt=timezone.now()).exists()
    released = WishClaim.objects.get(status="released")
    assert released.ended_at == released.due_at
    assert released.wish.events.filter(action="released").get().at == released.due_at
    # Every wish step went through the services: an audit row each.
    assert AuditEvent.objects.filter(action="wishes.post").count() == 40
    assert AuditEvent.objects.filter(action="wishes.confirm").count() == 14


def test_the_figures_span_the_year(tiny):
    staff = User.objects.get(username="staff")
    today = timezone.localdate()
    shown = figures.wish_figures(staff, start=today - dt.timedelta(days=365), end=today)
    totals = shown.totals
    assert (totals.posted, totals.declined, totals.claimed, totals.fulfilled) == (40, 2, 22, 14)
    assert totals.avg_days is not None and 1 < totals.avg_days < 15
    assert {r.key for r in shown.by_claimant_type if r.fulfilled} == {"partner_unit", "party_member", "volunteer"}
    assert len(shown.by_partner_unit) == 3
    town = User.objects.get(username="town")
    by_town = figures.wish_figures(town, start=today - dt.timedelta(days=365), end=today, several=True)
    assert [(r.label, r.posted) for r in by_town.by_community] == [("城南社区", 40)]


def test_county_wall_in_bulk_spreads_open_wishes_over_communities(tiny, monkeypatch):
    monkeypatch.setattr(wishes_demo, "COUNTY_OPEN_WISHES", 10)
    before = set(Wish.objects.values_list("pk", flat=True))
    assert wishes_demo._county_wall(seed=1, log=lambda line: None) == 10
    bulk = Wish.objects.exclude(pk__in=before)
    assert set(bulk.values_list("status", flat=True)) == {"open"}
    per_community = dict(bulk.values_list("community__name").annotate(n=Count("pk")))
    assert per_community == {"城南社区": 5, "城北社区": 5}
    # One wish per resident, none for a resident who already has an open wish.
    assert bulk.values("beneficiary").distinct().count() == 10
    assert not bulk.filter(beneficiary__wishes__status__in=["pending", "claimed", "delivered"]).exists()
    assert len(list(queries.wall(community=OrgUnit.objects.get(name="城北社区")))) == 5
    assert WishEvent.objects.filter(wish__in=bulk).count() == 20
    assert not bulk.filter(posted_at__gt=timezone.now()).exists()
    assert not bulk.filter(verified_at__lt=models.F("posted_at")).exists()
    assert AuditEvent.objects.filter(action="wishes.demo.load").count() == 2
