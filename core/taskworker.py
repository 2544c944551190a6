"""The task worker (`manage.py run_task_worker`): django-tasks' database worker, restarted safely.

A worker killed mid-task (kill -9, out of memory, a power cut) leaves its task row RUNNING for
ever. Each worker therefore runs under a stable id (bin/supervise.py gives `<host>:<port>`), and a
worker starting under an id first settles what its dead predecessor left RUNNING: the row is
marked failed, and the handler the task's app registered puts its own record right (a roster
import says it was interrupted and may be retried). Ids must be unique across the workers of a
deployment, as django-tasks requires anyway.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


class WorkerInterrupted(Exception):
    """Recorded on a task row whose worker died while running it."""


# task path ("registry.tasks.run_roster_import") -> handler(args, kwargs) run once the row is failed
_HANDLERS: dict[str, Callable[[list[Any], dict[str, Any]], None]] = {}


def on_interrupted(task_path: str, handler: Callable[[list[Any], dict[str, Any]], None]) -> None:
    """Call `handler(args, kwargs)` for each run of the task found interrupted; apps register from ready()."""
    _HANDLERS[task_path] = handler


def settle_interrupted(worker_id: str) -> int:
    """Fail the task rows a dead worker of this id left RUNNING and run their handlers; how many.

    Call before the worker under this id takes any task: a row RUNNING under it then belongs to
    a process that is gone.
    """
    orphans = [row for row in DBTaskResult.objects.running() if row.worker_ids and row.worker_ids[-1] == worker_id]
    for row in orphans:
        logger.warning("Task %s (%s) was interrupted when its worker %s died.", row.id, row.task_path, worker_id)
        row.set_failed(WorkerInterrupted(f"The task worker {worker_id} stopped while running this task."))
        handler = _HANDLERS.get(row.task_path)
        if handler is None:
            continue
        try:
            handler(row.args_kwargs.get("args", []), row.args_kwargs.get("kwargs", {}))
        except Exception:
            # One app's bookkeeping must not keep the worker from starting.
            logger.exception("The interrupted-task handler of %s failed", row.task_path)
    return len(orphans)
