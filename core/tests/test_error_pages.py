import pytest
from django.test import override_settings
from django.urls import path


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


def _boom(request):
    raise RuntimeError("boom")


# This module is the URL conf of the test below: one view that fails.
urlpatterns = [path("boom/", _boom)]
handler500 = "core.errors.server_error"


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_the_server_error_page_keeps_its_own_styles(client):
    """The page's inline styles would be dropped by the site's CSP: it is served without one."""
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert "Content-Security-Policy" not in response.headers


def test_no_template_of_the_site_uses_inline_styles_the_csp_would_drop():
    from pathlib import Path

    from django.conf import settings

    offenders = [
        str(path.relative_to(settings.BASE_DIR))
        for path in Path(settings.BASE_DIR).glob("**/templates/**/*.html")
        if ".venv" not in path.parts and path.name != "500.html" and 'style="' in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
