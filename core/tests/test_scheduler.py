"""Periodic jobs: registration, the due/claim logic, leases, failures, the race between schedulers, SIGTERM."""

import dataclasses
import datetime as dt
import logging
import os
import signal
import threading
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from core import scheduler
from core.models import ScheduledJob

T0 = dt.datetime(2025, 3, 10, 8, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def jobs(monkeypatch):
    """An empty registry for the test's own jobs; the apps' registrations are left untouched."""
    registry: dict[str, scheduler.Job] = {}
    monkeypatch.setattr(scheduler, "JOBS", registry)
    return registry


class Counter:
    def __init__(self, result=None, pause=0.0):
        self.calls = 0
        self.result = result
        self.pause = pause
        self.lock = threading.Lock()

    def __call__(self):
        with self.lock:
            self.calls += 1
        time.sleep(self.pause)
        return self.result


def test_the_apps_register_their_jobs_with_the_services_the_commands_call():
    from activities.notifications import send_reminders
    from activities.services import finish_ended_activities
    from registry.import_runs import settle_roster_imports
    from volunteering.services import close_notices
    from wishes.services import release_overdue_claims

    registered = {job.name: job for job in scheduler.registered_jobs()}
    assert registered["close_notices"].func is close_notices
    assert registered["send_activity_reminders"].func is send_reminders
    assert registered["finish_activities"].func is finish_ended_activities
    assert registered["release_overdue_claims"].func is release_overdue_claims
    assert registered["settle_roster_imports"].func is settle_roster_imports
    # Imports left by a dead worker are settled within minutes; the rest run hourly.
    assert registered["settle_roster_imports"].every < HOUR
    assert all(job.every == HOUR for name, job in registered.items() if name != "settle_roster_imports")


def test_registering_again_is_harmless_but_a_second_function_under_one_name_is_refused(jobs):
    func = Counter()
    scheduler.register_job("tidy", func, every=HOUR)
    scheduler.register_job("tidy", func, every=HOUR)
    assert list(jobs) == ["tidy"]
    with pytest.raises(ValueError, match="tidy"):
        scheduler.register_job("tidy", Counter(), every=HOUR)
    with pytest.raises(ValueError):
        scheduler.register_job("never", func, every=dt.timedelta(0))


@pytest.mark.django_db
def test_a_new_job_runs_at_once_then_once_per_interval(jobs):
    func = Counter(result=3)
    scheduler.register_job("tidy", func, every=HOUR)

    outcomes = scheduler.run_due_jobs(now=T0)
    assert [(o.name, o.ok, o.result) for o in outcomes] == [("tidy", True, "3")]
    row = ScheduledJob.objects.get(name="tidy")
    assert (row.last_started_at, row.next_run_at, row.running_until, row.last_result) == (T0, T0 + HOUR, None, "3")
    assert row.last_finished_at is not None

    assert scheduler.run_due_jobs(now=T0 + dt.timedelta(minutes=59)) == []
    assert func.calls == 1
    assert scheduler.run_due_jobs(now=T0 + HOUR)[0].name == "tidy"
    assert func.calls == 2


@pytest.mark.django_db
def test_a_held_lease_keeps_others_off_until_it_expires(jobs):
    """A scheduler that died mid-run leaves its lease; the job is run again once the lease is over."""
    func = Counter()
    job = scheduler.register_job("tidy", func, every=HOUR, lease=dt.timedelta(minutes=30))
    scheduler.ensure_rows([job], now=T0)
    assert scheduler.claim(job, now=T0)  # ... and the process is killed here

    assert scheduler.claim(job, now=T0) is False
    assert scheduler.run_due_jobs(now=T0 + dt.timedelta(minutes=29)) == []
    assert scheduler.run_due_jobs(now=T0 + dt.timedelta(minutes=30)) == []
    assert [o.name for o in scheduler.run_due_jobs(now=T0 + dt.timedelta(minutes=31))] == ["tidy"]
    assert func.calls == 1
    assert ScheduledJob.objects.get(name="tidy").running_until is None


@pytest.mark.django_db
def test_a_run_that_outlived_its_lease_does_not_overwrite_the_run_that_took_over(jobs):
    later = T0 + dt.timedelta(minutes=45)
    fresh = scheduler.register_job("tidy", Counter(result="fresh"), every=HOUR, lease=dt.timedelta(minutes=30))

    def slow():
        scheduler.run_job(fresh, now=later)  # meanwhile another scheduler finds the lease over
        return "late"

    scheduler.ensure_rows([fresh], now=T0)
    scheduler.run_job(dataclasses.replace(fresh, func=slow), now=T0)
    row = ScheduledJob.objects.get(name="tidy")
    assert (row.last_started_at, row.last_result, row.next_run_at) == (later, "fresh", later + HOUR)


@pytest.mark.django_db
def test_a_failure_is_logged_recorded_and_retried_at_the_next_run(jobs, caplog):
    attempts = []

    def flaky():
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("the mail server said no")
        return 2

    scheduler.register_job("flaky", flaky, every=HOUR)
    with caplog.at_level(logging.ERROR, logger="core.scheduler"):
        outcomes = scheduler.run_due_jobs(now=T0)
    assert outcomes[0].ok is False
    assert "RuntimeError: the mail server said no" in outcomes[0].result
    record = next(r for r in caplog.records if r.name == "core.scheduler")
    assert "flaky" in record.getMessage()
    assert record.exc_info is not None  # the traceback goes to the log

    row = ScheduledJob.objects.get(name="flaky")
    assert "Traceback" in row.last_error
    assert "RuntimeError: the mail server said no" in row.last_error
    assert (row.failures, row.running_until, row.next_run_at) == (1, None, T0 + HOUR)
    assert row.last_failed_at is not None

    assert scheduler.run_due_jobs(now=T0 + HOUR)[0].ok is True
    row.refresh_from_db()
    assert (row.failures, row.last_error, row.last_result) == (0, "", "2")
    assert row.last_failed_at is not None  # staff still see that it failed once


@pytest.mark.django_db
def test_one_failing_job_does_not_keep_the_others_from_running(jobs):
    def broken():
        raise ValueError("broken")

    ok = Counter()
    scheduler.register_job("a-broken", broken, every=HOUR)
    scheduler.register_job("b-fine", ok, every=HOUR)
    outcomes = scheduler.run_due_jobs(now=T0)
    assert [(o.name, o.ok) for o in outcomes] == [("a-broken", False), ("b-fine", True)]
    assert ok.calls == 1


@pytest.mark.django_db
def test_the_scheduler_sleeps_until_the_next_job_is_due_or_free_at_most_the_longest(jobs):
    job = scheduler.register_job("tidy", Counter(), every=dt.timedelta(minutes=10), lease=dt.timedelta(minutes=5))
    assert scheduler.seconds_until_due(now=T0, longest=60) == 60  # no row yet
    scheduler.ensure_rows([job], now=T0)
    assert scheduler.seconds_until_due(now=T0, longest=60) == 0
    scheduler.run_due_jobs(now=T0)
    assert scheduler.seconds_until_due(now=T0, longest=3600) == 600
    assert scheduler.seconds_until_due(now=T0, longest=60) == 60
    ScheduledJob.objects.update(next_run_at=T0, running_until=T0 + dt.timedelta(seconds=90))
    assert scheduler.seconds_until_due(now=T0, longest=3600) == 90


@pytest.mark.django_db(transaction=True)
def test_schedulers_racing_for_a_due_job_run_it_once(jobs):
    """Several app servers each start a scheduler: each job still runs once per deployment."""
    racers = 4
    func = Counter(result="ran", pause=0.3)
    job = scheduler.register_job("tidy", func, every=HOUR)
    scheduler.ensure_rows([job])
    barrier = threading.Barrier(racers)
    results: list = [None] * racers

    def race(i):
        try:
            barrier.wait()
            results[i] = [o.name for o in scheduler.run_due_jobs()]
        except Exception as exc:  # the assertion below shows it
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=race, args=(i,)) for i in range(racers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(results, key=len) == [[]] * (racers - 1) + [["tidy"]], results
    assert func.calls == 1
    row = ScheduledJob.objects.get(name="tidy")
    assert (row.last_result, row.running_until) == ("ran", None)


@pytest.mark.django_db
def test_once_runs_what_is_due_and_exits(jobs):
    func = Counter(result=5)
    scheduler.register_job("tidy", func, every=HOUR)
    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    call_command("run_scheduler", "--once", stdout=out)
    assert func.calls == 1
    assert "tidy: ok" in out.getvalue()


@pytest.fixture
def alarm():
    """Fail rather than hang when the scheduler does not stop."""

    def too_long(signum, frame):
        raise TimeoutError("the scheduler did not stop")

    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(30)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.django_db
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_finishes_the_job_under_way_then_exits(jobs, alarm, sig):
    finished = []

    def stopped_midway():
        os.kill(os.getpid(), sig)  # the service manager stops the scheduler during this job
        time.sleep(0.1)
        finished.append("first")

    later = Counter()
    scheduler.register_job("a-first", stopped_midway, every=HOUR)
    scheduler.register_job("b-second", later, every=HOUR)
    handlers = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    out = StringIO()
    call_command("run_scheduler", "--interval", "0.05", stdout=out)

    assert finished == ["first"]
    assert later.calls == 0  # due, but left for the next scheduler to start
    assert ScheduledJob.objects.get(name="a-first").running_until is None
    assert ScheduledJob.objects.get(name="b-second").last_started_at is None
    assert "Scheduler stopped." in out.getvalue()
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == handlers


def test_the_loop_stops_when_asked_between_passes(jobs, db):
    stop = threading.Event()
    passes = []

    def fake_pass(*, stop):
        passes.append(1)
        if len(passes) == 3:
            stop.set()
        return []

    from unittest import mock

    with (
        mock.patch.object(scheduler, "run_due_jobs", fake_pass),
        mock.patch.object(scheduler, "seconds_until_due", return_value=0.0),
    ):
        scheduler.run_forever(stop=stop, longest=0.01)
    assert len(passes) == 3


def test_the_loop_survives_a_database_outage(jobs, db, caplog):
    stop = threading.Event()
    passes = []

    def failing_pass(*, stop):
        passes.append(1)
        if len(passes) == 2:
            stop.set()
        raise ConnectionError("database restarting")

    from unittest import mock

    with mock.patch.object(scheduler, "run_due_jobs", failing_pass), caplog.at_level(logging.ERROR):
        scheduler.run_forever(stop=stop, longest=0.01)
    assert len(passes) == 2
    assert any(r.exc_info for r in caplog.records if r.name == "core.scheduler")
