from unittest import mock

from django.core.cache import cache

from core import ratelimit


def test_attempts_are_counted_per_key_and_forgotten():
    cache.clear()
    key = ratelimit.hashed_key("test-limit", "13805931234")
    assert "13805931234" not in key and key.startswith("test-limit:")
    assert ratelimit.attempts(key) == 0
    for _ in range(3):
        ratelimit.count_attempt(key, 60)
    assert ratelimit.attempts(key) == 3
    assert ratelimit.attempts(ratelimit.hashed_key("test-limit", "13805930000")) == 0
    ratelimit.forget(key)
    assert ratelimit.attempts(key) == 0


def test_the_first_attempt_opens_the_window_and_later_ones_do_not_extend_it():
    cache.clear()
    with mock.patch.object(cache, "add", wraps=cache.add) as add:
        ratelimit.count_attempt("test-window", 60)
        ratelimit.count_attempt("test-window", 60)
    # add() sets the timeout only when the key is new: the window is fixed from the first attempt.
    assert [c.args for c in add.call_args_list] == [("test-window", 0, 60)] * 2
    assert ratelimit.attempts("test-window") == 2
