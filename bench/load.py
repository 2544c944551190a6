"""`make load`: many simulated people using the real server at once, then a count of what they wrote.

A fresh PostgreSQL database (LOAD_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/linli_load;
it is dropped and created, so its name must contain "load": never point it at a real database) gets the migrations and the demo (`load_demo`), plus what the run needs:
logins for 城南's volunteers, fresh upcoming activities with few places and fresh open wishes, so
that sign-ups and claims contend. bin/serve then serves it (granian, the task worker and the
scheduler) on a free port, and USERS simulated people, each an async HTTP client with a cookie jar
of its own, use it for SECONDS with pauses a person would make:

- anonymous visitors: the home page, the wish wall and a wish, the activity stories, the
  certificate check, the volunteer sign-up page, the public wall API;
- volunteers: log in through the form, their page, upcoming activities, an activity, sign up
  (the form with its CSRF token, or the API with their token) and sometimes cancel, the wall,
  claim a wish, their claims, their notifications;
- community staff: log in, resident search, households, volunteers, activities, wishes, and the
  spreadsheet exports;
- programs: API reads with the staff's and the county admin's tokens.

Printed: per route, the requests, errors and p50/p95 in milliseconds. Then the database is checked
against what the clients saw: the live sign-ups are exactly those the run saw succeed and not
cancelled, no activity has more confirmed sign-ups than places (or a count that disagrees with
its rows), every claim the run saw succeed is there and no wish has two live claims.

The exit status is 1 on any error (a 5xx, a connection error or timeout, an answer the step did
not expect) or any mismatch; latency is reported, never judged, so a busy machine cannot fail it.

    make load                                     200 users for 10 minutes
    make load LOAD_ARGS="--users 20 --seconds 60"  what CI runs
    python bench/load.py --help
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
VAR = ROOT / "var" / "load"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/linli_load"
PASSWORD = "linli-demo-2026"  # registry.demo.DEMO_PASSWORD; the run's volunteer logins get it too
LOAD_USER = "load-volunteer-{:04d}"
LOAD_TITLE = "并发报名测试"
LOAD_WISH = "并发认领测试"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ALERT = re.compile(r'class="alert alert-(\w+)"')
# Who the simulated people are, by weight.
MIX = {"anonymous": 30, "volunteer": 45, "staff": 15, "program": 10}


# --- inside Django: setting up and checking (run as `load.py --django setup|verify`) -----------------


def django_setup(volunteers: int, activities: int, places: int, wishes: int) -> dict:
    """Logins and API tokens for `volunteers` of 城南's volunteers, fresh activities and open wishes."""
    import datetime as dt

    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from accounts.services import issue_api_token
    from activities import services as activity_services
    from activities.models import Activity
    from core.pii import mask_name
    from registry.models import OrgUnit, Resident
    from volunteering.models import Certificate, Volunteer
    from wishes.models import Wish

    chengnan = OrgUnit.objects.get(kind=OrgUnit.Kind.COMMUNITY, name="城南社区")
    staff = User.objects.get(username="staff")
    now, today = timezone.now().replace(microsecond=0), timezone.localdate()
    hashed = make_password(PASSWORD)  # one hash for all: hashing 300 times would take a minute
    with transaction.atomic():
        free = Volunteer.objects.filter(community=chengnan, status=Volunteer.Status.ACTIVE, user__isnull=True)
        logins = []
        for n, volunteer in enumerate(free.order_by("number")[:volunteers], start=1):
            user = User.objects.create(username=LOAD_USER.format(n), display_name=volunteer.name, password=hashed)
            Volunteer.objects.filter(pk=volunteer.pk).update(user=user)
            _row, key = issue_api_token(by=None, user=user, name="load run")
            logins.append({"username": user.username, "token": key})
        tokens = {
            name: issue_api_token(by=None, user=User.objects.get(username=name), name="load run")[1]
            for name in ("staff", "county")
        }
        made = []
        for n in range(activities):
            # A day apart, so that no volunteer's sign-ups clash with each other.
            starts = now + dt.timedelta(days=20 + n, hours=1)
            activity = activity_services.create_activity(
                by=staff,
                community=chengnan,
                title=f"{LOAD_TITLE}{n + 1}",
                kind=Activity.Kind.CUSTOM,
                custom_kind="负载测试",
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=2),
                places=places,
                signup_deadline=starts - dt.timedelta(days=1),
            )
            activity_services.publish_activity(by=staff, activity=activity)
            made.append(activity.pk)
        busy = Wish.objects.filter(status__in=Wish.ACTIVE).values("beneficiary_id")
        residents = (
            Resident.objects.filter(community=chengnan, status=Resident.Status.ACTIVE)
            .exclude(pk__in=busy)
            .order_by("pk")
            .values_list("pk", "name", "household_id", "household__compound_id", "household__grid_group_id")
        )
        Wish.objects.bulk_create(
            Wish(
                county_id=chengnan.county_id,
                community=chengnan,
                compound_id=compound_id,
                household_id=household_id,
                grid_group_id=group_id,
                beneficiary_id=pk,
                masked_name=mask_name(name),
                title=LOAD_WISH,
                category=Wish.Category.GOODS,
                value=50,
                wanted_by=today + dt.timedelta(days=30),
                status=Wish.Status.OPEN,
                via=Wish.Via.STAFF,
                posted_by=staff,
                verified_by=staff,
                verified_at=now,
            )
            for pk, name, household_id, compound_id, group_id in residents[:wishes]
        )
    serial = Certificate.objects.filter(serial__isnull=False).values_list("serial", flat=True).first() or "none"
    residents = list(Resident.objects.filter(community=chengnan).order_by("pk").values_list("name", flat=True)[:200])
    return {
        "community": chengnan.pk,
        "code": chengnan.code,
        "logins": logins,
        "tokens": tokens,
        "activities": made,
        "wishes": list(Wish.objects.filter(title=LOAD_WISH).values_list("pk", flat=True)),
        "serial": serial,
        "terms": sorted({name[:2] for name in residents}),
    }


