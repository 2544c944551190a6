from html.parser import HTMLParser

from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.services import create_account
from core import pii
from core.roles import Role
from registry.testing import make_id
from volunteering.models import Skill, TeamMembership, Volunteer

PASSWORD = "a-long-passphrase-7"


def join_url(community):
    return reverse("volunteering:join", args=[community.code])


def sign_up_data(vworld, **kw):
    data = {
        "name": "郑报名",
        "phone": "13911112222",
        "id_type": "resident_id",
        "id_number": make_id(),
        "skills": [Skill.objects.get(code="first-aid", community=None).pk],
        "qualifications": "护士执业证",
        "availability": "周末上午",
        "political_status": "league_member",
        "teams": [vworld.patrol.pk],
        "password": PASSWORD,
    }
    return data | kw


def test_the_sign_up_page_is_public_and_offers_the_community_teams(vworld, world, client):
    response = client.get(join_url(world.a))
    assert response.status_code == 200
    html = response.content.decode()
    assert "治安巡逻队" in html and "青年志愿服务队" in html
    assert "城北巡逻队" not in html
    assert "first aid" in html  # built-in skills, in the page's language
    assert 'name="password"' in html


def test_an_unknown_code_or_a_code_that_is_not_a_community_is_404(vworld, world, client):
    assert client.get(reverse("volunteering:join", args=["NOPE"])).status_code == 404
    assert client.get(reverse("volunteering:join", args=[world.town.code])).status_code == 404


def test_sign_up_creates_a_pending_volunteer_and_a_login(vworld, world, client):
    response = client.post(join_url(world.a), sign_up_data(vworld))
    assert response.status_code == 302
    assert response["Location"] == reverse("volunteering:join-thanks", args=[world.a.code])
    volunteer = Volunteer.objects.get(name="郑报名")
    assert volunteer.status == Volunteer.Status.PENDING
    # They log in with their phone, which is kept only encrypted; the username is not the phone.
    assert volunteer.user.phone_masked == "139****2222" and "13911112222" not in volunteer.user.username
    assert pii.decrypt(volunteer.user.phone_enc) == "13911112222"
    assert volunteer.user.check_password(PASSWORD) and not volunteer.user.must_change_password
    assert volunteer.team_memberships.get().status == TeamMembership.Status.REQUESTED
    assert [s.code for s in volunteer.skills.all()] == ["first-aid"]
    # A shared phone at a community event must not stay logged in as the applicant.
    assert "_auth_user_id" not in client.session
    thanks = client.get(response["Location"]).content.decode()
    assert "will review your registration" in thanks


def test_refusals_are_shown_by_field_all_at_once_and_nothing_is_lost(vworld, world, client):
    data = sign_up_data(vworld, id_number="350926199001011234", password="123")
    response = client.post(join_url(world.a), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"id_number", "password"}
    html = response.content.decode()
    assert 'value="郑报名"' in html and 'value="周末上午"' in html and 'value="13911112222"' in html
    assert not Volunteer.objects.filter(name="郑报名").exists()
    assert not User.objects.filter(phone_hash=pii.keyed_hash("13911112222")).exists()


def test_a_phone_with_an_account_is_answered_like_any_other_and_the_account_is_untouched(vworld, world, client):
    """Refusing would tell anyone which numbers have a login: the sign-up waits for staff without a
    new login, and the existing account keeps its password and gets no volunteer it did not ask for."""
    existing, _password = create_account(
        by=None, username="zheng", display_name="郑", password=PASSWORD, phone="13911112222"
    )
    fresh = client.post(join_url(world.a), sign_up_data(vworld, name="郑新", phone="13911113333"))
    taken = client.post(join_url(world.a), sign_up_data(vworld, password="another-passphrase-9"))
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
    volunteer = Volunteer.objects.get(name="郑报名")
    assert volunteer.status == Volunteer.Status.PENDING and volunteer.user is None
    assert User.objects.filter(phone_hash=pii.keyed_hash("13911112222")).get() == existing
    existing.refresh_from_db()
    assert existing.check_password(PASSWORD) and not Volunteer.objects.filter(user=existing).exists()


def test_a_landline_cannot_be_a_login(vworld, world, client):
    response = client.post(join_url(world.a), sign_up_data(vworld, phone="0593-1234567"))
    assert "phone" in response.context["form"].errors


def test_a_logged_in_user_signs_up_with_their_account(vworld, world, resident_user, login):
    client = login(resident_user)
    page = client.get(join_url(world.a)).content.decode()
    assert 'name="password"' not in page
    data = sign_up_data(vworld)
    del data["password"]
    assert client.post(join_url(world.a), data).status_code == 302
    assert Volunteer.objects.get(name="郑报名").user == resident_user


def test_someone_already_signed_up_is_sent_to_their_page(vworld, world, volunteer, login):
    response = login(volunteer).get(join_url(world.a))
    assert response.status_code == 302 and response["Location"] == reverse("volunteering:my-page")


def test_sign_ups_from_one_address_are_throttled(vworld, world, client, settings):
    settings.VOLUNTEER_SIGNUP_ADDRESS_LIMIT = 1  # the loose ceiling against floods, made tight here
    assert client.post(join_url(world.a), sign_up_data(vworld)).status_code == 302
    response = client.post(join_url(world.a), sign_up_data(vworld, name="第二人", phone="13911113333"))
    assert response.status_code == 200
    assert "Too many sign-ups" in response.content.decode()
    assert not Volunteer.objects.filter(name="第二人").exists()


def test_sign_up_keeps_csrf_protection(vworld, world):
    client = Client(enforce_csrf_checks=True)
    assert client.post(join_url(world.a), sign_up_data(vworld)).status_code == 403
    page = client.get(join_url(world.a))
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()


def test_sign_up_then_approval_then_the_volunteer_logs_in_and_sees_their_page(vworld, world, staff_a, client):
    client.post(join_url(world.a), sign_up_data(vworld))
    volunteer = Volunteer.objects.get(name="郑报名")
    # Before approval the applicant sees that they wait.
    assert client.login(username="13911112222", password=PASSWORD)
    assert "waiting for approval" in client.get(reverse("volunteering:my-page")).content.decode()
    client.logout()

    client.force_login(staff_a)
    client.post(reverse("volunteering:volunteer-decide", args=[volunteer.pk]), {"decision": "approve"})
    client.logout()

    assert client.login(username="13911112222", password=PASSWORD)
    response = client.get(reverse("volunteering:my-page"))
    html = response.content.decode()
    assert response.context["figures"].recorded_hours == 0
    assert volunteer.number in html and "My service hours" in html
    assert volunteer.user.memberships.filter(role=Role.VOLUNTEER).exists()
    # The menu now offers the volunteer their page.
    assert reverse("volunteering:my-page") in html


class _Inputs(HTMLParser):
    """Collect the ids of visible inputs and the `for` of labels on a page."""

    def __init__(self):
        super().__init__()
        self.inputs, self.labels = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
            self.inputs.append(attrs.get("id"))
        if tag == "label":
            self.labels.add(attrs.get("for"))


def test_every_input_of_the_sign_up_page_has_a_label(vworld, world, client):
    parser = _Inputs()
    parser.feed(client.get(join_url(world.a)).content.decode())
    assert len(parser.inputs) > 10
    assert all(input_id and input_id in parser.labels for input_id in parser.inputs)
