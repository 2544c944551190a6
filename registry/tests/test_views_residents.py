import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from core import idcard, pii
from core.models import AuditEvent
from registry.models import Resident
from registry.testing import make_id, make_resident

LIST = reverse("registry:resident-list")
CREATE = reverse("registry:resident-create")
VALIDATE = reverse("registry:resident-validate")


def detail(resident):
    return reverse("registry:resident-detail", args=[resident.pk])


def edit(resident):
    return reverse("registry:resident-edit", args=[resident.pk])


def years_ago(years):
    today = dt.date.today()
    return today.replace(year=today.year - years, day=min(today.day, 28))


def bad_checksum(number):
    return number[:17] + ("1" if number[17] != "1" else "2")


# --- list ---------------------------------------------------------------------------------


def test_list_shows_the_community_residents_masked(world, staff_a, login):
    response = login(staff_a).get(LIST)
    assert response.status_code == 200
    assert {r.name for r in response.context["page"]} == {"黄秀琴", "曾小明"}
    html = response.content.decode()
    assert "138****1234" in html
    assert "13805931234" not in html


def test_list_filters(world, staff_a, login):
    child = make_resident(
        world.household2, name="曾小宝", birth_date=years_ago(5), gender="M", guardian=world.resident2
    )
    client = login(staff_a)
    assert [r.name for r in client.get(LIST, {"gender": "F"}).context["page"]] == ["黄秀琴"]
    assert list(client.get(LIST, {"minors": "on"}).context["page"]) == [child]
    assert list(client.get(LIST, {"age_band": "60-79"}).context["page"]) == [world.head1]
    assert list(client.get(LIST, {"age_band": "0-13"}).context["page"]) == [child]
    assert list(client.get(LIST, {"grid_group": world.group1.pk}).context["page"]) == [world.head1]
    assert client.get(LIST, {"status": "moved_out"}).context["page"].paginator.count == 0


def test_list_needs_login(client, world):
    assert client.get(LIST).status_code == 302


def test_other_community_lists_only_its_own(world, staff_b, login):
    assert list(login(staff_b).get(LIST).context["page"]) == [world.resident_b]


def test_grid_worker_lists_only_their_grid(world, grid_worker, login):
    assert list(login(grid_worker).get(LIST).context["page"]) == [world.head1]


def test_county_admin_lists_all_without_write_actions(world, county_admin, login):
    response = login(county_admin).get(LIST)
    assert response.context["page"].paginator.count == 3
    assert CREATE not in response.content.decode()


def test_list_query_count_is_pinned(world, staff_a, login, django_assert_num_queries):
    client = login(staff_a)
    with django_assert_num_queries(11):
        client.get(LIST)
    for n in range(4):
        make_resident(world.household1, name=f"黄{n}", birth_date=dt.date(1990, 1, n + 1))
    with django_assert_num_queries(11):
        assert client.get(LIST).context["page"].paginator.count == 6


# --- detail --------------------------------------------------------------------------------


def test_detail_shows_masked_numbers_and_reveal_buttons_for_staff(world, staff_a, login):
    response = login(staff_a).get(detail(world.head1))
    assert response.status_code == 200
    html = response.content.decode()
    assert world.head1.id_number_masked in html
    assert "138****1234" in html
    assert "13805931234" not in html
    assert reverse("registry:resident-reveal", args=[world.head1.pk, "id_number"]) in html
    assert reverse("registry:resident-reveal", args=[world.head1.pk, "phone"]) in html
    assert "The system registered the resident" in html


@pytest.mark.parametrize("persona", ["county_admin", "grid_worker"])
def test_detail_without_reveal_right_has_no_reveal_button(world, login, request, persona):
    response = login(request.getfixturevalue(persona)).get(detail(world.head1))
    assert response.status_code == 200
    assert "/reveal/" not in response.content.decode()


def test_detail_of_other_community_is_404(world, staff_b, login):
    assert login(staff_b).get(detail(world.head1)).status_code == 404


def test_grid_worker_gets_404_outside_their_grid(world, grid_worker, login):
    assert login(grid_worker).get(detail(world.resident2)).status_code == 404


def test_detail_needs_login(client, world):
    assert client.get(detail(world.head1)).status_code == 302


# --- create --------------------------------------------------------------------------------


