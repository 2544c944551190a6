"""The task worker: django-tasks' `db_worker`, which first settles the tasks a dead predecessor left."""

import socket

from django_tasks_db.management.commands import db_worker

from core.taskworker import settle_interrupted


class Command(db_worker.Command):
    help = (
        "Run the database task worker. Give each worker a stable --worker-id unique in the deployment "
        "(default: this host's name): tasks a killed worker of the same id left running are marked failed "
        "when it starts again."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # A random id (db_worker's default) could never be recognised again after a restart.
        parser.set_defaults(worker_id=socket.gethostname()[:64], reload=False)

    def handle(self, *args, **options):
        self.configure_logging(options["verbosity"])
        if count := settle_interrupted(options["worker_id"]):
            self.stdout.write(
                f"{count} task(s) interrupted by the previous worker {options['worker_id']} marked failed."
            )
        super().handle(*args, **options)
