"""Run Linli's long-running processes and keep them running: the web server, the task worker and
the scheduler of periodic jobs.

A child that ends for any reason but our own stop is started again after a short pause, longer
each time it dies young (1 s doubling to 30 s; back to 1 s once it has lived a minute), with a
line on stderr each time. Granian also respawns its own workers, so a dead web worker is
replaced without the server going down. SIGTERM or Ctrl-C stops every child with SIGTERM (the
scheduler finishes the job under way, the task worker its task) and kills what is left after
STOP_GRACE seconds. Standard library only: it must keep running whatever breaks in the app.

Settings from the environment: HOST, PORT, WORKERS, LINLI_VAR_DIR (logs: <var>/worker.log,
<var>/scheduler.log), STOP_GRACE.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
FIRST_PAUSE, LONGEST_PAUSE, HEALTHY_AFTER = 1.0, 30.0, 60.0


def log(message: str) -> None:
    sys.stderr.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} supervise: {message}\n")
    sys.stderr.flush()


def signal_group(pid: int, sig: int) -> None:
    """Signal a child's whole process group (it leads one: see Child.start); gone is fine."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)


@dataclasses.dataclass
class Child:
    name: str
    argv: list[str]
    log_path: Path | None = None  # None: the supervisor's own stdout
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    restart_at: float = 0.0
    pause: float = FIRST_PAUSE

    def start(self) -> None:
        out: IO | None = self.log_path.open("ab") if self.log_path else None
        # A session of its own: Ctrl-C in the terminal reaches the supervisor alone, and the whole
        # group (granian's workers too) can be signalled and cleaned up at once.
        self.process = subprocess.Popen(  # noqa: S603 - our own fixed commands
            self.argv, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT if out else None, start_new_session=True
        )
        if out:
            out.close()
        self.started_at = time.monotonic()
        log(f"{self.name} started (pid {self.process.pid})")

    def reap(self, now: float) -> None:
        """If the child has ended, clean up its group and schedule its restart."""
        if self.process is None or (code := self.process.poll()) is None:
            return
        how = f"killed by {signal.Signals(-code).name}" if code < 0 else f"exited with code {code}"
        signal_group(self.process.pid, signal.SIGKILL)  # a dead granian must not leave workers on the port
        self.process = None
        if now - self.started_at >= HEALTHY_AFTER:
            self.pause = FIRST_PAUSE
        self.restart_at = now + self.pause
        log(f"{self.name} {how}; restarting in {self.pause:.0f} s")
        self.pause = min(self.pause * 2, LONGEST_PAUSE)


class Supervisor:
    def __init__(self, children: list[Child], *, grace: float):
        self.children = children
        self.grace = grace
        self.stopping = False

    def ask_to_stop(self, signum: int, frame: object) -> None:
        if not self.stopping:
            log(f"{signal.Signals(signum).name}: stopping everything")
        self.stopping = True

    def run(self) -> int:
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, self.ask_to_stop)
        for child in self.children:
            child.start()
        while not self.stopping:
            now = time.monotonic()
            for child in self.children:
                child.reap(now)
                if child.process is None and now >= child.restart_at and not self.stopping:
                    child.start()
            time.sleep(0.2)
        return self.stop()

    def stop(self) -> int:
        running = [c for c in self.children if c.process is not None and c.process.poll() is None]
        for child in running:
            signal_group(child.process.pid, signal.SIGTERM)  # type: ignore[union-attr]
        deadline = time.monotonic() + self.grace
        for child in running:
            try:
                child.process.wait(timeout=max(deadline - time.monotonic(), 0.1))  # type: ignore[union-attr]
            except subprocess.TimeoutExpired:
                log(f"{child.name} did not stop within {self.grace:.0f} s; killing it")
        for child in self.children:
            if child.process is not None:
                signal_group(child.process.pid, signal.SIGKILL)
                child.process.wait()
        log("stopped")
        return 0


def children_from_env() -> list[Child]:
    python, granian = str(ROOT / ".venv/bin/python"), str(ROOT / ".venv/bin/granian")
    host, port = os.environ.get("HOST", "127.0.0.1"), os.environ.get("PORT", "8000")
    var = Path(os.environ.get("LINLI_VAR_DIR") or ROOT / "var")
    (var / "static").mkdir(parents=True, exist_ok=True)  # granian refuses a missing mount
    # Stable and unique per app server: a restarted worker recognises the tasks its predecessor
    # left running (core.taskworker).
    worker_id = f"{socket.gethostname()}:{port}"[-64:]
    web = [granian, "--interface", "wsgi", "--host", host, "--port", port]
    web += ["--workers", os.environ.get("WORKERS", "2"), "--blocking-threads", "4", "--no-ws"]
    web += ["--respawn-failed-workers", "--respawn-interval", "1"]
    web += ["--static-path-route", "/static", "--static-path-mount", str(var / "static"), "config.wsgi:application"]
    worker = [python, "manage.py", "run_task_worker", "--queue-name", "default", "--interval", "1"]
    return [
        Child("task worker", [*worker, "--worker-id", worker_id], var / "worker.log"),
        # The periodic jobs the apps register. Every app server may start one: each job still runs
        # once per deployment, and its failures show on the Periodic jobs page.
        Child("scheduler", [python, "manage.py", "run_scheduler"], var / "scheduler.log"),
        Child("web server", web),
    ]


def main() -> int:
    # Logs, the SQLite file and uploads hold personal data: nothing this tree creates is readable by others.
    os.umask(0o077)
    grace = float(os.environ.get("STOP_GRACE", "30"))
    return Supervisor(children_from_env(), grace=grace).run()


if __name__ == "__main__":
    sys.exit(main())