def django_verify(seen_file: str) -> dict:
    """The database against what the clients saw (a JSON file of `signups` and `claims`)."""
    from django.db.models import Count, Q

    from activities.models import Activity, SignUp
    from wishes.models import Wish, WishClaim

    seen = json.loads(Path(seen_file).read_text())
    live = {SignUp.Status.CONFIRMED, SignUp.Status.WAITLISTED}
    activities = Activity.objects.filter(title__startswith=LOAD_TITLE)
    rows = SignUp.objects.filter(activity__in=activities, volunteer__user__username__startswith="load-volunteer-")
    in_db = {
        f"{u} {a}" for u, a in rows.filter(status__in=live).values_list("volunteer__user__username", "activity_id")
    }
    expected = set(seen["signups"])
    overfilled = [
        a.pk
        for a in activities.annotate(confirmed=Count("signups", filter=Q(signups__status=SignUp.Status.CONFIRMED)))
        if a.confirmed > a.places or a.confirmed != a.confirmed_count
    ]
    twice = rows.filter(status__in=live).values("activity_id", "volunteer_id").annotate(n=Count("pk")).filter(n__gt=1)
    wishes = Wish.objects.filter(title=LOAD_WISH)
    active = WishClaim.objects.filter(wish__in=wishes, status=WishClaim.Status.ACTIVE)
    claims_db = {f"{u} {w}" for u, w in active.values_list("user__username", "wish_id")}
    return {
        "signups_seen": len(expected),
        "signups_in_db": len(in_db),
        "signups_missing": sorted(expected - in_db)[:10],
        "signups_unexpected": sorted(in_db - expected)[:10],
        "overfilled_activities": overfilled,
        "volunteers_twice": twice.count(),
        "claims_seen": len(set(seen["claims"])),
        "claims_in_db": len(claims_db),
        "claims_missing": sorted(set(seen["claims"]) - claims_db)[:10],
        "claims_unexpected": sorted(claims_db - set(seen["claims"]))[:10],
        "wishes_claimed_twice": active.values("wish_id").annotate(n=Count("pk")).filter(n__gt=1).count(),
        "claimed_without_claim": wishes.filter(status=Wish.Status.CLAIMED).exclude(claims__in=active).count(),
    }


def django_main(command: str, args: list[str]) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    out = django_setup(*map(int, args)) if command == "setup" else django_verify(args[0])
    print(json.dumps(out))


# --- outside: the database, the server ---------------------------------------------------------------


