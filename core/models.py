from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One row per change or reveal of personal data; rows are never updated or deleted.

    The append-only rule is enforced by database triggers (core.append_only), not by Python, and
    each row carries the hash of the one before it (core.chain), so an edit made around the
    triggers shows: `manage.py verify_audit`.
    """

    # A default rather than auto_now_add: the time is part of the hash, computed before the insert.
    at = models.DateTimeField(_("when"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_name = models.CharField(_("who (name)"), max_length=150, blank=True)
    action = models.CharField(_("what"), max_length=64, db_index=True)
    object_type = models.CharField(_("record type"), max_length=64, blank=True)
    object_id = models.CharField(_("record"), max_length=64, blank=True)
    object_repr = models.CharField(_("record (name)"), max_length=200, blank=True)
    # Plain ids, not foreign keys: the log outlives the records it speaks of.
    community_id = models.BigIntegerField(_("community"), null=True, blank=True, db_index=True)
    county_id = models.BigIntegerField(_("county"), null=True, blank=True)
    origin = models.CharField(_("from where"), max_length=64, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    chain_prev = models.CharField(_("hash of the previous row"), max_length=64, blank=True, editable=False)
    chain_hash = models.CharField(_("hash"), max_length=64, blank=True, editable=False)

    # Not columns: what core.audit.present() attaches for a page to show.
    who: str
    sentence: str
    detail_items: list[tuple[str, str]]

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"


class ScheduledJob(models.Model):
    """The state of one periodic job of `core.scheduler`, shared by every scheduler process.

    A run claims the row with one conditional UPDATE (due, and no live lease), so a job runs
    once per deployment however many app servers start a scheduler; a crashed run's lease
    expires and the job is tried again.
    """

    name = models.CharField(_("job"), max_length=100, unique=True)
    next_run_at = models.DateTimeField(_("next run"))
    running_until = models.DateTimeField(_("running until"), null=True, blank=True)
    last_started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_result = models.CharField(_("last result"), max_length=200, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_failed_at = models.DateTimeField(_("last failed"), null=True, blank=True)
    # Failures in a row: a success resets it, so a non-zero count means the job is failing now.
    failures = models.PositiveIntegerField(_("failures in a row"), default=0)

    class Meta:
        verbose_name = _("periodic job")
        verbose_name_plural = _("periodic jobs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AttemptCount(models.Model):
    """Attempts counted under one key (a login name, a network address), for `core.ratelimit`.

    A table rather than the cache: one conditional UPDATE counts atomically whichever process
    serves the attempt, which DatabaseCache's incr (a read, then a write) does not.
    """

    key = models.CharField(max_length=100, unique=True)
    count = models.PositiveIntegerField(default=0)
    last_at = models.DateTimeField()
    window_ends = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("attempt count")
        verbose_name_plural = _("attempt counts")

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
