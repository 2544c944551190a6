import pytest
from django.urls import reverse


@pytest.mark.default_language
def test_things_are_named_with_mingcheng_and_people_with_xingming(login, world, staff_a):
    client = login(staff_a)
    tags = client.get(reverse("registry:tag-list", args=[world.a.pk])).content.decode()
    assert ">名称</th>" in tags and ">姓名</th>" not in tags
    household = client.get(reverse("registry:household-detail", args=[world.household1.pk])).content.decode()
    assert ">姓名</th>" in household
