"""An import re-analyses the registry only when it grew it by a large fraction."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry import imports as im
from registry.models import Resident
from registry.testing import make_resident


def _analysed(written: int) -> tuple[bool, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        answer = im.refresh_statistics(written=written)
    return answer, [q["sql"] for q in ctx.captured_queries]


def _is_analyse(sql: str) -> bool:
    return sql.startswith(("ANALYZE", "PRAGMA optimize"))


def test_an_import_that_is_most_of_the_registry_analyses(world):
    total = Resident.objects.count()
    answer, sqls = _analysed(written=total)
    assert answer is True
    assert any(_is_analyse(sql) for sql in sqls)


def test_a_small_import_into_a_large_registry_does_not_analyse(world):
    for _ in range(im.ANALYZE_FRACTION + 1):
        make_resident(world.household2)
    # One resident written into a registry of more than ten residents: under a tenth of it.
    answer, sqls = _analysed(written=1)
    assert answer is False
    assert not any(_is_analyse(sql) for sql in sqls)


def test_an_import_that_wrote_nothing_does_not_analyse(world):
    assert _analysed(written=0) == (False, [])
