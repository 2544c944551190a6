"""kill -9 of the web worker, the task worker and the scheduler while a roster import is writing:
the real stack (bin/serve, on its own SQLite database and port) comes back by itself, the import
ends stopped with nothing half-written, and the restarted task worker imports again.

The import is held inside its write transaction by a test-only gate (a file named by
LINLI_TEST_IMPORT_WRITE_GATE: while it exists the write waits), so the kill always lands mid-write
whatever the machine's speed. Every wait polls with a generous deadline; none is tuned.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.utils import translation

from registry.import_runs import INTERRUPTED
from registry.testing import make_id
from registry.tests.test_import import roster_xlsx

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEADLINE = 240.0  # seconds: a loaded CI machine, never a tuned wait

SETUP = """
import json
from accounts.services import issue_api_token
from core.roles import Role
from registry.models import OrgUnit
from registry.testing import make_building, make_community, make_org_unit, make_user
county = make_org_unit(OrgUnit.Kind.COUNTY, None, "柘荣县", "350926")
town = make_org_unit(OrgUnit.Kind.TOWN, county, "双城镇", "350926100")
community = make_community(town, "城南社区")
make_building(community, "锦绣小区", "1栋")
staff = make_user("staff_fault", role=Role.COMMUNITY_STAFF, org_unit=community)
_, key = issue_api_token(by=staff, user=staff, name="fault test")
print(json.dumps({"community": community.pk, "token": key}))
"""


def wait_for(what: str, check: Callable[[], Any], *, log: Path, deadline: float = DEADLINE) -> Any:
    """Poll `check` until it returns something truthy; fail with the stack's log after `deadline` s."""
    until = time.monotonic() + deadline
    while time.monotonic() < until:
        if result := check():
            return result
        time.sleep(0.5)
    pytest.fail(f"Gave up waiting for {what} after {deadline:.0f} s. Stack log:\n{log.read_text()[-6000:]}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except FileNotFoundError:
        return ""


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def roster(rooms: range, born: dt.date) -> bytes:
    """One new household per room, each with its head."""
    rows = [
        {
            "小区": "锦绣小区",
            "楼栋": "1栋",
            "单元": "1",
            "房号": str(room),
            "姓名": f"住户{room}",
            "与户主关系": "户主",
            "身份证号": make_id(born + dt.timedelta(days=room), "M"),
            "新建户": "是",
        }
        for room in rooms
    ]
    return roster_xlsx(rows)


class Stack:
    """bin/serve on its own var dir, database and port, and what the test reads of it."""

    def __init__(self, var: Path):
        self.var = var
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.gate = var / "write-gate"
        self.log = var / "serve.log"
        self.db = var / "linli.sqlite3"
        self.env = {
            k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "TASKS_BACKEND", "DEBUG"}
        }
        self.env |= {
            "LINLI_VAR_DIR": str(var),
            "DATABASE_URL": f"sqlite:///{self.db}",
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "WORKERS": "1",  # the one web worker killed: nothing answers until it is respawned
            "STOP_GRACE": "20",
            "LINLI_TEST_IMPORT_WRITE_GATE": str(self.gate),
        }
        self.process: subprocess.Popen | None = None
        self.seen: set[int] = set()

    def manage(self, *args: str) -> str:
        done = subprocess.run(  # noqa: S603 - our own manage.py
            [PYTHON, "manage.py", *args],
            check=False,
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr[-4000:]
        return done.stdout

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own bin/serve
            [str(ROOT / "bin" / "serve")], cwd=ROOT, env=self.env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT
        )

    def processes(self) -> dict[str, int]:
        """The supervisor's children by role, and granian's web worker."""
        found: dict[str, int] = {}
        for pid in children(self.process.pid):
            line = cmdline(pid)
            if "run_task_worker" in line:
                found["task worker"] = pid
            elif "run_scheduler" in line:
                found["scheduler"] = pid
            elif "granian" in line:
                found["web server"] = pid
                for worker in children(pid):
                    found["web worker"] = worker
        self.seen |= set(found.values())
        return found

    def answers(self) -> bool:
        try:
            return httpx.get(f"{self.url}/accounts/login/", timeout=10).status_code == 200
        except httpx.HTTPError:
            return False

    def query(self, sql: str, *params: Any) -> list[tuple]:
        with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=60) as conn:
            return conn.execute(sql, params).fetchall()

    def count(self, table: str) -> int:
        return self.query(f"SELECT COUNT(*) FROM {table}")[0][0]  # noqa: S608 - our own table names

    def import_row(self, pk: int) -> tuple[str, str, str]:
        status, errors, task_id = self.query(
            "SELECT status, errors, task_id FROM registry_rosterimport WHERE id = ?", pk
        )[0]
        return status, errors, task_id

    def finished(self, pk: int) -> tuple[str, str, str] | None:
        row = self.import_row(pk)
        return None if row[0] in {"queued", "validating", "writing"} else row

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
        for pid in self.seen:  # whatever a failed test left behind
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.fixture
def stack(tmp_path):
    if not sys.platform.startswith("linux"):
        pytest.skip("reads the process tree from /proc")
    stack = Stack(tmp_path)
    stack.manage("migrate", "--noinput", "--verbosity", "0")
    yield stack
    stack.stop()


