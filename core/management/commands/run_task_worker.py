"""The task worker: django-tasks' `db_worker`, which first settles the tasks a dead predecessor left."""

import os
import socket

from django_tasks_db.management.commands import db_worker

from core.taskworker import settle_interrupted


class Command(db_worker.Command):
    help = (
        "Run the database task worker. Give each worker a stable --worker-id, unique in the deployment "
        "(bin/supervise.py gives <host>:<port>): the tasks a killed worker of that id left running are "
        "marked failed when it starts again. Without one, the id is new each time and nothing is settled."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # The default names this very process, so it can never settle (fail) another live worker's tasks.
        parser.set_defaults(worker_id=f"{socket.gethostname()}:{os.getpid()}"[-64:], reload=False)

    def handle(self, *args, **options):
        self.configure_logging(options["verbosity"])
        if count := settle_interrupted(options["worker_id"]):
            self.stdout.write(
                f"{count} task(s) interrupted by the previous worker {options['worker_id']} marked failed."
            )
        super().handle(*args, **options)
