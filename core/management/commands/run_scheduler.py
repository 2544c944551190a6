"""Run the periodic jobs the apps register (core.scheduler): bin/serve starts one beside each app server."""

import signal
import threading

from django.core.management.base import BaseCommand

from core import scheduler


class Command(BaseCommand):
    help = (
        "Run due periodic jobs, then sleep until the next is due; SIGTERM or Ctrl-C finishes the job "
        "under way and exits. Any number may run at once: each job runs once per deployment."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run the jobs that are due, then exit (for cron).")
        parser.add_argument(
            "--interval",
            type=float,
            default=scheduler.LONGEST_SLEEP,
            help="Look at the jobs at least this often, in seconds (default %(default)s).",
        )

    def handle(self, *args, **options):
        if options["once"]:
            for outcome in scheduler.run_due_jobs():
                self.report(outcome)
            return
        stop = threading.Event()

        def ask_to_stop(signum, frame):
            self.stdout.write(f"{signal.Signals(signum).name}: stopping after the job under way.")
            stop.set()

        previous = {sig: signal.signal(sig, ask_to_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            names = ", ".join(job.name for job in scheduler.registered_jobs())
            self.stdout.write(f"Scheduler running: {names}.")
            scheduler.run_forever(stop=stop, longest=options["interval"], report=self.report)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write("Scheduler stopped.")

    def report(self, outcome: scheduler.Outcome) -> None:
        state = "ok" if outcome.ok else "FAILED"
        self.stdout.write(f"{outcome.name}: {state} in {outcome.seconds:.1f} s: {outcome.result}")
        self.stdout.flush()
