import pytest
from django.urls import reverse


@pytest.mark.default_language
def test_pages_are_chinese_by_default(client, world):
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="zh-hans">' in page
    assert "登录邻里" in page


@pytest.mark.default_language
def test_english_is_chosen_with_the_language_switch(client, world):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in page
    assert "Log in to Linli" in page


@pytest.mark.default_language
def test_service_errors_are_translated(login, staff_a, world):
    response = login(staff_a).post(
        reverse("registry:resident-validate") + f"?household={world.household1.pk}",
        {"name": "x", "id_number": "110105194912310021", "relation": "other"},
    )
    assert "校验位" in response.content.decode()
