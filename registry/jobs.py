"""The registry's background bookkeeping: its periodic job (core.scheduler) and what it does for a
task its worker died running (core.taskworker)."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from core.scheduler import register_job
from core.taskworker import on_interrupted
from registry import import_runs
from registry.tasks import run_roster_import


def register() -> None:
    on_interrupted(run_roster_import.module_path, import_runs.task_interrupted)
    # Catches what a restarted worker cannot: a worker that never comes back under its old id.
    register_job(
        "settle_roster_imports",
        import_runs.settle_roster_imports,
        every=dt.timedelta(minutes=5),
        title=_("Stop roster imports a dead task worker left, and delete uploaded rosters no longer needed"),
        lease=dt.timedelta(minutes=10),
    )
