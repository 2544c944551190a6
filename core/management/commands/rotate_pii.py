"""Re-encrypt personal data with the newest key and, after a new PII_HASH_KEY, recompute its hashes."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import pii, pii_rotation


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted column (*_enc of every model) with the first key of "
        "PII_ENCRYPTION_KEY, in batches; with --hash, recompute every keyed hash (*_hash) with "
        "PII_HASH_KEY, which needs the old one in PII_HASH_KEY_OLD. Safe to stop and run again. "
        "See docs/OPERATIONS.md, Keys and rotation."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hash", action="store_true", help="Also recompute the keyed hashes (after PII_HASH_KEY changed)."
        )
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per transaction (default 500).")

    def handle(self, *args, **options):
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be 1 or more.")
        if options["hash"] and not settings.PII_HASH_KEY_OLD:
            raise CommandError(
                "Set PII_HASH_KEY_OLD to the hash key being replaced (the word 'derived' if none was set), "
                "and PII_HASH_KEY to the new one, then run this again."
            )
        if options["hash"] and settings.PII_HASH_KEY_OLD == settings.PII_HASH_KEY:
            raise CommandError("PII_HASH_KEY_OLD equals PII_HASH_KEY: set PII_HASH_KEY to the new key.")
        pii.reset_keys()
        pii.validate_keys()
        tally = pii_rotation.rotate(rehash=options["hash"], batch_size=options["batch_size"], log=self.stdout.write)
        self.stdout.write(
            f"{tally.rows} rows read, {tally.reencrypted} values re-encrypted, {tally.rehashed} hashes recomputed."
        )
        if tally.unexpected_hashes:
            self.stderr.write(
                f"{tally.unexpected_hashes} stored hashes matched neither PII_HASH_KEY_OLD nor PII_HASH_KEY; "
                "they were recomputed from the decrypted values. Check PII_HASH_KEY_OLD was the key in use."
            )
        if len(pii.encryption_keys()) > 1:
            self.stdout.write("Every value is under the first key now: remove the older keys from PII_ENCRYPTION_KEY.")
        if options["hash"]:
            self.stdout.write("Every hash is under PII_HASH_KEY now: unset PII_HASH_KEY_OLD.")
