"""Bad input answers a clear 4xx on both databases, never a server error, and absurd text is refused
wherever it comes in: pages, forms and the API alike."""

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from activities.models import ActivityPhoto
from activities.services import update_activity
from activities.testing import make_activity, png_upload
from activities.tests.test_photos import _ended
from config.api import api
from core.forms import StyledFormMixin
from core.validators import LONG_TEXT
from registry.models import PartnerUnit
from registry.tests.test_api_helpers import bearer, get, post
from volunteering.models import ServiceRecord
from volunteering.services import record_service
from wishes.models import Wish
from wishes.testing import make_wish

HUGE = "99999999999999999999"  # past 64 bits


def test_a_serial_with_a_slash_is_not_found_rather_than_a_server_error(db):
    response = Client().get(reverse("volunteering:certificate-verify-search"), {"serial": "a/b"})
    assert response.status_code == 404
    assert b"No issued certificate has the serial number a/b" in response.content


@pytest.mark.parametrize("where", ["page", "api"])
def test_nul_in_a_query_string_is_refused_with_400(world, staff_a, where):
    client = Client()
    client.force_login(staff_a)
    url = reverse("registry:resident-list") if where == "page" else "/api/v1/registry/residents"
    response = client.get(url, {"q": "黄\x00"})
    assert response.status_code == (400 if where == "page" else 422)
    assert "NUL character" in response.content.decode()


@pytest.mark.parametrize("compound", [HUGE, "-" + HUGE])
def test_a_filter_choice_past_64_bits_is_an_unknown_choice(world, staff_a, compound):
    client = Client()
    client.force_login(staff_a)
    response = client.get(reverse("registry:household-list"), {"compound": compound})
    assert response.status_code == 200


def test_nul_in_a_form_post_is_refused_with_400(world, staff_a):
    client = Client()
    client.force_login(staff_a)
    response = client.post(reverse("registry:partner-create"), {"name": "县供电\x00公司", "kind": "enterprise"})
    assert response.status_code == 400
    assert not PartnerUnit.objects.exists()


class _Form(StyledFormMixin, forms.Form):
    title = forms.CharField(max_length=50)
    count = forms.IntegerField(required=False)


@pytest.mark.parametrize("hostile", ["a\x07b", "abc\u202egpj.exe", "\u2066x\u2069", "x\x7f"])
def test_every_styled_form_refuses_control_and_direction_characters(hostile):
    form = _Form({"title": hostile})
    assert not form.is_valid()
    assert "control or text-direction characters" in form.errors["title"][0]


def test_every_styled_form_keeps_line_breaks_and_tabs():
    assert _Form({"title": "第一行\r\n第二行\t完"}).is_valid()


def test_every_styled_form_refuses_whole_numbers_past_64_bits():
    form = _Form({"title": "ok", "count": HUGE})
    assert not form.is_valid()
    assert "count" in form.errors


@pytest.mark.parametrize("hostile", ["县供电\x00公司", "县供电\u202e公司", "县\x1b[31m供电"])
def test_api_bodies_refuse_nul_control_and_direction_characters(world, staff_a, hostile):
    data = {"name": hostile, "kind": "enterprise", "communities": [world.a.pk]}
    response = post(bearer(staff_a), "/partner-units", data)
    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["field"] == "name"
    assert "NUL character" in error["message"] or "text-direction characters" in error["message"]
    assert not PartnerUnit.objects.exists()


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/residents", {"offset": HUGE}),
        ("/residents", {"community": HUGE}),
        ("/residents", {"age_min": "10000"}),
        ("/residents", {"age_max": "10000"}),
        ("/grid-units", {"community": HUGE}),
        ("/households", {"building": HUGE}),
        ("/partner-units", {"community": HUGE}),
    ],
)
def test_api_filters_past_their_range_answer_422(world, staff_a, path, params):
    response = get(bearer(staff_a), path, **params)
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["field"] == next(iter(params))
    assert error["message"].startswith("Ensure this value is less than or equal to")


def test_api_path_ids_past_64_bits_answer_422(world, staff_a):
    response = get(bearer(staff_a), f"/residents/{HUGE}")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "resident_id"


# --- absurd values, refused by the services every page and the API call ---------------------------


@pytest.mark.parametrize("served_on", [dt.date(1, 1, 1), dt.date(1900, 1, 1), dt.date(1999, 12, 31)])
def test_a_service_date_before_2000_is_refused(vworld, staff_a, served_on):
    with pytest.raises(ValidationError) as refused:
        record_service(by=staff_a, volunteer=vworld.member, served_on=served_on, hours=Decimal(2), content="巡逻")
    assert refused.value.message_dict["served_on"] == ["Choose a date of service from the year 2000 on."]


