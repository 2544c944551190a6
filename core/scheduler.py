"""Periodic jobs: each app registers its own from its `AppConfig.ready()`; `manage.py run_scheduler` runs them.

A job runs once per deployment however many schedulers are started (one beside each app
server): its `ScheduledJob` row is claimed with one conditional UPDATE, due and without a live
lease, and only the scheduler whose update changed the row runs it. A scheduler that dies
mid-run leaves a lease that expires, and the job is tried again then. Jobs must therefore be
safe to run twice (every job here is: each notice, reminder or release happens once per row).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading
import time
import traceback
from collections.abc import Callable

from django.db import connections
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import Promise

from core.models import ScheduledJob

logger = logging.getLogger(__name__)

# The longest a scheduler sleeps between looks at the table: a job added by a deploy, or a row
# released by another scheduler, is noticed within this.
LONGEST_SLEEP = 60.0


@dataclasses.dataclass(frozen=True)
class Job:
    name: str
    func: Callable[[], object]
    every: dt.timedelta
    title: str | Promise
    # How long a run may take before another scheduler assumes it crashed and runs it again.
    lease: dt.timedelta


JOBS: dict[str, Job] = {}


def register_job(
    name: str,
    func: Callable[[], object],
    *,
    every: dt.timedelta,
    title: str | Promise = "",
    lease: dt.timedelta = dt.timedelta(hours=1),
) -> Job:
    """Run `func()` (no arguments) every `every`; its return value is kept as the run's result."""
    if every <= dt.timedelta(0) or lease <= dt.timedelta(0):
        raise ValueError(f"Job {name}: give a positive interval and lease.")
    job = Job(name=name, func=func, every=every, title=title or name, lease=lease)
    existing = JOBS.get(name)
    if existing is not None and existing.func is not func:
        raise ValueError(f"Two different functions are registered as the periodic job {name}.")
    JOBS[name] = job
    return job


def registered_jobs() -> list[Job]:
    return [JOBS[name] for name in sorted(JOBS)]


def ensure_rows(jobs: list[Job], *, now: dt.datetime | None = None) -> None:
    """Create the row of each job seen for the first time, due at once (as a restart always ran them)."""
    now = now or timezone.now()
    # Read first: most passes find every row there and need not take SQLite's write lock.
    known = set(ScheduledJob.objects.filter(name__in=[job.name for job in jobs]).values_list("name", flat=True))
    if missing := [ScheduledJob(name=job.name, next_run_at=now) for job in jobs if job.name not in known]:
        ScheduledJob.objects.bulk_create(missing, ignore_conflicts=True)


def claim(job: Job, *, now: dt.datetime) -> bool:
    """Take the job's lease if it is due and nobody holds a live one; True when this caller won."""
    return bool(
        ScheduledJob.objects.filter(name=job.name, next_run_at__lte=now)
        .filter(Q(running_until__isnull=True) | Q(running_until__lt=now))
        .update(running_until=now + job.lease, last_started_at=now)
    )


def drop_stale_connections() -> None:
    """What Django does around each request, for this long-lived process: close connections that
    are broken or past their age. Not inside a transaction (tests run the loop in one)."""
    for conn in connections.all(initialized_only=True):
        if not conn.in_atomic_block:
            conn.close_if_unusable_or_obsolete()


@dataclasses.dataclass(frozen=True)
class Outcome:
    name: str
    ok: bool
    result: str
    seconds: float


def run_job(job: Job, *, now: dt.datetime | None = None) -> Outcome | None:
    """Claim and run one job; None when it was not due or another scheduler holds it.

    Call outside any transaction: the claim must be visible to other schedulers at once, and
    the job's services open their own.
    """
    started = now or timezone.now()
    if not claim(job, now=started):
        return None
    clock = time.monotonic()
    # The lease is ours while last_started_at is still our start: a run that outlived its lease
    # and was taken over must not overwrite the newer run's state.
    mine = ScheduledJob.objects.filter(name=job.name, last_started_at=started)
    try:
        result = job.func()
    except Exception:
        seconds = time.monotonic() - clock
        logger.exception("Periodic job %s failed after %.1f s", job.name, seconds)
        error = traceback.format_exc()[-4000:]
        drop_stale_connections()  # a job that broke the connection must not break the record of it
        updated = mine.update(
            running_until=None,
            next_run_at=started + job.every,
            last_error=error,
            last_failed_at=timezone.now(),
            failures=F("failures") + 1,
        )
        outcome = Outcome(job.name, ok=False, result=error.strip().rsplit("\n", 1)[-1][:200], seconds=seconds)
    else:
        seconds = time.monotonic() - clock
        text = "" if result is None else str(result)[:200]
        updated = mine.update(
            running_until=None,
            next_run_at=started + job.every,
            last_finished_at=timezone.now(),
            last_result=text,
            last_error="",
            failures=0,
        )
        logger.info("Periodic job %s finished in %.1f s: %s", job.name, seconds, text)
        outcome = Outcome(job.name, ok=True, result=text, seconds=seconds)
    if not updated:
        logger.warning("Periodic job %s ran longer than its lease of %s; another run took over.", job.name, job.lease)
    return outcome


def run_due_jobs(*, stop: threading.Event | None = None, now: dt.datetime | None = None) -> list[Outcome]:
    """Run every registered job that is due and free, one after another; stop between jobs when asked."""
    jobs = registered_jobs()
    ensure_rows(jobs, now=now)
    outcomes = []
    for job in jobs:
        if stop is not None and stop.is_set():
            break
        outcome = run_job(job, now=now)
        if outcome is not None:
            outcomes.append(outcome)
    return outcomes


def seconds_until_due(*, now: dt.datetime | None = None, longest: float = LONGEST_SLEEP) -> float:
    """How long to sleep before some job may be due or free again, at most `longest`."""
    now = now or timezone.now()
    soonest = None
    for next_run_at, running_until in ScheduledJob.objects.filter(name__in=list(JOBS)).values_list(
        "next_run_at", "running_until"
    ):
        at = max(next_run_at, running_until) if running_until else next_run_at
        soonest = at if soonest is None else min(soonest, at)
    if soonest is None:
        return longest
    return min(max((soonest - now).total_seconds(), 0.0), longest)


def run_forever(
    *,
    stop: threading.Event,
    longest: float = LONGEST_SLEEP,
    report: Callable[[Outcome], None] | None = None,
) -> None:
    """Run due jobs until `stop` is set; a job under way is finished first.

    Between passes it closes connections the database dropped, so it needs database access even
    when a pass is mocked away.
    """
    while not stop.is_set():
        drop_stale_connections()
        try:
            for outcome in run_due_jobs(stop=stop):
                if report:
                    report(outcome)
            wait = seconds_until_due(longest=longest)
        except Exception:
            # The database may be away for a moment (a restart, a failover): keep trying.
            logger.exception("The scheduler could not read its jobs; trying again in %.0f s", longest)
            wait = longest
        stop.wait(max(wait, 0.05))
    drop_stale_connections()
