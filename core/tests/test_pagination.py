"""The capped paginator counts no further than its cap, with a LIMIT the database stops at."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.pagination import CappedPaginator
from registry.models import Household
from registry.testing import make_household


def test_under_the_cap_the_count_is_exact(world):
    paginator = CappedPaginator(Household.objects.order_by("pk"), 2, cap=10)
    assert paginator.count == Household.objects.count()
    assert paginator.capped is False


def test_over_the_cap_the_count_stops_and_says_so(world):
    for n in range(3):
        make_household(world.a_building2, room=str(700 + n))
    paginator = CappedPaginator(Household.objects.order_by("pk"), 2, cap=2)
    with CaptureQueriesContext(connection) as ctx:
        assert paginator.count == 2
        assert paginator.capped is True
    assert len(ctx.captured_queries) == 1
    assert "LIMIT 3" in ctx.captured_queries[0]["sql"]
    assert paginator.num_pages == 1
