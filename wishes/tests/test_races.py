"""Concurrent claims on both databases: one claim per wish, whatever the timing.

Sized to pass on a loaded 2-core machine: SQLite's busy handler is not fair, so a long queue of
writers can starve one past the busy timeout; these still make every claim collide.
"""

import random
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from accounts.models import User
from registry.models import OrgUnit
from registry.testing import make_id, make_resident
from volunteering.models import Volunteer
from wishes import services
from wishes.models import Wish, WishClaim
from wishes.testing import make_wish


def _claimants(community: OrgUnit, n: int) -> list[User]:
    users = User.objects.bulk_create([User(username=f"claimant{i}") for i in range(n)])
    Volunteer.objects.bulk_create(
        Volunteer(
            county_id=community.county_id,
            community=community,
            user=user,
            number=f"RACE-{i:03d}",
            name=f"认领{i}",
            status=Volunteer.Status.ACTIVE,
            id_number_hash=make_id(),
        )
        for i, user in enumerate(users)
    )
    return list(User.objects.filter(username__startswith="claimant"))


def _attempt(user: User, wish_id: int) -> str:
    try:
        services.claim_wish(by=user, wish=Wish.objects.get(pk=wish_id))
        return "won"
    except ValidationError as exc:
        return exc.code or "refused"
    finally:
        connection.close()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_100_concurrent_claims_of_one_wish_give_exactly_one_claim(world):
    community = OrgUnit.objects.get(pk=world.a.pk)
    wish = make_wish(world.head1)
    users = _claimants(community, 100)
    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(pool.map(lambda u: _attempt(u, wish.pk), users))
    assert outcomes.count("won") == 1
    assert outcomes.count(services.ALREADY_CLAIMED) == 99
    assert WishClaim.objects.filter(wish=wish).count() == 1
    assert Wish.objects.get(pk=wish.pk).status == Wish.Status.CLAIMED


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_20_claimants_over_20_wishes_claim_none_twice(world):
    community = OrgUnit.objects.get(pk=world.a.pk)
    wishes = []
    for i in range(20):
        resident = make_resident(world.household1 if i % 2 else world.household2, name=f"王{i}")
        wishes.append(make_wish(resident).pk)
    users = _claimants(community, 20)
    rng = random.Random(7)
    # Every claimant tries every wish in their own order, so most claims collide with another.
    plans = [(user, rng.sample(wishes, len(wishes))) for user in users]

    def run(plan):
        user, order = plan
        return [(_attempt(user, wish_id), wish_id) for wish_id in order]

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = [r for rows in pool.map(run, plans) for r in rows]
    won = [wish_id for outcome, wish_id in results if outcome == "won"]
    assert sorted(won) == sorted(wishes)  # each wish won exactly once
    assert WishClaim.objects.count() == 20
    assert WishClaim.objects.filter(status="active").values("wish").distinct().count() == 20
