from django.urls import reverse

from accounts.models import RoleMembership, User
from core.roles import Role


def account_url(resident):
    return reverse("registry:resident-account", args=[resident.pk])


def test_staff_create_a_login_for_a_resident_without_phone(world, staff_a, login):
    client = login(staff_a)
    assert (
        account_url(world.resident2)
        in client.get(reverse("registry:resident-detail", args=[world.resident2.pk])).content.decode()
    )
    response = client.post(account_url(world.resident2), {"username": "zengxiaoming"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    password = response.context["password"]
    assert password in response.content.decode()
    user = User.objects.get(username="zengxiaoming")
    assert user.resident == world.resident2
    assert user.must_change_password
    assert user.check_password(password)
    assert RoleMembership.objects.filter(user=user, role=Role.RESIDENT, household=world.household2).exists()


def test_a_taken_username_is_shown_on_the_field_and_nothing_is_made(world, staff_a, login):
    response = login(staff_a).post(account_url(world.resident2), {"username": "staff_a"})
    assert response.status_code == 200
    assert "username" in response.context["account_form"].errors
    assert not User.objects.filter(resident=world.resident2).exists()


def test_a_resident_with_a_login_gets_no_second_one(world, staff_a, resident_user, login):
    client = login(staff_a)
    html = client.get(reverse("registry:resident-detail", args=[world.head1.pk])).content.decode()
    assert account_url(world.head1) not in html
    assert "resident_user" in html
    client.post(account_url(world.head1), {"username": "another"})
    assert not User.objects.filter(username="another").exists()


def test_grid_worker_and_county_admin_get_403(world, grid_worker, county_admin, login):
    assert login(grid_worker).post(account_url(world.head1), {"username": "gw1"}).status_code == 403
    assert login(county_admin).post(account_url(world.head1), {"username": "ca1"}).status_code == 403
    assert not User.objects.filter(username__in=["gw1", "ca1"]).exists()


def test_other_community_gets_404(world, staff_b, login):
    assert login(staff_b).post(account_url(world.resident2), {"username": "b1"}).status_code == 404


def test_post_only_and_needs_login(client, world, staff_a, login):
    assert client.post(account_url(world.resident2), {"username": "x1"}).status_code == 302
    assert login(staff_a).get(account_url(world.resident2)).status_code == 405
