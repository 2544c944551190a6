import pytest
from django.urls import reverse

from core import pii
from core.models import AuditEvent


def reveal(resident, field):
    return reverse("registry:resident-reveal", args=[resident.pk, field])


def reveals():
    return AuditEvent.objects.filter(action="registry.resident.reveal")


def test_staff_reveal_the_full_id_number_and_it_is_audited(world, staff_a, login):
    response = login(staff_a).post(reveal(world.head1, "id_number"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert pii.decrypt(world.head1.id_number_enc) in html
    assert "<html" not in html
    assert "no-store" in response["Cache-Control"]
    event = reveals().get()
    assert (event.actor, event.object_id, event.details) == (staff_a, str(world.head1.pk), {"field": "id_number"})


def test_reveal_without_javascript_shows_the_resident_page_with_the_value(world, staff_a, login):
    response = login(staff_a).post(reveal(world.head1, "phone"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    assert "13805931234" in html
    assert world.head1.id_number_masked in html  # the other number stays masked
    assert reveals().count() == 1


def test_grid_worker_in_scope_without_reveal_right_gets_403(world, grid_worker, login):
    assert login(grid_worker).post(reveal(world.head1, "id_number")).status_code == 403
    assert not reveals().exists()


def test_county_admin_gets_403(world, county_admin, login):
    assert login(county_admin).post(reveal(world.head1, "phone")).status_code == 403
    assert not reveals().exists()


def test_other_community_gets_404(world, staff_b, login):
    assert login(staff_b).post(reveal(world.head1, "id_number")).status_code == 404
    assert not reveals().exists()


@pytest.mark.parametrize("field", ["name", "id_number_enc", "notes"])
def test_only_the_numbers_can_be_revealed(world, staff_a, login, field):
    assert login(staff_a).post(reveal(world.head1, field)).status_code == 404
    assert not reveals().exists()


def test_reveal_is_post_only(world, staff_a, login):
    assert login(staff_a).get(reveal(world.head1, "id_number")).status_code == 405
    assert not reveals().exists()


def test_reveal_needs_login(client, world):
    assert client.post(reveal(world.head1, "id_number")).status_code == 302
    assert not reveals().exists()
