"""Background work of volunteering, run by the task worker (`manage.py run_task_worker`)."""

from django_tasks import task

from volunteering import services


@task()
def close_notices() -> int:
    """Record the entries whose notice has ended; enqueue it daily (it is idempotent)."""
    return services.close_notices()