def say(text: str) -> None:
    print(text, flush=True)


def env(url: str) -> dict[str, str]:
    return os.environ | {
        "DATABASE_URL": url,
        "LINLI_VAR_DIR": str(VAR),
        "SECRET_KEY": "linli-load-run-key-for-invented-data-only",
        "DEBUG": "false",
        "PYTHONUNBUFFERED": "1",
    }


def django(url: str, *args: str) -> dict:
    done = subprocess.run(
        [PYTHON, __file__, "--django", *args], cwd=ROOT, env=env(url), capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"load.py --django {args[0]} failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def manage(url: str, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env(url), check=True, stdout=subprocess.DEVNULL)


def fresh_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"\w+", name):
        raise SystemExit(f"Give the load run a plain database name, not {name!r}.")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """bin/serve (granian, the task worker, the scheduler) on a free loopback port."""

    def __init__(self, url: str, workers: int):
        self.url, self.workers, self.port = url, workers, free_port()
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        import httpx

        log = (VAR / "server.log").open("w")
        extra = {"HOST": "127.0.0.1", "PORT": str(self.port), "WORKERS": str(self.workers)}
        self.proc = subprocess.Popen(
            [str(ROOT / "bin" / "serve")],
            cwd=ROOT,
            env=env(self.url) | extra,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as a whole, and only it
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"bin/serve exited; see {log.name}")
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/healthz", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.__exit__()
        raise SystemExit("the server did not answer /healthz within 90 s")

    def __exit__(self, *exc: object) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)


# --- the simulated people ----------------------------------------------------------------------------


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    first_errors: list[str] = field(default_factory=list)
    signups: set[str] = field(default_factory=set)  # "username activity_pk" live after the run
    claims: set[str] = field(default_factory=set)  # "username wish_pk"
    outcomes: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def error(self, route: str, problem: str) -> None:
        self.errors[route] += 1
        if len(self.first_errors) < 20:
            self.first_errors.append(f"{route}: {problem}")


def _template(path: str) -> str:
    """The route of a path, its numbers as <pk>: the label its requests are counted under."""
    return re.sub(r"/\d+/", "/<pk>/", path)


class Person:
    def __init__(self, base: str, tally: Tally, setup: dict, rng: random.Random, deadline: float):
        import httpx

        # A generous timeout: a queue on a busy machine is slow, not an error; a dead server still is.
        self.http = httpx.AsyncClient(base_url=base, timeout=httpx.Timeout(300, connect=60), follow_redirects=False)
        self.tally, self.setup, self.rng, self.deadline = tally, setup, rng, deadline

    async def call(self, route: str, method: str, path: str, expect: tuple[int, ...] = (200,), **kw):
        """One request, timed and counted under `route`; None when it failed (counted as an error)."""
        import httpx

        started = time.perf_counter()
        try:
            response = await self.http.request(method, path, **kw)
        except httpx.HTTPError as exc:
            self.tally.error(route, f"{type(exc).__name__} {exc}")
            return None
        self.tally.latencies[route].append((time.perf_counter() - started) * 1000)
        if response.status_code not in expect:
            self.tally.error(route, f"HTTP {response.status_code} for {method} {path}")
            return None
        return response

    async def pause(self) -> None:
        await asyncio.sleep(self.rng.uniform(0.5, 3.0))  # reading the page

    async def form(self, route: str, path: str, page: str, data: dict, expect=(302,)):
        """Open `page` for its CSRF token, then post the form to `path`."""
        response = await self.call(f"GET {_template(page)} (the form)", "GET", page)
        token = response and CSRF.search(response.text)
        if not token:
            if response is not None:
                self.tally.error(route, f"no CSRF token on {page}")
            return None
        return await self.call(route, "POST", path, expect, data={"csrfmiddlewaretoken": token[1], **data})

    async def login(self, username: str) -> bool:
        done = await self.form(
            "POST /accounts/login/",
            "/accounts/login/",
            "/accounts/login/",
            {"username": username, "password": PASSWORD},
        )
        return done is not None

    async def run(self) -> None:
        try:
            while time.monotonic() < self.deadline:
                await self.visit()
        finally:
            await self.http.aclose()

    async def visit(self) -> None:
        raise NotImplementedError


