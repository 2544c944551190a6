"""Journey: an elderly resident without a phone gets a login from the staff and posts a wish.

Staff make the login on the resident's page; the resident logs in with the one-time password,
must choose their own, posts a wish for themselves; staff verify it and it goes on the wall
under a masked name. It ends with the data: one login, linked, no phone, the resident role on
their household only, the wish theirs, nothing of theirs on the public wall.
"""

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.models import AuditEvent
from core.roles import Role
from wishes.models import Wish

NEW_PASSWORD = "chunhua-qiushi-77"


def test_a_resident_without_a_phone_logs_in_and_posts_a_wish(client, staff_a, world):
    resident = world.resident2  # 曾小明: no phone on record
    assert not resident.phone_hash
    staff = Client()
    staff.force_login(staff_a)

    # Staff give the login from the resident's page; the password is shown once.
    response = staff.post(reverse("registry:resident-account", args=[resident.pk]), {"username": "zengxm01"})
    assert response.status_code == 200
    one_time = response.context["password"]
    assert one_time and one_time in response.content.decode()

    # The resident logs in with it and must choose a password of their own before anything else.
    response = client.post(reverse("accounts:login"), {"username": "zengxm01", "password": one_time})
    assert response.status_code == 302
    response = client.get(reverse("wishes:wish-create"))
    assert response.status_code == 302 and reverse("accounts:password-change") in response["Location"]
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": one_time, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302

    # Their own wish, for themselves.
    response = client.post(
        reverse("wishes:wish-create"),
        {
            "beneficiary": resident.pk,
            "title": "一副老花镜",
            "category": Wish.Category.GOODS,
            "value": 60,
            "reason": "看报纸看不清字",
            "wanted_by": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    wish = Wish.objects.get(title="一副老花镜")
    # Another household's page is not theirs to read: it answers as if it did not exist.
    assert client.get(reverse("registry:household-detail", args=[world.household1.pk])).status_code == 404

    # Staff verify it; the wall shows it under the masked name only.
    assert staff.post(reverse("wishes:wish-approve", args=[wish.pk])).status_code == 302
    wall = Client().get(reverse("wishes:wall", args=[world.a.pk])).content.decode()
    assert "一副老花镜" in wall
    assert "曾小明" not in wall and "曾**" in wall

    # The data: one login, linked to the resident, no phone, the resident role on their household.
    user = User.objects.get(username="zengxm01")
    assert user.resident_id == resident.pk
    assert not user.phone_enc and not user.phone_hash
    assert not user.must_change_password
    assert user.check_password(NEW_PASSWORD)
    roles = list(user.memberships.values_list("role", "household_id"))
    assert roles == [(Role.RESIDENT, resident.household_id)]
    wish.refresh_from_db()
    assert (wish.beneficiary_id, wish.status) == (resident.pk, Wish.Status.OPEN)
    assert AuditEvent.objects.filter(object_type="accounts.user", object_id=str(user.pk)).exists()
