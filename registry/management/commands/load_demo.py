"""Load the demo community (城南社区) into an empty database: `make run` calls it with --if-empty.

Every app's part, in the order the apps are installed (core.demo); the registry's comes first."""

import time

from django.core.management.base import BaseCommand, CommandError

from core import demo
from registry.models import OrgUnit


class Command(BaseCommand):
    help = (
        "Load the invented demo county (城南社区 at the news report's scale, and 城北社区) into an empty "
        "database. --preset county builds 100 communities (~300,000 residents) for benchmarks; "
        "--preset tiny a miniature for tests."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database already has an org tree."
        )
        parser.add_argument("--preset", choices=demo.PRESETS, default="demo")
        parser.add_argument("--seed", type=int, default=demo.SEED, help="Another seed gives other people.")

    def handle(self, *args, if_empty: bool, preset: str, seed: int, **options):
        if OrgUnit.objects.exists():
            if if_empty:
                self.stdout.write("The database already has an org tree; the demo data was not loaded.")
                return
            raise CommandError(
                "The database already has an org tree. Load the demo into an empty database, "
                "or pass --if-empty to skip loading."
            )
        self.stdout.write(f"Loading the {preset} preset (seed {seed})...")
        started = time.monotonic()
        counts = demo.load(preset=preset, seed=seed, log=self.stdout.write)
        summary = ", ".join(f"{value:,} {key.replace('_', ' ')}" for key, value in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Loaded {summary} in {time.monotonic() - started:.1f} s."))
