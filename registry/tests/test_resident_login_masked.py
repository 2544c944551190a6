from django.urls import reverse

from accounts.services import create_account


def test_a_residents_login_is_named_by_its_username_never_by_their_phone(world, staff_a, login):
    create_account(by=None, username="hxq", display_name=world.head1.name, phone="13805931234", resident=world.head1)
    html = login(staff_a).get(reverse("registry:resident-detail", args=[world.head1.pk])).content.decode()
    assert "This resident logs in as hxq." in html
    assert "13805931234" not in html
