from django.urls import reverse

from accounts.services import create_account


def test_a_phone_used_as_a_residents_login_is_masked_like_the_phone(world, staff_a, login):
    create_account(by=None, username="13805931234", display_name=world.head1.name, resident=world.head1)
    html = login(staff_a).get(reverse("registry:resident-detail", args=[world.head1.pk])).content.decode()
    assert "This resident logs in as 138****1234." in html
    assert "13805931234" not in html
