"""Registrations of one ID number racing each other (the pre-check passes for all of them): one
volunteer, and every other racer gets the pre-check's own answer, never a database error."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from registry.testing import make_id
from registry.tests.test_races import WRITERS, run_concurrently
from volunteering import services
from volunteering.models import Volunteer


@pytest.mark.django_db(transaction=True)
def test_staff_registering_one_id_number_at_once_get_one_volunteer_and_clear_refusals(world, staff_a):
    id_number = make_id()

    def register(i):
        return services.register_volunteer(
            by=staff_a, community=world.a, name=f"并发{i}", phone=f"1380593{i:04d}", id_number=id_number
        )

    results = run_concurrently(register, WRITERS)
    assert sorted(kind for kind, _ in results) == ["ok"] + ["refused"] * (WRITERS - 1), results
    for kind, exc in results:
        if kind == "refused":
            assert isinstance(exc, ValidationError)
            assert exc.message_dict["id_number"] == [services.already_registered()]
    assert Volunteer.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_public_sign_ups_of_one_id_number_at_once_are_answered_alike(world):
    id_number = make_id(gender="M")

    def sign_up(i):
        return services.sign_up_volunteer(
            community=world.a,
            name=f"并发{i}",
            phone=f"1390593{i:04d}",
            id_number=id_number,
            password="correct-horse-42",
        )

    results = run_concurrently(sign_up, WRITERS)
    assert [kind for kind, _ in results] == ["ok"] * WRITERS, results
    assert sum(volunteer is not None for _, volunteer in results) == 1
    assert Volunteer.objects.count() == 1
    # The racers that lost leave no login behind: the sign-up writes both or neither.
    assert User.objects.filter(volunteer__isnull=True, display_name__startswith="并发").count() == 0