def test_create_resident_in_a_household(world, staff_a, login):
    client = login(staff_a)
    url = f"{CREATE}?household={world.household1.pk}"
    assert client.get(url).status_code == 200
    number = make_id(dt.date(1962, 3, 4), "M")
    response = client.post(
        url, {"household": world.household1.pk, "name": "黄建华", "id_number": number, "relation": "spouse"}
    )
    resident = Resident.objects.get(name="黄建华")
    assert response.status_code == 302
    assert response["Location"] == detail(resident)
    assert (resident.household, resident.birth_date, resident.gender) == (world.household1, dt.date(1962, 3, 4), "M")
    assert resident.id_number_masked == pii.mask_id_number(number)
    assert AuditEvent.objects.filter(action="registry.resident.create", object_id=str(resident.pk)).exists()


def test_create_with_a_bad_id_saves_nothing_and_keeps_the_input(world, staff_a, login):
    number = bad_checksum(make_id(dt.date(1962, 3, 4), "M"))
    response = login(staff_a).post(
        f"{CREATE}?household={world.household1.pk}",
        {
            "household": world.household1.pk,
            "name": "黄建华",
            "id_number": number,
            "relation": "spouse",
            "phone": "13900001111",
        },
    )
    assert response.status_code == 200
    assert str(idcard.MSG_CHECKSUM) in response.context["form"].errors["id_number"]
    assert not Resident.objects.filter(name="黄建华").exists()
    html = response.content.decode()
    assert 'value="黄建华"' in html
    assert f'value="{number}"' in html
    assert 'value="13900001111"' in html


def test_create_a_child_needs_a_guardian(world, staff_a, login):
    response = login(staff_a).post(
        CREATE, {"household": world.household1.pk, "name": "黄小宝", "birth_date": years_ago(6), "gender": "M"}
    )
    assert "guardian" in response.context["form"].errors
    assert not Resident.objects.filter(name="黄小宝").exists()


def test_create_without_household_first_asks_for_one_in_scope(world, grid_worker, login):
    response = login(grid_worker).get(CREATE)
    assert response.status_code == 200
    assert list(response.context["form"].fields["household"].queryset) == [world.household1]
    assert 'method="get"' in response.content.decode()


def test_grid_worker_creates_only_in_their_grid(world, grid_worker, login):
    client = login(grid_worker)
    assert client.get(f"{CREATE}?household={world.household1.pk}").status_code == 200
    assert client.get(f"{CREATE}?household={world.household2.pk}").status_code == 404


def test_create_in_other_community_is_404(world, staff_b, login):
    assert login(staff_b).get(f"{CREATE}?household={world.household1.pk}").status_code == 404


def test_create_by_read_only_role_is_403(world, county_admin, login):
    client = login(county_admin)
    assert client.get(CREATE).status_code == 403
    assert client.get(f"{CREATE}?household={world.household1.pk}").status_code == 403
    response = client.post(
        CREATE, {"household": world.household1.pk, "name": "X", "birth_date": "1980-01-01", "gender": "M"}
    )
    assert response.status_code == 403
    assert not Resident.objects.filter(name="X").exists()


def test_create_needs_login(client, world):
    assert client.get(CREATE).status_code == 302


# --- edit ----------------------------------------------------------------------------------


def form_data(resident, **changes):
    data = {
        "name": resident.name,
        "gender": resident.gender,
        "birth_date": resident.birth_date.isoformat(),
        "relation": resident.relation,
        "status": resident.status,
        "id_number": "",
        "phone": "",
    }
    return data | changes


def test_edit_never_shows_the_stored_numbers_and_blank_keeps_them(world, staff_a, login):
    client = login(staff_a)
    stored_id = pii.decrypt(world.head1.id_number_enc)
    html = client.get(edit(world.head1)).content.decode()
    assert stored_id not in html
    assert "13805931234" not in html
    assert "Leave blank to keep" in html
    response = client.post(edit(world.head1), form_data(world.head1, name="黄秀芹"))
    assert response.status_code == 302
    head = Resident.objects.get(pk=world.head1.pk)
    assert head.name == "黄秀芹"
    assert pii.decrypt(head.id_number_enc) == stored_id
    assert pii.decrypt(head.phone_enc) == "13805931234"
    event = AuditEvent.objects.get(action="registry.resident.update", object_id=str(head.pk))
    assert event.details["changed"] == ["name"]


def test_edit_replaces_the_phone_when_typed(world, staff_a, login):
    login(staff_a).post(edit(world.head1), form_data(world.head1, phone="13900002222"))
    assert Resident.objects.get(pk=world.head1.pk).phone_masked == "139****2222"


