"""The supervisor's restart rules, on short-lived children (the whole stack: test_kill_the_stack)."""

import importlib.util
import re
import signal
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("supervise", ROOT / "bin" / "supervise.py")
supervise = importlib.util.module_from_spec(spec)
sys.modules["supervise"] = supervise  # dataclasses look their module up
spec.loader.exec_module(supervise)


def ended(child, *, deadline: float = 60.0) -> None:
    """Reap the child once it has exited (polled; how fast a process exits is not assumed)."""
    until = time.monotonic() + deadline
    while child.process is not None and time.monotonic() < until:
        child.reap(time.monotonic())
        time.sleep(0.05)
    assert child.process is None, "the child did not end"


def test_a_child_dying_young_waits_longer_each_time(capsys):
    child = supervise.Child("crasher", [sys.executable, "-c", "raise SystemExit(3)"])
    for _ in range(7):
        child.start()
        ended(child)
    said = re.findall(r"crasher exited with code 3; restarting in (\d+) s", capsys.readouterr().err)
    assert said == ["1", "2", "4", "8", "16", "30", "30"]


def test_a_child_that_lived_a_while_restarts_quickly_again(monkeypatch):
    child = supervise.Child("worker", [sys.executable, "-c", "pass"])
    child.pause = 16.0
    child.start()
    monkeypatch.setattr(supervise, "HEALTHY_AFTER", 0.0)  # as if it had run for a minute
    ended(child)
    assert child.pause == 2.0  # restarted after 1 s, and the next pause doubles from there


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGKILL"])
def test_a_killed_child_is_logged_by_signal(capsys, signame):
    child = supervise.Child("sleeper", [sys.executable, "-c", "import time; time.sleep(60)"])
    child.start()
    supervise.signal_group(child.process.pid, getattr(signal, signame))
    ended(child)
    assert f"sleeper killed by {signame}" in capsys.readouterr().err
