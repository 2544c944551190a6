"""Print the demo logins, in English and Chinese, with the address to open: bin/serve calls it."""

import unicodedata

from django.core.management.base import BaseCommand
from django.utils import translation

from accounts.models import User
from core.roles import Role
from registry.demo import DEMO_PASSWORD, LOGINS


def width(text: str) -> int:
    """Columns a terminal gives the text: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


class Command(BaseCommand):
    help = "Print the demo logins (role, username, password, what they see) and the address to open."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="The address the server listens on.")

    def handle(self, *args, url: str, **options):
        url = url.rstrip("/") + "/"
        users = {u.username: u for u in User.objects.filter(username__in=[login.username for login in LOGINS])}
        # Only logins that still open with the demo password: a changed password is not printed.
        rows = [
            login for login in LOGINS if login.username in users and users[login.username].check_password(DEMO_PASSWORD)
        ]
        if not rows:
            self.stdout.write(f"Linli: open {url} (this database has no demo logins).")
            return
        with translation.override("en"):
            roles = {login.username: f"{Role(login.role).label} {login.role_zh}" for login in rows}
        role_width = max(width(r) for r in roles.values()) + 2
        user_width = max(len(login.username) for login in rows) + 2
        pass_width = len(DEMO_PASSWORD) + 2
        out = self.stdout.write
        out(f"Linli demo: open {url} and log in as one of these.")
        out(f"邻里演示：打开 {url} ，用下列账号登录。演示密码仅用于演示数据，切勿用于正式部署。")
        out("")
        out(
            pad("role 角色", role_width)
            + pad("username", user_width)
            + pad("password", pass_width)
            + "what they see 可见范围"
        )
        out("-" * (role_width + user_width + pass_width + 60))
        for login in rows:
            out(
                pad(roles[login.username], role_width)
                + pad(login.username, user_width)
                + pad(DEMO_PASSWORD, pass_width)
                + login.sees_en
            )
            out(" " * (role_width + user_width + pass_width) + login.sees_zh)
        out("")
