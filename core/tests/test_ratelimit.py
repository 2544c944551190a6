import datetime as dt
import multiprocessing

import pytest
from django.db import connections
from django.utils import timezone

from core import ratelimit
from core.models import AttemptCount


def test_attempts_are_counted_per_key_and_forgotten(db):
    key = ratelimit.hashed_key("test-limit", "13805931234")
    assert "13805931234" not in key and key.startswith("test-limit:")
    assert ratelimit.attempts(key) == 0
    assert [ratelimit.count_attempt(key, 60) for _ in range(3)] == [1, 2, 3]
    assert ratelimit.attempts(key) == 3
    assert ratelimit.attempts(ratelimit.hashed_key("test-limit", "13805930000")) == 0
    ratelimit.forget(key)
    assert ratelimit.attempts(key) == 0


def test_the_first_attempt_opens_the_window_and_later_ones_do_not_extend_it(db):
    ratelimit.count_attempt("test-window", 60)
    opened = AttemptCount.objects.get(key="test-window").window_ends
    ratelimit.count_attempt("test-window", 600)
    row = AttemptCount.objects.get(key="test-window")
    assert (row.count, row.window_ends) == (2, opened)


def test_a_closed_window_starts_again_from_one(db):
    ratelimit.count_attempt("test-closed", 60)
    AttemptCount.objects.filter(key="test-closed").update(window_ends=timezone.now() - dt.timedelta(seconds=1))
    assert ratelimit.attempts("test-closed") == 0
    assert ratelimit.count_attempt("test-closed", 60) == 1
    assert AttemptCount.objects.get(key="test-closed").window_ends > timezone.now()


def test_rows_closed_long_ago_are_swept_when_new_keys_come(db):
    ratelimit.count_attempt("test-old", 60)
    AttemptCount.objects.filter(key="test-old").update(window_ends=timezone.now() - dt.timedelta(days=2))
    ratelimit.count_attempt("test-new", 60)
    assert list(AttemptCount.objects.values_list("key", flat=True)) == ["test-new"]


def _count_many(key: str, times: int) -> None:
    connections.close_all()  # a process of its own needs connections of its own
    for _ in range(times):
        ratelimit.count_attempt(key, 600)
    connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_two_processes_count_every_attempt():
    """Two worker processes counting under one key lose none: the limit is global, not per process."""
    connections.close_all()
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_count_many, args=("test-shared", 25)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [w.exitcode for w in workers] == [0, 0]
    assert ratelimit.attempts("test-shared") == 50
