"""`make bench`: the registry, volunteering and activities at county scale (100 communities,
~300,000 residents, ~30,000 volunteers, ~2,000,000 service records, ~50,000 activities with
~1,000,000 sign-ups).

For SQLite and for PostgreSQL in turn: build the `county` demo preset once (kept under var/bench/
and in the database linli_bench, reused by later runs), serve it with granian as bin/serve does,
and measure over HTTP on the loopback with a bounded number of requests from a few threads:
resident search (Chinese name prefix, pinyin initials, full pinyin, phone last 4) as community
staff and as the county admin, the household list, a volunteer's own page, team and community
leaderboards for a year, the demo volunteer's upcoming activities (with skill matching), activity
pages, and the plain /hello view as the framework's own limit. A community's hours total for a
year, which no page shows yet, is timed in-process. Sign-up throughput: 50 concurrent clients,
each with the sessions of its own volunteers, post sign-ups for a fresh activity (500 places
for 600 volunteers), and the database is checked for over-booking. The wish wall: a community's
and a compound's wall pages, the county's wall of 10,000 open wishes through the API (first and
deep pages, by category); claim throughput: 50 concurrent claimants post claims for 300 fresh
wishes, each client in its own random order, and the database is checked for double claims.
Then time a 50,000-row roster import on a scratch copy of the database.

    make bench                                  both databases, full run
    make bench BENCH_ARGS="--quick"             fewer requests, a 10,000-row import
    make bench BENCH_ARGS="--sqlite-only"       or --pg-only, --rebuild, --no-import, --help
    make bench BENCH_ARGS="--volunteering-only" hello and the volunteering figures alone
    make bench BENCH_ARGS="--activities-only"   hello, the activities figures and the sign-up run
    make bench BENCH_ARGS="--wishes-only"       hello, the wish wall figures and the claim run

Results are printed and written to bench/results/latest.json; docs/PERFORMANCE.md explains them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import random
import re
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results" / "latest.json"
PYTHON = sys.executable
GRANIAN = str(Path(sys.executable).parent / "granian")
# A fixed key so a database built by an earlier run keeps matching its PII hashes. The data is invented.
SECRET_KEY = "linli-bench-fixed-key-for-invented-data-only"
PASSWORD = "linli-demo-2026"  # registry.demo.DEMO_PASSWORD: the county preset includes the demo logins
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/linli_bench")
COMMUNITIES = 100
SERVER_WORKERS = 2  # as bin/serve
USERS = {"staff": "community staff of 城南社区", "county": "county admin of 柘荣县 (100 communities)"}


def say(text: str) -> None:
    print(text, flush=True)


@dataclass
class Backend:
    name: str  # "sqlite" or "postgres"
    url: str

    @property
    def label(self) -> str:
        return {"sqlite": "SQLite", "postgres": "PostgreSQL"}[self.name]

    def env(self, url: str | None = None) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DATABASE_URL=url or self.url,
            SECRET_KEY=SECRET_KEY,
            LINLI_VAR_DIR=str(BENCH_DIR / f"{self.name}-var"),
            DEBUG="false",
            LOG_LEVEL="ERROR",
        )
        return env


# --- running Django beside the benchmark ------------------------------------------------------------


def django(backend: Backend, *args: str, url: str | None = None, timeout: float = 900) -> dict:
    """Run bench/django_side.py against the backend; its last output line is JSON."""
    proc = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "django_side.py"), *args],
        cwd=ROOT,
        env=backend.env(url),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"django_side {' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def manage(backend: Backend, *args: str, echo: bool = False, timeout: float = 1500) -> None:
    cmd = [PYTHON, str(ROOT / "manage.py"), *args]
    if echo:
        subprocess.run(cmd, cwd=ROOT, env=backend.env(), timeout=timeout, check=True)
    else:
        subprocess.run(cmd, cwd=ROOT, env=backend.env(), timeout=timeout, check=True, capture_output=True)


def pg_admin(url: str):
    import psycopg

    parts = urllib.parse.urlsplit(url)
    return psycopg.connect(parts._replace(path="/postgres").geturl(), connect_timeout=3, autocommit=True)


def pg_database(url: str) -> str:
    return urllib.parse.urlsplit(url).path.lstrip("/")


def pg_reachable(url: str) -> str | None:
    """None when PostgreSQL answers (the bench database is created if missing), else why not."""
    try:
        import psycopg
        from psycopg import sql
    except ImportError:
        return "psycopg is not installed"
    try:
        with pg_admin(url) as conn:
            name = pg_database(url)
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0]
    return None


def reset_database(backend: Backend) -> None:
    if backend.name == "sqlite":
        path = Path(urllib.parse.urlsplit(backend.url).path)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    from psycopg import sql

    with pg_admin(backend.url) as conn:
        name = sql.Identifier(pg_database(backend.url))
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def ensure_built(backend: Backend, *, rebuild: bool) -> dict:
    """The county preset in the backend's database: reused when complete, else built from scratch."""
    marker = BENCH_DIR / f"{backend.name}.built.json"
    if not rebuild and marker.exists():
        manage(backend, "migrate", "--noinput")  # the schema may have moved on since the build
        state = django(backend, "status")
        complete = state["communities"] == COMMUNITIES and state["logins"] == ["county", "staff"]
        # A database built before the preset had volunteering or activities is built again.
        if complete and state.get("volunteers") and state.get("service_records") and state.get("sign_ups"):
            info = json.loads(marker.read_text())
            say(f"  reusing the county preset built {info['built_at']} ({state['residents']:,} residents)")
            return {**info, "reused": True}
    say(f"  building the county preset on {backend.label} (once; later runs reuse it)...")
    reset_database(backend)
    manage(backend, "migrate", "--noinput")
    started = time.monotonic()
    manage(backend, "load_demo", "--preset", "county", echo=True)
    seconds = time.monotonic() - started
    if backend.name == "postgres":
        # load_demo has analysed; VACUUM sets the visibility map, as autovacuum would within minutes.
        import psycopg

        with psycopg.connect(backend.url, autocommit=True) as conn:
            conn.execute("VACUUM")
    info = {"seconds": round(seconds, 1), "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    info |= django(backend, "status")
    marker.write_text(json.dumps(info))
    return {**info, "reused": False}


def ensure_wishes(backend: Backend) -> dict:
    """The county's open wishes in a database built before the preset had the wish wall: loaded
    once (in about 10 s) rather than building everything again, and noted in the build marker."""
    loaded = django(backend, "wishes-load")
    if loaded["loaded"]:
        say(f"  loaded the county's wish wall: {loaded['loaded']:,} wishes in {loaded['seconds']} s")
        marker = BENCH_DIR / f"{backend.name}.built.json"
        info = json.loads(marker.read_text()) if marker.exists() else {}
        info["wishes_loaded"] = {
            "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "wishes": loaded["loaded"],
            "seconds": loaded["seconds"],
        }
        marker.write_text(json.dumps(info | {"open_wishes": loaded["open_wishes"]}))
    return {"open_wishes": loaded["open_wishes"], "wishes_loaded": loaded["loaded"]}


# --- the server -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """granian serving config.wsgi with the flags bin/serve uses, on a free loopback port."""

    def __init__(self, backend: Backend):
        self.backend = backend
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        log = (BENCH_DIR / f"server-{self.backend.name}.log").open("w")
        args = ["--interface", "wsgi", "--host", "127.0.0.1", "--port", str(self.port)]
        args += ["--workers", str(SERVER_WORKERS)]
        args += ["--blocking-threads", "4", "--no-ws", "config.wsgi:application"]
        self.proc = subprocess.Popen(
            [GRANIAN, *args],
            cwd=ROOT,
            env=self.backend.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"granian exited; see {log.name}")
            try:
                status, _body = get(http.client.HTTPConnection("127.0.0.1", self.port, timeout=2), "/healthz")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("granian did not answer /healthz within 60 s")

    def __exit__(self, *exc: object) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # its own session: granian and its workers only
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)