class Anonymous(Person):
    async def visit(self) -> None:
        s, rng = self.setup, self.rng
        community = s["community"]
        steps = [
            ("GET /api/v1/volunteering/verify/<serial>", f"/api/v1/volunteering/verify/{s['serial']}"),
            ("GET /wishes/wall/<community>/", f"/wishes/wall/{community}/"),
            ("GET /wishes/wall/wish/<pk>/", f"/wishes/wall/wish/{rng.choice(s['wishes'])}/"),
            ("GET /activities/stories/<community>/", f"/activities/stories/{community}/"),
            ("GET /volunteering/verify/<serial>/", f"/volunteering/verify/{s['serial']}/"),
            ("GET /volunteering/join/<code>/", f"/volunteering/join/{s['code']}/"),
            ("GET /api/v1/wishes/wall/<community>", f"/api/v1/wishes/wall/{community}"),
            ("GET /accounts/login/", "/accounts/login/"),
        ]
        for route, path in rng.sample(steps, 3):
            await self.call(route, "GET", path)
            await self.pause()


class Volunteer(Person):
    def __init__(self, *args, login: dict, **kw):
        super().__init__(*args, **kw)
        self.username, self.token, self.logged_in = login["username"], login["token"], False
        self.mine: set[int] = set()  # activities this volunteer is signed up for

    async def visit(self) -> None:
        s, rng = self.setup, self.rng
        if not self.logged_in:
            self.logged_in = await self.login(self.username)
            if not self.logged_in:
                await self.pause()
                return
        await self.call("GET /volunteering/me/", "GET", "/volunteering/me/")
        await self.pause()
        await self.call("GET /activities/upcoming/", "GET", "/activities/upcoming/")
        await self.pause()
        choice = rng.random()
        if choice < 0.45:
            await self.sign_up(rng.choice(s["activities"]))
        elif choice < 0.55 and self.mine:
            await self.cancel(rng.choice(sorted(self.mine)))
        elif choice < 0.8:
            await self.claim(rng.choice(s["wishes"]))
        else:
            await self.call("GET /notifications/", "GET", "/notifications/")
        await self.pause()
        await self.call("GET /wishes/claims/mine/", "GET", "/wishes/claims/mine/")
        await self.pause()

    async def sign_up(self, pk: int) -> None:
        if self.rng.random() < 0.3:  # through the API, as the app would
            response = await self.call(
                "POST /api/v1/activities/<pk>/signups",
                "POST",
                f"/api/v1/activities/{pk}/signups",
                (201, 409, 422),
                json={},
                headers={"Authorization": f"Bearer {self.token}"},
            )
            if response is not None:
                self.tally.outcomes[f"api sign-up {response.status_code}"] += 1
                if response.status_code == 201:
                    self.signed(pk)
            return
        page = f"/activities/{pk}/"
        response = await self.form("POST /activities/<pk>/sign-up/", f"{page}sign-up/", page, {})
        if response is None:
            return
        # The answer is a redirect back to the activity, whose message says what happened.
        after = await self.call("GET /activities/<pk>/", "GET", page)
        alert = after and ALERT.search(after.text)
        if alert is None:
            if after is not None:
                self.tally.error("POST /activities/<pk>/sign-up/", "no message after signing up")
            return
        self.tally.outcomes[f"form sign-up {alert[1]}"] += 1
        if alert[1] in ("success", "info"):
            self.signed(pk)

    def signed(self, pk: int) -> None:
        self.mine.add(pk)
        self.tally.signups.add(f"{self.username} {pk}")

    async def cancel(self, pk: int) -> None:
        page = f"/activities/{pk}/sign-up/cancel/"
        response = await self.form("POST /activities/<pk>/sign-up/cancel/", page, page, {})
        if response is None:
            return
        after = await self.call("GET /activities/<pk>/", "GET", f"/activities/{pk}/")
        alert = after and ALERT.search(after.text)
        if alert and alert[1] == "success":
            self.mine.discard(pk)
            self.tally.signups.discard(f"{self.username} {pk}")
            self.tally.outcomes["form cancel success"] += 1
        elif after is not None:
            self.tally.error("POST /activities/<pk>/sign-up/cancel/", "the cancellation did not say it succeeded")

    async def claim(self, pk: int) -> None:
        response = await self.form(
            "POST /wishes/<pk>/claim/", f"/wishes/{pk}/claim/", f"/wishes/wall/wish/{pk}/", {}, expect=(302, 400)
        )
        if response is None:
            return
        if response.status_code == 302 and response.headers.get("Location", "").endswith("/wishes/claims/mine/"):
            self.tally.claims.add(f"{self.username} {pk}")
            self.tally.outcomes["claim taken"] += 1
        else:
            self.tally.outcomes[f"claim refused {response.status_code}"] += 1