def test_edit_error_keeps_what_was_typed(world, staff_a, login):
    response = login(staff_a).post(edit(world.head1), form_data(world.head1, name="黄秀芹", phone="12345"))
    assert response.status_code == 200
    assert "phone" in response.context["form"].errors
    assert 'value="黄秀芹"' in response.content.decode()
    assert Resident.objects.get(pk=world.head1.pk).name == "黄秀琴"


def test_grid_worker_edits_their_grid_only(world, grid_worker, login):
    client = login(grid_worker)
    assert client.get(edit(world.head1)).status_code == 200
    assert client.get(edit(world.resident2)).status_code == 404


def test_edit_by_read_only_role_is_403(world, county_admin, login):
    client = login(county_admin)
    assert client.get(edit(world.head1)).status_code == 403
    assert client.post(edit(world.head1), form_data(world.head1, name="改")).status_code == 403


def test_edit_of_other_community_is_404(world, staff_b, login):
    assert login(staff_b).get(edit(world.head1)).status_code == 404


def test_edit_needs_login(client, world):
    assert client.get(edit(world.head1)).status_code == 302


# --- inline validation ---------------------------------------------------------------------------


def test_validate_returns_the_checksum_error_without_saving(world, staff_a, login):
    number = bad_checksum(make_id(dt.date(1962, 3, 4), "M"))
    response = login(staff_a).post(
        VALIDATE,
        {"household": world.household1.pk, "name": "黄建华", "id_number": number},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(str(idcard.MSG_CHECKSUM)) in html
    assert 'id="id_id_number_errors" hx-swap-oob="innerHTML"' in html
    # Only the error blocks come back: inputs the user keeps typing in are never replaced.
    assert "<input" not in html
    assert "<html" not in html
    assert not Resident.objects.filter(name="黄建华").exists()


def inline_errors(response):
    """Field name -> error text, from the out-of-band error blocks the validate endpoint returns."""
    blocks = re.findall(
        r'<div id="id_(\w+)_errors" hx-swap-oob="innerHTML">(.*?)</div>\s*(?=<div id=|$)',
        response.content.decode(),
        re.S,
    )
    return {name: text for name, text in blocks if text.strip()}


def test_validate_reports_a_birth_date_that_disagrees_with_the_id(world, staff_a, login):
    number = make_id(dt.date(1962, 3, 4), "M")
    response = login(staff_a).post(
        VALIDATE, {"household": world.household1.pk, "id_number": number, "birth_date": "1963-03-04"}
    )
    errors = inline_errors(response)
    assert "1962-03-04" in errors["birth_date"]
    assert "name" not in errors  # not typed yet: not an error on the way through the form


def test_validate_reports_a_bad_phone_and_a_child_without_guardian(world, staff_a, login):
    response = login(staff_a).post(
        VALIDATE, {"household": world.household1.pk, "name": "黄小宝", "birth_date": years_ago(6), "phone": "123"}
    )
    assert set(inline_errors(response)) == {"phone", "guardian"}


def test_validate_on_edit_excludes_the_resident_itself(world, staff_a, login):
    response = login(staff_a).post(f"{VALIDATE}?resident={world.head1.pk}", form_data(world.head1))
    assert response.status_code == 200
    assert 'id="id_name_errors"' in response.content.decode()
    assert inline_errors(response) == {}


def test_validate_needs_change_rights(world, county_admin, staff_b, login):
    assert login(county_admin).post(VALIDATE, {"name": "x"}).status_code == 403
    assert login(staff_b).post(VALIDATE, {"household": world.household1.pk, "name": "x"}).status_code == 404


def test_validate_is_post_only_and_needs_login(client, world, staff_a, login):
    assert client.post(VALIDATE, {"name": "x"}).status_code == 302
    assert login(staff_a).get(VALIDATE).status_code == 405


def test_create_form_offers_the_household_members_as_guardians(world, staff_a, login):
    response = login(staff_a).get(f"{CREATE}?household={world.household1.pk}")
    assert list(response.context["form"].fields["guardian"].queryset) == [world.head1]
    html = response.content.decode()
    assert f"{VALIDATE}?household={world.household1.pk}" in html
    assert world.household1.address in html


def test_validate_needs_a_household_or_a_resident(world, staff_a, login):
    assert login(staff_a).post(VALIDATE, {"name": "x"}).status_code == 404