# --- the HTTP client --------------------------------------------------------------------------------


def get(conn: http.client.HTTPConnection, path: str, cookie: str = "") -> tuple[int, bytes]:
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = conn.getresponse()
    return response.status, response.read()


def cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    found = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def login(port: int, username: str) -> str:
    """Log in through the real form (CSRF token and all); return the Cookie header to send."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/accounts/login/")
    response = conn.getresponse()
    jar = cookies(response)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode())
    if not token or "csrftoken" not in jar:
        raise RuntimeError("the login page has no CSRF token")
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token[1], "username": username, "password": PASSWORD})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={jar['csrftoken']}"}
    conn.request("POST", "/accounts/login/", body, headers)
    response = conn.getresponse()
    response.read()
    jar |= cookies(response)
    if response.status != 302 or "sessionid" not in jar:
        raise RuntimeError(f"logging in as {username} failed (HTTP {response.status})")
    return f"csrftoken={jar['csrftoken']}; sessionid={jar['sessionid']}"


def server_processes(port: int, conns: list[http.client.HTTPConnection]) -> list[str | None]:
    """The server process (pid) holding each client connection, from `ss`; None where unknown."""
    try:
        out = subprocess.run(
            ["ss", "-tnpH", "state", "established", f"( sport = :{port} )"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return [None] * len(conns)
    owner = {}
    for line in out.splitlines():
        match = re.search(r':(\d+)\s+users:\(\("[^"]*",pid=(\d+)', line)
        if match:
            owner[int(match[1])] = match[2]
    return [owner.get(conn.sock.getsockname()[1]) if conn.sock else None for conn in conns]


def spread(port: int, count: int, path: str, cookie: str) -> list[http.client.HTTPConnection]:
    """`count` keep-alive connections, on different server processes where the server has enough.

    granian's workers accept connections as they come: two clients' connections sometimes both land
    on one worker, whose GIL then serves them one after the other, and every latency doubles
    (measured: the same page at 16 ms or 33 ms p50 from one run to the next). Spreading them
    measures what the flags promise, each client served by a worker of its own.
    """
    conns: list[http.client.HTTPConnection] = []
    for _ in range(count):
        for attempt in range(12):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            get(conn, path, cookie)
            taken = server_processes(port, conns)
            mine = server_processes(port, [conn])[0]
            if mine is None or mine not in taken or len(set(taken)) >= SERVER_WORKERS or attempt == 11:
                break
            conn.close()
        conns.append(conn)
    return conns


def load(port: int, paths: list[str], *, cookie: str, requests: int, threads: int, seconds: float) -> dict:
    """GET `paths` round-robin: `requests` in all, from `threads` keep-alive connections, within `seconds`.

    Each connection first sends a few unmeasured requests, so the figure is of a warm server.
    """
    lock = threading.Lock()
    latencies: list[float] = []
    state = {"next": 0, "errors": 0, "deadline": time.monotonic() + seconds}
    ready = threading.Barrier(threads + 1)
    conns = spread(port, threads, paths[0], cookie)

    def worker(conn: http.client.HTTPConnection) -> None:
        try:
            for path in (paths * 5)[:5]:
                get(conn, path, cookie)
        finally:
            ready.wait()
        while True:
            with lock:
                if state["next"] >= requests or time.monotonic() > state["deadline"]:
                    return
                index = state["next"]
                state["next"] += 1
            started = time.perf_counter()
            try:
                status, _body = get(conn, paths[index % len(paths)], cookie)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = 0
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                state["errors"] += status != 200

    pool = [threading.Thread(target=worker, args=(conn,)) for conn in conns]
    for thread in pool:
        thread.start()
    ready.wait()
    started = time.perf_counter()
    with lock:
        state["deadline"] = time.monotonic() + seconds
    for thread in pool:
        thread.join()
    return summarize(latencies, wall=time.perf_counter() - started, errors=state["errors"])


def summarize(latencies: list[float], *, wall: float | None = None, errors: int = 0) -> dict:
    latencies = sorted(latencies)
    out = {
        "n": len(latencies),
        "p50": round(statistics.median(latencies), 2),
        "p95": round(latencies[round(0.95 * (len(latencies) - 1))], 2),
        "max": round(latencies[-1], 2),
        "errors": errors,
    }
    if wall:
        out["rps"] = round(len(latencies) / wall, 1)
    return out


# --- one backend ------------------------------------------------------------------------------------


def measure_http(
    backend: Backend, terms: dict, targets: dict, act_targets: dict, args: argparse.Namespace, *, wish_targets: dict
) -> tuple[dict, bool, dict, dict]:
    """Every HTTP figure for one backend; the flag says whether the search page was still a
    placeholder; the last dicts are the sign-up run's and the claim run's."""
    figures: dict[str, dict] = {}
    budget = {"requests": args.requests, "threads": args.threads, "seconds": args.seconds}
    placeholder = False
    signups: dict = {}
    claims: dict = {}
    only = args.volunteering_only or args.activities_only or args.wishes_only
    with Server(backend) as server:
        figures["hello"] = load(server.port, ["/hello"], cookie="", **(budget | {"requests": 4 * args.requests}))
        say(f"  hello: p50 {figures['hello']['p50']} ms")
        for who in () if only else USERS:
            cookie = login(server.port, who)
            status, body = get(http.client.HTTPConnection("127.0.0.1", server.port), "/registry/search/?q=zxm", cookie)
            placeholder = placeholder or body.strip() == b"todo"
            if status != 200:
                raise RuntimeError(f"/registry/search/ answered HTTP {status} to {who}")
            if not placeholder:
                for kind, words in terms[who].items():
                    paths = [f"/registry/search/?q={urllib.parse.quote(w)}" for w in words]
                    figures[f"{who}: search page, {kind}"] = load(server.port, paths, cookie=cookie, **budget)
                api = [f"/api/v1/registry/search?q={urllib.parse.quote(w)}" for ws in terms[who].values() for w in ws]
                status, _body = get(http.client.HTTPConnection("127.0.0.1", server.port), api[0], cookie)
                if status == 200:
                    figures[f"{who}: API search, all kinds"] = load(server.port, api, cookie=cookie, **budget)
            status, body = get(http.client.HTTPConnection("127.0.0.1", server.port), "/registry/households/", cookie)
            if status == 200 and body.strip() != b"todo":
                figures[f"{who}: household list, page 1"] = load(
                    server.port, ["/registry/households/"], cookie=cookie, **budget
                )
                figures[f"{who}: household list, page 10"] = load(
                    server.port, ["/registry/households/?page=10"], cookie=cookie, **budget
                )
            say(f"  {who}: measured")
        if not only or args.volunteering_only:
            figures |= measure_volunteering(server.port, targets, budget)
        if not only or args.activities_only:
            figures |= measure_activities(server.port, act_targets, budget)
            signups = measure_signups(backend, server.port, args)
        if not only or args.wishes_only:
            figures |= measure_wishes(server.port, wish_targets, budget)
            claims = measure_claims(backend, server.port, args)
    return figures, placeholder, signups, claims


def volunteering_pages(targets: dict) -> dict[str, tuple[str, str]]:
    """name -> (login, path): a volunteer's own page, leaderboards of 城南's patrol team and of
    the whole community for the last full year, the team list (each team's hours this year)."""
    team, year, community = targets["team"], targets["year"], targets["community"]
    start, end = f"{year}-01-01", f"{year}-12-31"
    return {
        "volunteer: my page": ("volunteer", "/volunteering/me/"),
        "leader: my page": ("leader", "/volunteering/me/"),
        "volunteer: API me": ("volunteer", "/api/v1/volunteering/me"),
        "staff: team leaderboard, a year": ("staff", f"/volunteering/leaderboard/?team={team}&year={year}"),
        "leader: team leaderboard, a year": ("leader", f"/volunteering/leaderboard/?team={team}&year={year}"),
        "county: team leaderboard, a year": (
            "county",
            f"/volunteering/leaderboard/?community={community}&team={team}&year={year}",
        ),
        "staff: API team leaderboard, a year": (
            "staff",
            f"/api/v1/volunteering/leaderboard?team={team}&start={start}&end={end}",
        ),
        "staff: community leaderboard, a year": ("staff", f"/volunteering/leaderboard/?year={year}"),
        "county: community leaderboard, a year": (
            "county",
            f"/volunteering/leaderboard/?community={community}&year={year}",
        ),
        "staff: team list, hours this year": ("staff", "/volunteering/teams/"),
    }


def measure_volunteering(port: int, targets: dict, budget: dict) -> dict:
    """The volunteering pages over HTTP; a page still a placeholder ("todo") or failing is left out and said so."""
    figures: dict[str, dict] = {}
    cookies_of: dict[str, str] = {}
    for name, (who, path) in volunteering_pages(targets).items():
        if who not in cookies_of:
            cookies_of[who] = login(port, who)
        status, body = get(http.client.HTTPConnection("127.0.0.1", port, timeout=30), path, cookies_of[who])
        if status != 200 or body.strip() == b"todo":
            say(f"  {name}: skipped ({'placeholder' if status == 200 else f'HTTP {status}'}) {path}")
            continue
        figures[name] = load(port, [path], cookie=cookies_of[who], **budget)
    say("  volunteering: measured")
    return figures


def activities_pages(targets: dict) -> dict[str, tuple[str, str]]:
    """name -> (login, path): the demo volunteer's upcoming list (all, and only those asking for
    their skills) and an activity they may sign up for; the leader's patrol today or tomorrow with
    its roster; 城南's activity with the most sign-ups as staff; the staff's list; the public page."""
    return {
        "volunteer: upcoming activities": ("volunteer", "/activities/upcoming/"),
        "volunteer: upcoming, my skills": ("volunteer", "/activities/upcoming/?my_skills=on"),
        "volunteer: activity page": ("volunteer", f"/activities/{targets['open_activity']}/"),
        "volunteer: my activities": ("volunteer", "/activities/mine/"),
        "leader: patrol page with roster": ("leader", f"/activities/{targets['leader_activity']}/"),
        "staff: largest activity page": ("staff", f"/activities/{targets['largest_activity']}/"),
        "staff: activity list": ("staff", "/activities/"),
        "anyone: public stories page": ("", f"/activities/stories/{targets['community']}/"),
    }


def measure_pages(port: int, pages: dict[str, tuple[str, str]], budget: dict) -> dict:
    """Each (login, path) over HTTP, logging in once per user; a page that fails is left out and said so."""
    figures: dict[str, dict] = {}
    cookies_of: dict[str, str] = {"": ""}
    for name, (who, path) in pages.items():
        if who not in cookies_of:
            cookies_of[who] = login(port, who)
        status, body = get(http.client.HTTPConnection("127.0.0.1", port, timeout=30), path, cookies_of[who])
        if status != 200 or body.strip() == b"todo":
            say(f"  {name}: skipped ({'placeholder' if status == 200 else f'HTTP {status}'}) {path}")
            continue
        figures[name] = load(port, [path], cookie=cookies_of[who], **budget)
    return figures


def measure_activities(port: int, targets: dict, budget: dict) -> dict:
    """The activities pages over HTTP; one failing is left out and said so."""
    figures = measure_pages(port, activities_pages(targets), budget)
    say("  activities: measured")
    return figures


def measure_signups(backend: Backend, port: int, args: argparse.Namespace) -> dict:
    """Sign-up throughput: `signup_clients` concurrent clients post sign-ups for one fresh activity.

    Each client is a browser of its own volunteers: for each, it opens the activity page with that
    volunteer's session (which sets the CSRF cookie and gives the form's token), then, once every
    client is ready, posts the sign-up forms one after the other on its keep-alive connection. A
    sign-up answers 302 back to the activity, and so does one the service refused (with its
    message): the database then says how many sign-ups exist, and whether the confirmed ones fit
    the places.
    """
    clients = args.signup_clients
    volunteers = clients * args.signups_per_client
    setup = django(backend, "signup-setup", str(volunteers), str(args.signup_places))
    page = f"/activities/{setup['activity']}/"
    action = f"{page}sign-up/"
    lock = threading.Lock()
    latencies: list[float] = []
    outcome = {"ok": 0, "errors": 0, "first_error": ""}
    ready = threading.Barrier(clients + 1)
    mine = [setup["sessions"][i::clients] for i in range(clients)]

    def worker(sessions: list[str]) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        forms = []
        for key in sessions:
            try:
                conn.request("GET", page, headers={"Cookie": f"sessionid={key}"})
                response = conn.getresponse()
                jar = cookies(response)
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode())
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                continue
            if response.status == 200 and token and "csrftoken" in jar:
                forms.append((f"sessionid={key}; csrftoken={jar['csrftoken']}", token[1]))
        ready.wait()
        for cookie, token in forms:
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": token})
            headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
            started = time.perf_counter()
            try:
                conn.request("POST", action, body, headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 302 and response.headers.get("Location", "").endswith(page)
                problem = "" if ok else f"HTTP {response.status} {response.headers.get('Location', '')}"
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                ok, problem = False, repr(exc)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                outcome["ok" if ok else "errors"] += 1
                outcome["first_error"] = outcome["first_error"] or problem
        # Volunteers whose page did not give a form count as errors too.
        with lock:
            outcome["errors"] += len(sessions) - len(forms)

    pool = [threading.Thread(target=worker, args=(sessions,)) for sessions in mine]
    for thread in pool:
        thread.start()
    ready.wait()
    started = time.perf_counter()
    for thread in pool:
        thread.join()
    wall = time.perf_counter() - started
    found = django(backend, "signup-verify", str(setup["activity"]), setup["started"])
    confirmed = found["by_status"].get("confirmed", 0)
    waitlisted = found["by_status"].get("waitlisted", 0)
    result = {
        "clients": clients,
        "volunteers": volunteers,
        "places": found["places"],
        "seconds": round(wall, 2),
        "signups_per_second": round(outcome["ok"] / wall, 1),
        **{k: v for k, v in summarize(latencies).items() if k != "errors"},
        "ok": outcome["ok"],
        "errors": outcome["errors"],
        "first_error": outcome["first_error"],
        "confirmed": confirmed,
        "waitlisted": waitlisted,
        "confirmed_count": found["confirmed_count"],
        "rows": found["rows"],
        "volunteers_twice": found["volunteers_twice"],
        "overbooked": confirmed > found["places"] or found["confirmed_count"] != confirmed,
        "all_recorded": confirmed + waitlisted == outcome["ok"] == found["rows"],
    }
    say(
        f"  sign-ups: {result['ok']} in {result['seconds']} s ({result['signups_per_second']}/s),"
        f" {result['errors']} errors; {confirmed} confirmed of {found['places']} places, {waitlisted} waitlisted"
    )
    return result


def wishes_pages(targets: dict) -> dict[str, tuple[str, str]]:
    """name -> (login, path): 城南's public wall (all, and goods only), the wall of its compound with
    the most wishes, one wish's card with the claim form as the demo volunteer; the same wall and
    the county's (10,000 open wishes: no page shows it, the API does) as JSON, first and deep pages."""
    community, county = targets["community"], targets["county"]
    api = f"/api/v1/wishes/wall/county/{county}"
    return {
        "anyone: community wall": ("", f"/wishes/wall/{community}/"),
        "anyone: community wall, goods": ("", f"/wishes/wall/{community}/?category=goods"),
        "anyone: compound wall": ("", f"/wishes/wall/{community}/compound/{targets['compound']}/"),
        "volunteer: a wish with the claim form": ("volunteer", f"/wishes/wall/wish/{targets['card']}/"),
        "anyone: API community wall": ("", f"/api/v1/wishes/wall/{community}"),
        "anyone: API county wall, page 1": ("", api),
        "anyone: API county wall, page 50": ("", f"{api}?page=50"),
        "anyone: API county wall, last page": ("", f"{api}?page={targets['county_pages']}"),
        "anyone: API county wall, goods, page 1": ("", f"{api}?category=goods"),
        "anyone: API county wall, goods, page 50": ("", f"{api}?category=goods&page=50"),
    }


def measure_wishes(port: int, targets: dict, budget: dict) -> dict:
    """The wall pages and API over HTTP; one failing is left out and said so."""
    figures = measure_pages(port, wishes_pages(targets), budget)
    say(
        f"  wish wall: measured (county wall {targets['county_wall']:,} wishes,"
        f" p95 page 1 {figures.get('anyone: API county wall, page 1', {}).get('p95')} ms)"
    )
    return figures


def measure_claims(backend: Backend, port: int, args: argparse.Namespace) -> dict:
    """Claim throughput: `claim_clients` concurrent claimants post claims for `claim_wishes` fresh wishes.

    Each client is one volunteer's browser: it opens a wish's card with the volunteer's session (the
    CSRF cookie and the form's token), then, once every client is ready, posts the claim form for
    `claims_per_client` of the wishes in an order of its own, so that clients collide on the same
    wishes (the first wish is every client's first try: 50 claims of one wish at the same moment).
    A claim that wins answers 302 to "my claims", one that lost 302 back to the wall (with the
    "already claimed" message); anything else is an error. The database then says whether any wish
    has two claims, and whether every win is a claim.
    """
    clients = args.claim_clients
    setup = django(backend, "claim-setup", str(args.claim_wishes), str(clients))
    wishes, sessions = setup["wishes"], setup["sessions"]
    tries = min(args.claims_per_client, len(wishes))
    wall, mine = f"/wishes/wall/{setup['community']}/", "/wishes/claims/mine/"
    lock = threading.Lock()
    latencies: list[float] = []
    outcome = {"claimed": 0, "taken": 0, "errors": 0, "first_error": ""}
    tried: set[int] = set()
    last_win = [0.0]
    first_wish_wins = [0]
    ready = threading.Barrier(len(sessions) + 1)

    def worker(n: int, key: str) -> None:
        order = [wishes[0], *random.Random(f"claims-{n}").sample(wishes[1:], tries - 1)]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        form = None
        try:
            conn.request("GET", f"/wishes/wall/wish/{order[0]}/", headers={"Cookie": f"sessionid={key}"})
            response = conn.getresponse()
            jar = cookies(response)
            page = response.read().decode()
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
            kind = re.search(r'name="kind" value="([^"]*)"', page)
            if response.status == 200 and token and "csrftoken" in jar:
                form = (f"sessionid={key}; csrftoken={jar['csrftoken']}", token[1], kind[1] if kind else "")
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        finally:
            ready.wait()
        if form is None:  # no claim form: every try counts as an error
            with lock:
                outcome["errors"] += tries
                outcome["first_error"] = outcome["first_error"] or "the wish's card gave no claim form"
            return
        cookie, token, kind = form
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "kind": kind, "note": ""})
        for pk in order:
            started = time.perf_counter()
            try:
                conn.request("POST", f"/wishes/{pk}/claim/", body, headers)
                response = conn.getresponse()
                response.read()
                where = response.headers.get("Location", "") if response.status == 302 else ""
                result = "claimed" if where.endswith(mine) else "taken" if where.endswith(wall) else "errors"
                problem = "" if result != "errors" else f"HTTP {response.status} {where}"
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                result, problem = "errors", repr(exc)
            finished = time.perf_counter()
            with lock:
                latencies.append((finished - started) * 1000)
                tried.add(pk)
                if result == "claimed":
                    last_win[0] = max(last_win[0], finished)
                    first_wish_wins[0] += pk == wishes[0]
                outcome[result] += 1
                outcome["first_error"] = outcome["first_error"] or problem

    pool = [threading.Thread(target=worker, args=(n, key)) for n, key in enumerate(sessions)]
    for thread in pool:
        thread.start()
    ready.wait()
    started = time.perf_counter()
    for thread in pool:
        thread.join()
    seconds = time.perf_counter() - started
    # Wins come early, losses go on after the last wish is taken: claims a second up to the last win.
    claiming = max(last_win[0] - started, 0.001)
    found = django(backend, "claim-verify")
    attempts = outcome["claimed"] + outcome["taken"] + outcome["errors"]
    result = {
        "clients": len(sessions),
        "wishes": len(wishes),
        "tries_per_client": tries,
        "attempts": attempts,
        "wishes_tried": len(tried),
        "first_wish_wins": first_wish_wins[0],
        "seconds": round(seconds, 2),
        "claiming_seconds": round(claiming, 2),
        "claims_per_second": round(outcome["claimed"] / claiming, 1),
        "attempts_per_second": round(attempts / seconds, 1),
        **({k: v for k, v in summarize(latencies).items() if k != "errors"} if latencies else {}),
        **outcome,
        "db": found,
        "double_claims": found["claimed_twice"] + found["active_twice"],
        "all_recorded": outcome["claimed"]
        == found["active_claims"]
        == found["claims"]
        == found["by_status"].get("claimed", 0)
        == found["claim_events"]
        and not found["claimed_without_claim"],
    }
    say(
        f"  claims: {attempts:,} attempts in {result['seconds']} s ({result['attempts_per_second']}/s):"
        f" {outcome['claimed']} claimed ({result['claims_per_second']}/s up to the last),"
        f" {outcome['taken']} already claimed,"
        f" {outcome['errors']} errors; double claims {result['double_claims']}"
    )
    return result


