"""A paginator whose count stops at a cap, so a county-wide list does not count every row it holds."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

# Past this many rows nobody reads the exact figure, and counting them all scans the whole county.
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """Counts at most `cap` rows (a LIMIT subquery); `capped` says the list holds more than that."""

    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def _bounded_count(self) -> int:
        items = self.object_list
        if hasattr(items, "order_by"):
            # COUNT(*) FROM (SELECT ... LIMIT cap + 1): the database stops after cap + 1 rows.
            return items.order_by()[: self.cap + 1].count()
        return len(items)

    @cached_property
    def count(self) -> int:
        return min(self._bounded_count, self.cap)

    @cached_property
    def capped(self) -> bool:
        return self._bounded_count > self.cap
