"""The public sign-up tells no one whether an ID number is registered, and counts such tries."""

import re

from django.test import Client
from django.urls import reverse

from accounts.models import User
from core.models import AuditEvent
from registry.testing import make_id, make_user
from volunteering.models import Volunteer
from volunteering.tests.test_api_helpers import bearer, post
from volunteering.tests.test_views_join import join_url, sign_up_data


def _page(client, response) -> str:
    """The page a sign-up lands on, without what differs per browser anyway (the CSRF tokens)."""
    return re.sub(r"[A-Za-z0-9]{64}", "", client.get(response["Location"]).content.decode())


def test_an_id_number_already_registered_is_answered_like_a_new_sign_up(vworld, world):
    id_number = make_id()
    first, second, fresh = Client(), Client(), Client()
    new = first.post(join_url(world.a), sign_up_data(vworld, id_number=id_number))
    again = second.post(join_url(world.a), sign_up_data(vworld, id_number=id_number, phone="13911113333", name="冒名"))
    other = fresh.post(join_url(world.a), sign_up_data(vworld, phone="13911114444", name="新人"))
    assert (again.status_code, again["Location"]) == (new.status_code, new["Location"]) == (302, other["Location"])
    assert _page(second, again) == _page(fresh, other)
    assert "Signed up before?" in _page(second, again)  # tells the real person what to do
    # Nothing written for the second try: no volunteer, no login; the first stays as it was.
    assert not Volunteer.objects.filter(name="冒名").exists()
    assert not User.objects.filter(display_name="冒名").exists()
    registered = Volunteer.objects.get(name="郑报名")
    event = AuditEvent.objects.get(action="volunteering.volunteer.sign_up_again")
    assert (event.object_id, event.community_id) == (str(registered.pk), world.a.pk)


def test_someone_turned_down_who_signs_up_again_is_answered_alike_and_not_refused_with_an_error(vworld, world):
    # One person, one record (a database constraint): they follow the first one, reason included.
    id_number = make_id()
    Client().post(join_url(world.a), sign_up_data(vworld, id_number=id_number))
    Volunteer.objects.filter(name="郑报名").update(status=Volunteer.Status.REJECTED)
    data = sign_up_data(vworld, id_number=id_number, phone="13911113333", name="重新报名")
    response = Client().post(join_url(world.a), data)
    assert response.status_code == 302 and not Volunteer.objects.filter(name="重新报名").exists()


def test_tries_with_registered_or_refused_details_hit_a_tight_ceiling(vworld, world, settings):
    settings.VOLUNTEER_SIGNUP_FAILURE_LIMIT = 2
    id_number = make_id()
    Client(REMOTE_ADDR="10.0.0.2").post(join_url(world.a), sign_up_data(vworld, id_number=id_number))
    prober = Client(REMOTE_ADDR="10.0.0.9")
    prober.post(join_url(world.a), sign_up_data(vworld, id_number=id_number, phone="13911113333"))  # known
    prober.post(join_url(world.a), sign_up_data(vworld, id_number="350926199001011234", phone="13911114444"))  # bad
    response = prober.post(join_url(world.a), sign_up_data(vworld, phone="13911115555", name="第三人"))
    assert response.status_code == 200 and "Too many sign-ups" in response.content.decode()
    assert not Volunteer.objects.filter(name="第三人").exists()
    # Another network is not affected.
    other = Client(REMOTE_ADDR="10.0.0.3").post(join_url(world.a), sign_up_data(vworld, phone="13911116666"))
    assert other.status_code == 302


def test_staff_registering_on_the_spot_are_still_told_of_the_duplicate(login, staff_a, vworld, world):
    id_number = make_id()
    Client().post(join_url(world.a), sign_up_data(vworld, id_number=id_number))
    data = sign_up_data(vworld, id_number=id_number, phone="13911113333", community=world.a.pk)
    response = login(staff_a).post(reverse("volunteering:volunteer-create"), data)
    assert "already registered" in response.context["form"].errors["id_number"][0]


def test_the_api_sign_up_refuses_a_registered_id_number_without_saying_why(vworld, world):
    id_number = make_id()
    Client().post(join_url(world.a), sign_up_data(vworld, id_number=id_number))
    payload = sign_up_data(vworld, id_number=id_number, phone="13911113333") | {"community_code": world.a.code}
    del payload["password"]
    before = Volunteer.objects.count()
    response = post(bearer(make_user("applicant")), "/volunteers/sign-up", payload)
    assert response.status_code == 422
    body = response.content.decode()
    assert "was not taken" in body and "already registered" not in body
    assert Volunteer.objects.count() == before
