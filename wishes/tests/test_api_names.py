"""The API names people as the pages do: by name, else by their phone masked, never in full."""

from accounts.services import create_account, grant_role
from core.roles import Role
from registry.tests.test_api_helpers import bearer
from wishes.testing import make_wish
from wishes.tests.test_api_wishes import get


def test_the_history_names_a_nameless_phone_login_masked(world, staff_a):
    clerk, _password = create_account(by=None, username="clerk", display_name="", phone="13911112222")
    grant_role(by=None, user=clerk, role=Role.COMMUNITY_STAFF, org_unit=world.a)
    wish = make_wish(world.head1, by=clerk)
    detail = get(bearer(staff_a), f"/{wish.pk}").json()
    assert detail["history"][0]["by"] == "139****2222"
    assert "13911112222" not in str(detail)


def test_a_delivery_keeps_the_deliverers_name_not_their_login(world, staff_a, partner_contact):
    from wishes import services

    wish = make_wish(world.head1, by=staff_a)
    services.claim_wish(by=partner_contact, wish=wish)
    clerk, _password = create_account(by=None, username="clerk", display_name="周工作", phone="13911112222")
    grant_role(by=None, user=clerk, role=Role.COMMUNITY_STAFF, org_unit=world.a)
    services.record_delivery(by=clerk, wish=wish)
    wish.refresh_from_db()
    assert wish.deliverer_name == "周工作"