def measure_import(backend: Backend, rows: int) -> dict:
    """Time import_roster on a scratch copy, so the benchmark database stays as built."""
    if backend.name == "sqlite":
        source = Path(urllib.parse.urlsplit(backend.url).path)
        scratch = BENCH_DIR / "import-scratch.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{scratch}{suffix}").unlink(missing_ok=True)
        with sqlite3.connect(source) as src, sqlite3.connect(scratch) as dst:
            src.backup(dst)
        try:
            return django(backend, "import", str(rows), url=f"sqlite:///{scratch}")
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{scratch}{suffix}").unlink(missing_ok=True)
    from psycopg import sql

    scratch = pg_database(backend.url) + "_import"
    with pg_admin(backend.url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(scratch)))
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(scratch), sql.Identifier(pg_database(backend.url))
            )
        )
    try:
        url = urllib.parse.urlsplit(backend.url)._replace(path=f"/{scratch}").geturl()
        return django(backend, "import", str(rows), url=url)
    finally:
        with pg_admin(backend.url) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(scratch)))


def run_backend(backend: Backend, args: argparse.Namespace) -> dict:
    say(f"\n== {backend.label} ==")
    result: dict = {"build": ensure_built(backend, rebuild=args.rebuild)}
    result["build"] |= ensure_wishes(backend)
    wishes_only = args.wishes_only
    terms = {} if wishes_only else django(backend, "queries")
    result["terms"] = {who: {kind: words[:5] for kind, words in kinds.items()} for who, kinds in terms.items()}
    targets = {} if wishes_only else django(backend, "volunteering")
    result["volunteering"] = targets
    act_targets = {} if wishes_only else django(backend, "activities")
    result["activities"] = act_targets
    measured_wishes = not (args.volunteering_only or args.activities_only)
    wish_targets = django(backend, "wishes") if measured_wishes else {}
    result["wishes"] = wish_targets
    result["http"], placeholder, result["signups"], result["claims"] = measure_http(
        backend, terms, targets, act_targets, args, wish_targets=wish_targets
    )
    if placeholder:
        say("  the search page is still a placeholder: timing queries.search_residents in-process instead")
        terms_file = BENCH_DIR / "terms.json"
        terms_file.write_text(json.dumps(terms, ensure_ascii=False))
        result["inprocess"] = django(backend, "inprocess", str(terms_file))
    if not (args.activities_only or wishes_only):
        say("  timing volunteering queries in-process (a community's hours total has no page yet)...")
        targets_file = BENCH_DIR / "volunteering.json"
        targets_file.write_text(json.dumps(targets))
        result["inprocess"] = result.get("inprocess", {}) | django(backend, "vol-inprocess", str(targets_file))
    if not (args.volunteering_only or wishes_only):
        result["inprocess"] = result.get("inprocess", {}) | django(backend, "act-inprocess")
    if measured_wishes:
        result["inprocess"] = result.get("inprocess", {}) | django(backend, "wishes-inprocess")
    if args.no_import or args.volunteering_only or args.activities_only or wishes_only:
        skipped = (
            "--no-import"
            if args.no_import
            else "--volunteering-only"
            if args.volunteering_only
            else "--activities-only"
            if args.activities_only
            else "--wishes-only"
        )
        result["import"] = {"skipped": skipped}
    else:
        say(f"  importing a {args.import_rows:,}-row roster on a scratch copy...")
        result["import"] = measure_import(backend, args.import_rows)
    return result


