"""Concurrent writers on the real database (SQLite in WAL with BEGIN IMMEDIATE, or PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from registry.models import Resident
from registry.services import create_resident
from registry.testing import make_id

WRITERS = 8


def run_concurrently(target, count):
    barrier = threading.Barrier(count)
    results = [None] * count

    def worker(i):
        try:
            barrier.wait()
            results[i] = ("ok", target(i))
        except ValidationError as exc:
            results[i] = ("refused", exc)
        except Exception as exc:
            results[i] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
def test_one_id_number_registered_once_under_concurrency(world):
    id_number = make_id()

    def register(i):
        return create_resident(by=None, household=world.household2, name=f"并发{i}", id_number=id_number)

    results = run_concurrently(register, WRITERS)
    outcomes = sorted(kind for kind, _ in results)
    assert outcomes == ["ok"] + ["refused"] * (WRITERS - 1), results
    refusals = [exc for kind, exc in results if kind == "refused"]
    assert all("id_number" in exc.message_dict for exc in refusals)
    assert Resident.objects.filter(name__startswith="并发").count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_head_per_household_under_concurrency(world):
    household = world.household_b.__class__.objects.get(pk=world.household_b.pk)
    Resident.objects.filter(household=household).update(relation=Resident.Relation.OTHER)

    def make_head(i):
        return create_resident(
            by=None, household=household, name=f"户主{i}", id_number=make_id(), relation=Resident.Relation.HEAD
        )

    results = run_concurrently(make_head, WRITERS)
    assert sorted(kind for kind, _ in results) == ["ok"] + ["refused"] * (WRITERS - 1), results
    assert all("relation" in exc.message_dict for kind, exc in results if kind == "refused")
    assert household.members.filter(relation=Resident.Relation.HEAD).count() == 1
