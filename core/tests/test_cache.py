import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from conftest import PASSWORD


def test_cache_round_trip(db):
    cache.set("linli-test", {"a": 1}, 30)
    assert cache.get("linli-test") == {"a": 1}


@pytest.mark.skipif(not settings.REDIS_URL, reason="runs where REDIS_URL is set (the PostgreSQL pass of .ci/run)")
def test_logins_keep_their_session_in_redis(client, staff_a, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    assert "RedisCache" in settings.CACHES["default"]["BACKEND"]
    client.post(reverse("accounts:login"), {"username": "staff_a", "password": PASSWORD})
    assert client.get(reverse("core:home")).status_code == 200
    assert cache.get(f"django.contrib.sessions.cache{client.session.session_key}") is not None


@pytest.mark.skipif(bool(settings.REDIS_URL), reason="without REDIS_URL only")
def test_without_redis_the_cache_is_shared_by_every_process(db):
    # A per-process cache (LocMemCache) would give each of several workers a cache of its own.
    assert "DatabaseCache" in settings.CACHES["default"]["BACKEND"]
    cache.set("linli-shared", 1, 30)
    assert cache.get("linli-shared") == 1