class Staff(Person):
    logged_in = False

    async def visit(self) -> None:
        s, rng = self.setup, self.rng
        if not self.logged_in:
            self.logged_in = await self.login("staff")
            if not self.logged_in:
                await self.pause()
                return
        term = urllib.parse.quote(rng.choice(s["terms"]))
        steps = [
            ("GET /registry/residents/?q=", f"/registry/residents/?q={term}"),
            ("GET /registry/search/?q=", f"/registry/search/?q={term}"),
            ("GET /registry/households/", "/registry/households/"),
            ("GET /volunteering/volunteers/", "/volunteering/volunteers/"),
            ("GET /activities/", "/activities/"),
            ("GET /activities/<pk>/", f"/activities/{rng.choice(s['activities'])}/"),
            ("GET /wishes/", "/wishes/"),
            ("GET /volunteering/records/", "/volunteering/records/"),
        ]
        for route, path in rng.sample(steps, 4):
            await self.call(route, "GET", path)
            await self.pause()
        if rng.random() < 0.1:
            route, path = rng.choice(
                [
                    ("GET /registry/export/residents.xlsx", "/registry/export/residents.xlsx"),
                    ("GET /volunteering/data/ledger.xlsx", "/volunteering/data/ledger.xlsx"),
                    ("GET /wishes/ledger.xlsx", "/wishes/ledger.xlsx"),
                ]
            )
            await self.call(route, "GET", path, (200, 302))
            await self.pause()


class Program(Person):
    async def visit(self) -> None:
        s, rng = self.setup, self.rng
        who = rng.choice(["staff", "county"])
        headers = {"Authorization": f"Bearer {s['tokens'][who]}"}
        term = urllib.parse.quote(rng.choice(s["terms"]))
        steps = [
            ("GET /api/v1/registry/residents", "/api/v1/registry/residents"),
            ("GET /api/v1/registry/search?q=", f"/api/v1/registry/search?q={term}"),
            ("GET /api/v1/registry/households", "/api/v1/registry/households"),
            ("GET /api/v1/volunteering/volunteers", "/api/v1/volunteering/volunteers"),
            ("GET /api/v1/activities/", "/api/v1/activities/"),
            ("GET /api/v1/wishes/", "/api/v1/wishes/"),
        ]
        if who == "staff":  # the county admin reads, but does not see who signed up for what
            steps.append(
                ("GET /api/v1/activities/<pk>/signups", f"/api/v1/activities/{rng.choice(s['activities'])}/signups")
            )
        for route, path in rng.sample(steps, 3):
            await self.call(route, "GET", path, headers=headers)
            await asyncio.sleep(rng.uniform(0.2, 1.0))


async def simulate(base: str, setup: dict, users: int, seconds: float, seed: int) -> Tally:
    tally = Tally()
    rng = random.Random(seed)
    deadline = time.monotonic() + seconds
    kinds = rng.choices(list(MIX), weights=list(MIX.values()), k=users)
    logins = iter(setup["logins"])
    people: list[Person] = []
    for n, kind in enumerate(kinds):
        own = random.Random(seed * 1000 + n)
        if kind == "volunteer" and (login := next(logins, None)):
            people.append(Volunteer(base, tally, setup, own, deadline, login=login))
        else:
            cls = {"anonymous": Anonymous, "staff": Staff, "program": Program, "volunteer": Anonymous}[kind]
            people.append(cls(base, tally, setup, own, deadline))

    async def start(person: Person, delay: float) -> None:
        await asyncio.sleep(delay)  # arrivals spread over the first seconds, not one burst
        await person.run()

    ramp = min(30.0, seconds / 4)
    await asyncio.gather(*(start(p, ramp * n / max(users, 1)) for n, p in enumerate(people)))
    return tally