def test_the_stack_survives_kill_9_of_every_process_mid_import(stack):
    setup = json.loads(stack.manage("shell", "-c", SETUP).strip().splitlines()[-1])
    api = httpx.Client(
        base_url=f"{stack.url}/api/v1/registry", headers={"Authorization": f"Bearer {setup['token']}"}, timeout=60
    )
    stack.start()
    wait_for("the web server to answer", stack.answers, log=stack.log)
    before = wait_for("every process to run", lambda: len(p := stack.processes()) == 4 and p, log=stack.log)

    # An import held inside its write transaction.
    stack.gate.touch()
    sent = api.post(
        "/roster-imports",
        data={"community": setup["community"]},
        files={"file": ("名册.xlsx", roster(range(101, 131), dt.date(1960, 1, 1)), XLSX)},
    )
    assert sent.status_code == 201, sent.text
    pk = sent.json()["id"]
    wait_for("the import to be writing", lambda: stack.import_row(pk)[0] == "writing", log=stack.log)

    for role in ("web worker", "task worker", "scheduler"):
        os.kill(before[role], signal.SIGKILL)

    # Each comes back by itself, as a new process.
    def replaced() -> dict[str, int] | None:
        now = stack.processes()
        killed = ("web worker", "task worker", "scheduler")
        return now if all(now.get(role) not in (None, before[role]) for role in killed) else None

    after = wait_for("the killed processes to be replaced", replaced, log=stack.log)
    assert after["web server"] == before["web server"]  # granian itself lived and respawned its worker
    wait_for("the web server to answer again", stack.answers, log=stack.log)

    # The import ends stopped, never stuck, and nothing of it was written.
    status, errors, task_id = wait_for(
        "the interrupted import to be stopped", lambda: stack.finished(pk), log=stack.log
    )
    assert status == "error"
    with translation.override("zh-hans"):  # the uploader's language, the site's default
        assert json.loads(errors)[0]["message"] == str(INTERRUPTED)
    task_row = "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?"
    assert stack.query(task_row, task_id.replace("-", "")) == [("FAILED",)]
    assert stack.count("registry_resident") == 0
    assert stack.count("registry_household") == 0

    # Retried, the restarted worker imports it whole; a new import goes through too.
    stack.gate.unlink()
    retried = api.post(f"/roster-imports/{pk}/retry")
    assert retried.status_code == 200, retried.text
    status, errors, _ = wait_for("the retried import to finish", lambda: stack.finished(pk), log=stack.log)
    assert status == "done", errors
    assert stack.count("registry_resident") == 30
    sent = api.post(
        "/roster-imports",
        data={"community": setup["community"]},
        files={"file": ("名册2.xlsx", roster(range(201, 206), dt.date(1970, 1, 1)), XLSX)},
    )
    assert sent.status_code == 201, sent.text
    second = sent.json()["id"]
    status, errors, _ = wait_for("the new import to finish", lambda: stack.finished(second), log=stack.log)
    assert status == "done", errors
    assert stack.count("registry_resident") == 35
    # Both rosters are gone from disk.
    assert not [p for p in (stack.var / "media").rglob("*") if p.is_file()]

    # granian itself killed: the supervisor starts a new one.
    os.kill(after["web server"], signal.SIGKILL)
    wait_for(
        "a new web server",
        lambda: stack.processes().get("web server") not in (None, after["web server"]),
        log=stack.log,
    )
    wait_for("the new web server to answer", stack.answers, log=stack.log)

    # A SIGTERM still stops everything.
    running = stack.processes()
    stack.process.send_signal(signal.SIGTERM)
    assert stack.process.wait(timeout=DEADLINE) == 0
    assert not [role for role, pid in running.items() if alive(pid)]
    log = stack.log.read_text()
    assert "task worker killed by SIGKILL; restarting" in log
    assert "scheduler killed by SIGKILL; restarting" in log
