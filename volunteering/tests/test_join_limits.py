"""The public sign-up's limits: per phone number and per device, with a loose ceiling per address.

A recruitment drive signs up a hundred neighbours on the community centre's one Wi-Fi; the
limits must let it through and still stop one phone or one browser trying over and over.
"""

from django.test import Client

from volunteering import services
from volunteering.models import Volunteer, VolunteeringSettings
from volunteering.tests.test_views_join import join_url, sign_up_data


def _phone(i: int) -> str:
    return f"1391111{i:04d}"


def test_thirty_phones_on_one_wifi_all_sign_up(vworld, world):
    for i in range(30):
        client = Client(REMOTE_ADDR="10.0.0.7")  # a phone of its own, the drive's one network
        response = client.post(join_url(world.a), sign_up_data(vworld, name=f"邻居{i}", phone=_phone(i)))
        assert response.status_code == 302, i
    assert Volunteer.objects.filter(name__startswith="邻居").count() == 30


def test_one_phone_number_over_the_limit_is_refused(vworld, world, staff_a):
    services.update_volunteering_settings(by=staff_a, community=world.a, signup_limit=3)
    for _ in range(3):  # the same number from three browsers: refused as a duplicate, but counted
        Client().post(join_url(world.a), sign_up_data(vworld, name="重复", phone="13911112222"))
    response = Client().post(join_url(world.a), sign_up_data(vworld, name="再试", phone="13911112222"))
    assert response.status_code == 200
    assert "This mobile number was used for too many sign-ups in the last hour" in response.content.decode()
    assert not Volunteer.objects.filter(name="再试").exists()
    other = Client().post(join_url(world.a), sign_up_data(vworld, name="别人", phone="13911113333"))
    assert other.status_code == 302


def test_one_device_over_the_limit_is_refused(vworld, world, staff_a):
    services.update_volunteering_settings(by=staff_a, community=world.a, signup_limit=2)
    device = Client()
    device.get(join_url(world.a))  # the page hands the browser its device cookie
    for i in range(2):
        device.post(join_url(world.a), sign_up_data(vworld, name=f"同机{i}", phone=_phone(i), password=""))
    response = device.post(join_url(world.a), sign_up_data(vworld, name="同机再试", phone=_phone(9)))
    assert response.status_code == 200
    assert "Too many sign-ups from this phone or computer in the last hour" in response.content.decode()
    assert not Volunteer.objects.filter(name="同机再试").exists()


def test_a_forged_device_cookie_counts_for_nothing(vworld, world, staff_a):
    services.update_volunteering_settings(by=staff_a, community=world.a, signup_limit=1)
    first = Client()
    first.get(join_url(world.a))
    first.post(join_url(world.a), sign_up_data(vworld, phone=_phone(1), password=""))
    second = Client()
    second.cookies["linli_device"] = "forged"
    response = second.post(join_url(world.a), sign_up_data(vworld, name="第二人", phone=_phone(2)))
    assert response.status_code == 302


def test_a_flood_from_one_address_meets_the_ceiling(vworld, world, settings):
    settings.VOLUNTEER_SIGNUP_ADDRESS_LIMIT = 2
    for i in range(2):
        Client(REMOTE_ADDR="10.0.0.8").post(join_url(world.a), sign_up_data(vworld, name=f"洪{i}", phone=_phone(i)))
    response = Client(REMOTE_ADDR="10.0.0.8").post(join_url(world.a), sign_up_data(vworld, phone=_phone(5)))
    assert "Too many sign-ups from this network" in response.content.decode()
    assert (
        Client(REMOTE_ADDR="10.0.0.9").post(join_url(world.a), sign_up_data(vworld, phone=_phone(6))).status_code == 302
    )


def test_the_limit_is_a_community_setting(vworld, world, staff_a, login):
    from django.urls import reverse

    url = reverse("volunteering:certificate-settings")
    client = login(staff_a)
    assert client.get(url).context["form"]["signup_limit"].value() == VolunteeringSettings.SIGNUP_LIMIT_DEFAULT
    assert client.post(url, {"signup_limit": "25"}).status_code == 302
    assert VolunteeringSettings.objects.get(community=world.a).signup_limit == 25
    response = client.post(url, {"signup_limit": "0"})
    assert "signup_limit" in response.context["form"].errors
