from conftest import PASSWORD
from tests.browser.conftest import axe_violations, log_in


def test_login_page_is_chinese_by_default_and_accessible(page, world):
    page.goto("/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.get_by_role("heading", name="登录邻里").is_visible()
    assert axe_violations(page) == []


def test_log_in_and_switch_to_english(page, staff_a):
    log_in(page, "staff_a", PASSWORD)
    assert page.get_by_role("heading", name="欢迎，staff_a").is_visible()
    page.get_by_label("语言").select_option("en")
    page.get_by_test_id("language-submit").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Welcome, staff_a").is_visible()
    assert axe_violations(page) == []


def test_text_scales_with_the_browser_setting(page, world):
    # Elderly users enlarge text: at 200% nothing of the login form may overflow the page.
    page.goto("/accounts/login/")
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280
    assert page.get_by_role("button", name="登录").is_visible()


def test_keyboard_reaches_the_login_button(page, world):
    page.goto("/accounts/login/")
    for _ in range(12):
        page.keyboard.press("Tab")
        if (
            page.evaluate("document.activeElement.type") == "submit"
            and page.evaluate("document.activeElement.textContent").strip() == "登录"
        ):
            break
    else:
        raise AssertionError("the login button cannot be reached with Tab")