@pytest.mark.parametrize("hours", ["0.001", "0.05", "1.255"])
def test_hours_below_a_tenth_or_finer_than_hundredths_are_refused(vworld, staff_a, hours):
    with pytest.raises(ValidationError) as refused:
        record_service(
            by=staff_a, volunteer=vworld.member, served_on=dt.date(2024, 5, 6), hours=Decimal(hours), content="巡逻"
        )
    assert "at least 0.1 hours" in refused.value.message_dict["hours"][0]


def test_hours_of_a_tenth_are_recorded(vworld, staff_a):
    record = record_service(
        by=staff_a, volunteer=vworld.member, served_on=dt.date(2024, 5, 6), hours=Decimal("0.1"), content="巡逻"
    )
    assert record.hours == Decimal("0.10")


def test_api_hours_of_a_thousandth_answer_422(vworld, staff_a):
    data = {"volunteer": vworld.member.pk, "served_on": "2024-05-06", "hours": "0.001", "content": "巡逻"}
    response = bearer(staff_a).post("/api/v1/volunteering/records", data, content_type="application/json")
    assert response.status_code == 422
    assert not ServiceRecord.objects.exists()


def test_a_published_activity_deadline_cannot_move_into_the_past(world, staff_a):
    activity = make_activity(world.a, by=staff_a)
    with pytest.raises(ValidationError) as refused:
        update_activity(by=staff_a, activity=activity, signup_deadline=timezone.now() - dt.timedelta(hours=1))
    assert "signup_deadline" in refused.value.message_dict
    later = activity.signup_deadline + dt.timedelta(minutes=30)
    assert update_activity(by=staff_a, activity=activity, signup_deadline=later).signup_deadline == later


def test_a_resident_with_a_long_name_can_be_given_a_wish(world, staff_a):
    long_name = "阿卜杜热合曼·买买提依明·艾力江·吐尔逊托合提·热依拉"  # longer than 20 characters
    world.head1.name = long_name
    world.head1.save(update_fields=["name"])
    wish = make_wish(world.head1, by=staff_a)
    assert wish.masked_name.startswith("阿*")
    assert len(wish.masked_name) == Wish._meta.get_field("masked_name").max_length


# --- text longer than its column: refused on both databases alike ---------------------------------


def test_api_text_longer_than_its_column_answers_422(world, staff_a):
    data = {"name": "县" * 101, "kind": "enterprise", "communities": [world.a.pk]}
    response = post(bearer(staff_a), "/partner-units", data)
    assert response.status_code == 422
    assert response.json()["detail"] == [{"field": "name", "message": "Shorten this to at most 100 characters."}]
    assert not PartnerUnit.objects.exists()


def test_page_notes_longer_than_the_limit_are_a_form_error(world, staff_a):
    client = Client()
    client.force_login(staff_a)
    url = reverse("registry:household-edit", args=[world.household1.pk])
    response = client.post(url, {"notes": "备" * (LONG_TEXT + 1)})
    assert response.status_code == 200
    assert f"at most {LONG_TEXT} characters" in response.content.decode()


def input_schemas_text_fields():
    schema = api.get_openapi_schema()
    for name, component in schema["components"]["schemas"].items():
        if not name.endswith(("In", "Patch")):
            continue
        for field, spec in component.get("properties", {}).items():
            variants = spec.get("anyOf", [spec])
            texts = [v for v in variants if v.get("type") == "string" and "enum" not in v and "format" not in v]
            decimal = any(v.get("type") == "number" for v in variants)  # a Decimal: a number or its string
            if texts and not decimal and "$ref" not in str(variants):
                yield name, field, texts


def test_every_text_field_of_an_api_body_has_a_maximum_length():
    missing = [
        f"{name}.{field}"
        for name, field, texts in input_schemas_text_fields()
        if not all("maxLength" in v or "pattern" in v for v in texts)
    ]
    assert missing == []


@pytest.mark.parametrize(("caption", "message"), [("合影\u202e", "text-direction"), ("合" * 201, "at most 200")])
def test_a_photo_caption_sent_as_a_form_field_is_checked_like_any_text(
    organiser, world, settings, tmp_path, caption, message
):
    settings.MEDIA_ROOT = tmp_path
    activity = _ended(world, organiser)
    response = bearer(organiser).post(
        f"/api/v1/activities/{activity.pk}/photos", {"photos": [png_upload()], "caption": caption}
    )
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["field"], message in error["message"]) == ("caption", True)
    assert not ActivityPhoto.objects.exists()
