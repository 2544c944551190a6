import pytest
from django.test import override_settings


@pytest.mark.default_language
def test_not_found_is_a_page_of_the_site_in_chinese(login, staff_a):
    page = login(staff_a).get("/no-such-page/")
    assert page.status_code == 404
    html = page.content.decode()
    assert 'lang="zh-hans"' in html.lower() and "这个页面不存在" in html and 'href="/"' in html


@pytest.mark.default_language
def test_forbidden_says_why(login, county_admin):
    page = login(county_admin).get("/wishes/new/")
    assert page.status_code == 403
    assert "返回首页" in page.content.decode()


@override_settings(DEBUG=False)
def test_the_server_error_page_needs_nothing_from_the_request():
    from django.template.loader import get_template

    html = get_template("500.html").render({})
    assert "出错了" in html and "Something went wrong" in html
