"""Walk the hash chains (core.chain): the audit log's and the service-hour ledger's; name the
first row that does not hold."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from core import chain
from core.audit import CHAIN


class Command(BaseCommand):
    help = (
        "Check that no audit row or ledger entry was changed or deleted since it was written: exit 1 naming "
        "the first broken row, else say how many rows each intact chain holds."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000, help="Rows read per query (default %(default)s).")
        parser.add_argument(
            "--anchor",
            default="",
            help="A last hash of the audit log printed earlier (or a backup manifest's audit_head) that must "
            "still be in the chain.",
        )
        parser.add_argument("--database", default="default", help="The database to check (default %(default)s).")

    def handle(self, *args, **options):
        if options["batch"] < 1:
            raise CommandError(_("Give --batch a whole number of rows above zero."))
        # The audit log first, then the chains the apps registered, by name.
        for _name, walked in sorted(chain.CHAINS.items(), key=lambda item: (item[1] is not CHAIN, item[0])):
            anchor = options["anchor"] if walked is CHAIN else ""
            verdict = chain.verify(walked, batch=options["batch"], using=options["database"], anchor=anchor)
            label = str(walked.model._meta.verbose_name_plural)
            if verdict.broken is not None:
                broken = verdict.broken
                when = timezone.localtime(broken.at).strftime("%Y-%m-%d %H:%M:%S") if broken.at else "—"
                raise CommandError(
                    _("%(chain)s: the chain is broken at row %(id)s (written %(when)s): %(reason)s")
                    % {"chain": label, "id": broken.id, "when": when, "reason": broken.reason}
                )
            self.stdout.write(
                _("%(chain)s: %(rows)s rows, chain intact (last hash %(head)s).")
                % {"chain": label, "rows": verdict.rows, "head": verdict.head or "—"}
            )