# --- report -----------------------------------------------------------------------------------------


def machine() -> dict:
    import django as dj

    def proc_field(path: str, name: str) -> str:
        try:
            lines = Path(path).read_text().splitlines()
        except OSError:
            return ""
        return next((line.split(":", 1)[1].strip() for line in lines if line.startswith(name)), "")

    cpu, meminfo = proc_field("/proc/cpuinfo", "model name"), proc_field("/proc/meminfo", "MemTotal")
    granian = subprocess.run([GRANIAN, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": meminfo,
        "python": platform.python_version(),
        "django": dj.get_version(),
        "sqlite": sqlite3.sqlite_version,
        "granian": granian,
    }


def table(backend_label: str, result: dict) -> list[str]:
    build = result["build"]
    lines = [
        f"\n{backend_label}: {build.get('residents', 0):,} residents, {build.get('volunteers', 0):,} volunteers,"
        f" {build.get('service_records', 0):,} service records"
    ]
    lines.append(
        f"  {build.get('activities', 0):,} activities, {build.get('sign_ups', 0):,} sign-ups;"
        f" county preset built in {build['seconds']} s" + (" (reused)" if build.get("reused") else "")
    )
    if result.get("wishes"):
        wishes = result["wishes"]
        lines.append(
            f"  wish wall: {wishes['county_wall']:,} open wishes on the county's wall ({wishes['county_pages']} pages),"
            f" {wishes['community_wall']} on 城南's, {wishes['compound_wall']} on its compound's"
        )
    hello = result["http"].get("hello", {}).get("p50") or 1
    lines.append(f"  {'what':48} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'req/s':>7} {'p50/hello':>10}")
    for name, fig in {
        **result["http"],
        **{f"{k} (in-process)": v for k, v in result.get("inprocess", {}).items()},
    }.items():
        ratio = f"{fig['p50'] / hello:>9.1f}x"
        errors = f"  {fig['errors']} errors" if fig.get("errors") else ""
        lines.append(
            f"  {name:48} {fig['n']:>5} {fig['p50']:>8} {fig['p95']:>8} {fig['max']:>8} {fig.get('rps', ''):>7} {ratio}{errors}"
        )
    run = result.get("signups") or {}
    if run:
        lines.append(
            f"  sign-ups: {run['clients']} clients, {run['ok']:,} sign-ups in {run['seconds']} s"
            f" = {run['signups_per_second']}/s (p50 {run['p50']} ms, p95 {run['p95']} ms), {run['errors']} errors;"
            f" {run['confirmed']} confirmed of {run['places']} places, {run['waitlisted']} waitlisted,"
            f" over-booked: {'YES' if run['overbooked'] else 'no'},"
            f" every success recorded: {'yes' if run['all_recorded'] else 'NO'}"
        )
        if run.get("first_error"):
            lines.append(f"  first sign-up error: {run['first_error']}")
    run = result.get("claims") or {}
    if run:
        db = run["db"]
        lines.append(
            f"  claims: {run['clients']} claimants, {run['wishes']} wishes, {run['attempts']:,} attempts in"
            f" {run['seconds']} s = {run['attempts_per_second']}/s (p50 {run.get('p50')} ms, p95 {run.get('p95')} ms);"
            f" {run['claimed']} claimed in {run['claiming_seconds']} s = {run['claims_per_second']}/s,"
            f" {run['taken']} already claimed,"
            f" {run['errors']} errors; the wish all {run['clients']} tried first at once: {run['first_wish_wins']} won"
        )
        lines.append(
            f"  claims in the database: {db['active_claims']} active of {db['claims']}, wishes claimed"
            f" {db['by_status'].get('claimed', 0)}, still open {db['by_status'].get('open', 0)}"
            f" (tried {run['wishes_tried']}); double claims: {run['double_claims'] or 'none'},"
            f" every win recorded once: {'yes' if run['all_recorded'] else 'NO'}"
        )
        if run.get("first_error"):
            lines.append(f"  first claim error: {run['first_error']}")
    imp = result.get("import", {})
    if "seconds" in imp:
        lines.append(
            f"  roster import: {imp['rows']:,} rows in {imp['seconds']} s ({imp['rows_per_second']:,} rows/s),"
            f" status {imp['status']}, {imp['created']:,} residents created"
        )
        if imp.get("errors"):
            lines.append(f"  first errors: {imp['errors']}")
    else:
        lines.append(f"  roster import: skipped: {imp.get('skipped', 'not run')}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="60 requests a figure and a 10,000-row import")
    only = parser.add_mutually_exclusive_group()
    only.add_argument(
        "--volunteering-only", action="store_true", help="only hello and the volunteering figures; no import"
    )
    only.add_argument(
        "--activities-only", action="store_true", help="only hello, the activities figures and the sign-up run"
    )
    only.add_argument("--wishes-only", action="store_true", help="only hello, the wish wall figures and the claim run")
    parser.add_argument("--signup-clients", type=int, default=50, help="concurrent sign-up clients (default 50)")
    parser.add_argument("--signups-per-client", type=int, default=12, help="volunteers each client signs up")
    parser.add_argument("--signup-places", type=int, default=500, help="places of the sign-up run's activity")
    parser.add_argument("--claim-clients", type=int, default=50, help="concurrent claimants (default 50)")
    parser.add_argument("--claim-wishes", type=int, default=300, help="fresh wishes of the claim run (default 300)")
    parser.add_argument("--claims-per-client", type=int, default=30, help="wishes each claimant tries (default 30)")
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--pg-only", action="store_true")
    parser.add_argument("--pg-url", default=PG_URL, help=f"default {PG_URL} (or BENCH_PG_URL)")
    parser.add_argument("--rebuild", action="store_true", help="build the county preset again")
    parser.add_argument("--no-import", action="store_true", help="skip the roster import")
    parser.add_argument("--requests", type=int, default=300, help="requests a figure (default 300)")
    parser.add_argument("--threads", type=int, default=2, help="concurrent client connections (default 2)")
    parser.add_argument("--seconds", type=float, default=30, help="time limit a figure (default 30)")
    parser.add_argument("--import-rows", type=int, default=50_000)
    args = parser.parse_args()
    if args.quick:
        args.requests, args.seconds = min(args.requests, 60), min(args.seconds, 15)
        args.import_rows = min(args.import_rows, 10_000)
        args.signups_per_client, args.signup_places = min(args.signups_per_client, 4), min(args.signup_places, 150)
        args.claim_wishes, args.claims_per_client = min(args.claim_wishes, 100), min(args.claims_per_client, 10)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)

    backends = []
    if not args.pg_only:
        backends.append(Backend("sqlite", f"sqlite:///{BENCH_DIR / 'county.sqlite3'}"))
    if not args.sqlite_only:
        problem = pg_reachable(args.pg_url)
        if problem:
            say(f"PostgreSQL skipped: {args.pg_url} is not reachable ({problem}).")
        else:
            backends.append(Backend("postgres", args.pg_url))

    started = time.monotonic()
    report = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {
            "requests": args.requests,
            "threads": args.threads,
            "import_rows": args.import_rows,
            "signup_clients": args.signup_clients,
            "signups_per_client": args.signups_per_client,
            "signup_places": args.signup_places,
            "claim_clients": args.claim_clients,
            "claim_wishes": args.claim_wishes,
            "claims_per_client": args.claims_per_client,
        },
        "backends": {},
    }
    for backend in backends:
        if backend.name == "postgres":
            with pg_admin(backend.url) as conn:
                report["machine"]["postgresql"] = conn.execute("SHOW server_version").fetchone()[0]
        report["backends"][backend.name] = run_backend(backend, args)
    report["seconds"] = round(time.monotonic() - started, 1)

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    m = report["machine"]
    say(f"\nLinli benchmark, {m['cpus']} cores ({m['cpu']}), {m['memory']}; {args.threads} client threads")
    for backend in backends:
        for line in table(backend.label, report["backends"][backend.name]):
            say(line)
    say(f"\nDone in {report['seconds']:.0f} s; written to {RESULTS.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()