# --- the report --------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def report(tally: Tally, seconds: float) -> tuple[list[str], int, int]:
    routes = sorted(set(tally.latencies) | set(tally.errors))
    lines = ["| route | requests | errors | p50 ms | p95 ms |", "| --- | ---: | ---: | ---: | ---: |"]
    total = errors = 0
    everything: list[float] = []
    for route in routes:
        times = tally.latencies.get(route, [])
        total += len(times) + tally.errors.get(route, 0)
        errors += tally.errors.get(route, 0)
        everything += times
        lines.append(
            f"| `{route}` | {len(times):,} | {tally.errors.get(route, 0)} "
            f"| {percentile(times, 50):.0f} | {percentile(times, 95):.0f} |"
        )
    lines.append(
        f"| all | {total:,} | {errors} | {percentile(everything, 50):.0f} | {percentile(everything, 95):.0f} |"
    )
    lines.append("")
    lines.append(f"{total:,} requests in {seconds:.0f} s: {total / seconds:.1f} per second.")
    lines.append(
        f"Machine: {os.cpu_count()} CPUs, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} at the end."
    )
    return lines, total, errors


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--django":
        django_main(sys.argv[2], sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200, help="simulated people at once (default 200)")
    parser.add_argument("--seconds", type=float, default=600, help="how long they keep at it (default 600)")
    parser.add_argument("--workers", type=int, default=2, help="granian workers (bin/serve's WORKERS, default 2)")
    parser.add_argument("--activities", type=int, default=20, help="fresh activities to sign up for (default 20)")
    parser.add_argument("--places", type=int, default=8, help="places of each (default 8: most fill up)")
    parser.add_argument("--wishes", type=int, default=150, help="fresh open wishes to claim (default 150)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    url = os.environ.get("LOAD_DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        raise SystemExit("The load run needs PostgreSQL: set LOAD_DATABASE_URL=postgres://...")
    if "load" not in urllib.parse.urlsplit(url).path:
        raise SystemExit("The load run drops and recreates its database: give it one whose name contains 'load'.")
    VAR.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    say(f"== a fresh database at {url.rsplit('@', 1)[-1]}: migrate, load_demo")
    fresh_database(url)
    manage(url, "migrate", "--noinput")
    manage(url, "load_demo")
    volunteers = max(1, int(args.users * MIX["volunteer"] / sum(MIX.values()) * 1.5) + 10)
    setup = django(url, "setup", str(volunteers), str(args.activities), str(args.places), str(args.wishes))
    say(
        f"== {len(setup['logins'])} volunteer logins, {len(setup['activities'])} activities of {args.places} places,"
        f" {len(setup['wishes'])} open wishes (ready in {time.monotonic() - started:.0f} s)"
    )
    with Server(url, args.workers) as server:
        say(f"== {args.users} users for {args.seconds:.0f} s against bin/serve on port {server.port}")
        began = time.monotonic()
        tally = asyncio.run(simulate(f"http://127.0.0.1:{server.port}", setup, args.users, args.seconds, args.seed))
        wall = time.monotonic() - began
    seen = VAR / "seen.json"
    seen.write_text(json.dumps({"signups": sorted(tally.signups), "claims": sorted(tally.claims)}))
    found = django(url, "verify", str(seen))
    lines, total, errors = report(tally, wall)
    say("\n".join(lines))
    say("outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(tally.outcomes.items())))
    say("reconciliation: " + json.dumps(found, ensure_ascii=False))
    mismatches = [
        found["signups_missing"],
        found["signups_unexpected"],
        found["overfilled_activities"],
        found["claims_missing"],
        found["claims_unexpected"],
    ]
    bad = (
        any(mismatches) or found["volunteers_twice"] or found["wishes_claimed_twice"] or found["claimed_without_claim"]
    )
    (VAR / "result.json").write_text(
        json.dumps(
            {"users": args.users, "seconds": round(wall), "requests": total, "errors": errors, **found}, indent=2
        )
    )
    for problem in tally.first_errors:
        say(f"error: {problem}")
    if errors or bad:
        say(f"FAILED: {errors} errors" + (", and the database disagrees with what the clients saw" if bad else ""))
        sys.exit(1)
    say(f"OK: no errors, the database agrees with the clients ({time.monotonic() - started:.0f} s in all).")


if __name__ == "__main__":
    main()
