"""Volunteers, teams, the service-hour ledger, star levels and certificates.

The ledger follows China's rules on volunteer service records: true, accurate, complete and
timely; whoever organises records, whoever records certifies. Records are never edited: a
correction is a new entry that amends or reverses an earlier one, with its reason.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.append_only import LEDGER_COLUMNS
from core.chain import Chain
from core.models_mixins import BilingualNameMixin
from core.pii import mask_name
from core.scoping import ScopedQuerySet
from registry.models import OrgUnit


class VolunteeringSettings(models.Model):
    """A community's own settings for volunteering; defaults apply where a community has none."""

    SIGNUP_LIMIT_DEFAULT = 10
    SIGNUP_LIMIT_MAX = 100

    community = models.OneToOneField(OrgUnit, on_delete=models.CASCADE, related_name="volunteering_settings")
    notice_working_days = models.PositiveSmallIntegerField(_("notice period (working days)"), default=3)
    person_in_charge = models.CharField(_("person in charge"), max_length=50, blank=True)
    clerk = models.CharField(_("clerk"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    # Attempts of the public sign-up per hour from one mobile number or one browser (see
    # volunteering.signup_limits); the network address has only a loose ceiling, for drives on one Wi-Fi.
    signup_limit = models.PositiveSmallIntegerField(
        _("sign-up attempts per mobile number or device per hour"), default=SIGNUP_LIMIT_DEFAULT
    )
    # The last volunteer number handed out here; taken under a row lock so numbers never repeat.
    last_volunteer_seq = models.PositiveIntegerField(default=0)
    last_certificate_seq = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("volunteering settings")
        verbose_name_plural = _("volunteering settings")
        constraints = [
            models.CheckConstraint(name="volsettings_notice_bounds", condition=Q(notice_working_days__lte=30)),
            models.CheckConstraint(
                name="volsettings_signup_limit_bounds", condition=Q(signup_limit__gte=1, signup_limit__lte=100)
            ),
        ]

    def __str__(self) -> str:
        return str(self.community)


class Skill(BilingualNameMixin, models.Model):
    """A skill or qualification (doctor, lawyer, teacher, electrician, ...); built-ins have no community."""

    code = models.SlugField(max_length=40)
    name = models.CharField(_("name"), max_length=40)
    name_en = models.CharField(_("English name"), max_length=60, blank=True)
    community = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["community_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=Q(community__isnull=True), name="skill_unique_builtin"),
            models.UniqueConstraint(fields=["community", "code"], name="skill_unique_in_community"),
        ]

    def __str__(self) -> str:
        return self.label


class Volunteer(models.Model):
    """志愿者: a registered volunteer of one community, with a number that is never the ID number."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for approval")
        ACTIVE = "active", _("registered")
        REJECTED = "rejected", _("not approved")
        INACTIVE = "inactive", _("no longer active")

    class IdType(models.TextChoices):
        RESIDENT_ID = "resident_id", _("resident ID card")
        HK_MACAO = "hk_macao", _("Hong Kong/Macao permit")
        TAIWAN = "taiwan", _("Taiwan permit")
        PASSPORT = "passport", _("passport")

    class PoliticalStatus(models.TextChoices):
        PARTY_MEMBER = "party_member", _("Communist Party member")
        LEAGUE_MEMBER = "league_member", _("Communist Youth League member")
        MASSES = "masses", _("ordinary citizen")
        OTHER = "other", _("other")

    county = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(OrgUnit, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("volunteer number"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=50, db_index=True)
    gender = models.CharField(_("gender"), max_length=1, choices=[("M", _("male")), ("F", _("female"))], blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    id_type = models.CharField(_("ID type"), max_length=16, choices=IdType.choices, default=IdType.RESIDENT_ID)
    id_number_enc = models.TextField(blank=True)
    id_number_hash = models.CharField(max_length=64, blank=True)
    id_number_masked = models.CharField(_("ID number"), max_length=32, blank=True)
    phone_enc = models.TextField(blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True)
    phone_masked = models.CharField(_("phone"), max_length=20, blank=True)
    resident = models.OneToOneField(
        "registry.Resident",
        verbose_name=_("resident record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="volunteer"
    )
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), blank=True, related_name="volunteers")
    qualifications = models.CharField(_("qualifications"), max_length=200, blank=True)
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    political_status = models.CharField(
        _("political status"), max_length=16, choices=PoliticalStatus.choices, default=PoliticalStatus.MASSES
    )
    photo = models.ImageField(_("photo"), upload_to="volunteers/%Y/", blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    rejection_reason = models.CharField(_("reason"), max_length=200, blank=True)
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    approved_at = models.DateTimeField(null=True, blank=True)
    # Cumulative hours of recorded (past the notice period) service: kept by the ledger services
    # so the volunteer page and leaderboards need no sum over millions of rows.
    recorded_hours = models.DecimalField(_("recorded hours"), max_digits=9, decimal_places=2, default=Decimal(0))

    objects = ScopedQuerySet.as_manager()
    scope_fields = {
        "county": "county_id",
        "community": "community_id",
        "volunteer": "pk",
        "team": "team_memberships__team_id",
    }

    # Not a column: put by volunteering.queries.attach_stars for a page.
    stars: int

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash"], condition=~Q(id_number_hash=""), name="volunteer_unique_id"
            ),
            models.CheckConstraint(
                name="volunteer_status_valid", condition=Q(status__in=["pending", "active", "rejected", "inactive"])
            ),
            models.CheckConstraint(name="volunteer_hours_not_negative", condition=Q(recorded_hours__gte=0)),
        ]
        indexes = [models.Index(fields=["community", "status"], name="volunteer_community_status")]

    def __str__(self) -> str:
        return f"{self.name} ({self.number})"

    def get_absolute_url(self) -> str:
        return reverse("volunteering:volunteer-detail", args=[self.pk])

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)


class Team(models.Model):
    """志愿服务队: a team of one type; sub-teams (the four women's teams) sit under a parent."""

    class Type(models.TextChoices):
        PARTY_IN_SERVICE = "party_in_service", _("in-service party members")
        WOMEN = "women", _("women's (巾帼)")
        PATROL = "patrol", _("security patrol")
        YOUTH = "youth", _("youth")
        DISABILITY_AID = "disability_aid", _("hardship and disability aid")
        LEGAL = "legal", _("legal publicity")
        CUSTOM = "custom", _("other")

    county = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(OrgUnit, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey(
        "self", verbose_name=_("parent team"), null=True, blank=True, on_delete=models.PROTECT, related_name="sub_teams"
    )
    name = models.CharField(_("name"), max_length=100)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"county": "county_id", "community": "community_id", "team": "pk"}

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["community_id", "parent_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="team_unique_name"),
            models.CheckConstraint(name="team_not_own_parent", condition=~Q(parent=F("id"))),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("volunteering:team-detail", args=[self.pk])


class TeamMembership(models.Model):
    """A volunteer in a team, as member or leader; joining by request needs the leader's approval."""

    class Role(models.TextChoices):
        MEMBER = "member", _("member")
        LEADER = "leader", _("leader")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("asked to join")
        ACTIVE = "active", _("member")
        DECLINED = "declined", _("not accepted")
        LEFT = "left", _("left")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="team_memberships")
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    # Not a column: the hours volunteering.queries.team_roster puts on a member for a period.
    period_hours: Decimal

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "volunteer"],
                condition=Q(status__in=["requested", "active"]),
                name="teammembership_one_open",
            ),
            models.CheckConstraint(
                name="teammembership_leader_active", condition=~Q(role="leader") | Q(status="active")
            ),
        ]
        indexes = [models.Index(fields=["volunteer", "status"], name="teammember_volunteer_status")]

    def __str__(self) -> str:
        return f"{self.volunteer.name} @ {self.team.name}"


class ServiceRecord(models.Model):
    """One entry of the service-hour ledger. Never updated except for its notice status.

    An amendment or reversal is a new row pointing at the one it corrects (`corrects`), with
    signed hours: a reversal of 3 hours is -3. A volunteer's total is the sum of recorded rows.
    Each entry carries the hash of the one before it (`LEDGER`, core.chain): write it with
    `core.chain.create(LEDGER, entry)`.
    """

    class Kind(models.TextChoices):
        SERVICE = "service", _("service")
        AMENDMENT = "amendment", _("amendment")
        REVERSAL = "reversal", _("reversal")

    class Status(models.TextChoices):
        NOTICE = "notice", _("on public notice")
        RECORDED = "recorded", _("recorded")
        WITHDRAWN = "withdrawn", _("withdrawn during notice")

    # No single-column indexes on these: PostgreSQL preferred them to the (x, served_on)
    # composites below and read a volunteer's or a team's whole history for a year's figures.
    county = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", db_index=False)
    community = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", db_index=False)
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="records", db_index=False)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="records", db_index=False
    )
    activity_id = models.BigIntegerField(null=True, blank=True)  # the activities app links here later
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SERVICE)
    corrects = models.ForeignKey(
        "self", verbose_name=_("corrects"), null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    served_on = models.DateField(_("date of service"))
    start_time = models.TimeField(_("start"), null=True, blank=True)
    end_time = models.TimeField(_("end"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2)
    content = models.CharField(_("content of service"), max_length=200)
    place = models.CharField(_("place"), max_length=100, blank=True)
    reason = models.CharField(_("reason for the correction"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_by = models.CharField(_("confirmed by"), max_length=50, blank=True)
    # A default rather than auto_now_add: the time is part of the hash, computed before the insert.
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NOTICE)
    notice_until = models.DateField(_("on notice until"))
    recorded_on = models.DateField(null=True, blank=True)
    chain_prev = models.CharField(max_length=64, blank=True, editable=False)
    chain_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"county": "county_id", "community": "community_id", "volunteer": "volunteer_id", "team": "team_id"}

    # Not columns: put by volunteering.queries.attach_effective_hours for a page.
    effective_hours: Decimal
    open_request: "CorrectionRequest | None"

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["-served_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="record_kind_valid", condition=Q(kind__in=["service", "amendment", "reversal"])
            ),
            # A service entry has positive hours, at most a day; corrections say what they correct.
            models.CheckConstraint(
                name="record_service_hours",
                condition=~Q(kind="service") | (Q(hours__gt=0, hours__lte=24) & Q(corrects__isnull=True)),
            ),
            models.CheckConstraint(
                name="record_correction_has_target",
                condition=Q(kind="service") | (Q(corrects__isnull=False) & ~Q(reason="")),
            ),
            models.CheckConstraint(
                name="record_times_ordered",
                condition=Q(start_time__isnull=True) | Q(end_time__isnull=True) | Q(end_time__gt=F("start_time")),
            ),
        ]
        indexes = [
            models.Index(fields=["volunteer", "served_on"], name="record_volunteer_date"),
            models.Index(fields=["community", "served_on"], name="record_community_date"),
            models.Index(fields=["team", "served_on"], name="record_team_date"),
            models.Index(fields=["status", "notice_until"], name="record_status_notice"),
            # County-wide totals for a period read only this index (the tallies above communities).
            models.Index(
                fields=["county", "served_on"],
                include=["hours"],
                condition=Q(status="recorded"),
                name="record_county_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer.name} {self.served_on} {self.hours}h"


LEDGER = Chain(ServiceRecord, LEDGER_COLUMNS, time_field="created_at")


class StarLevel(models.Model):
    """The date a volunteer reached a star level; kept, never recomputed away."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="star_levels")
    level = models.PositiveSmallIntegerField(_("stars"))
    reached_on = models.DateField(_("reached on"))

    class Meta:
        verbose_name = _("star level")
        verbose_name_plural = _("star levels")
        ordering = ["level"]
        constraints = [
            models.UniqueConstraint(fields=["volunteer", "level"], name="starlevel_once"),
            models.CheckConstraint(name="starlevel_range", condition=Q(level__gte=1, level__lte=5)),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer.name} ★{self.level}"


class Certificate(models.Model):
    """志愿服务证明: asked for by a volunteer, issued by staff, verifiable by its serial."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        ISSUED = "issued", _("issued")
        DECLINED = "declined", _("declined")
        REVOKED = "revoked", _("revoked")

    county = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="certificates")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    purpose = models.CharField(_("purpose"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_at = models.DateTimeField(default=timezone.now)
    serial = models.CharField(_("serial number"), max_length=32, null=True, blank=True, unique=True)
    # What the certificate says is fixed at issue, so a later correction cannot change an issued paper.
    hours = models.DecimalField(_("hours"), max_digits=9, decimal_places=2, null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    issued_on = models.DateField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.CharField(_("reason"), max_length=200, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"county": "county_id", "community": "community_id", "volunteer": "volunteer_id"}

    class Meta:
        verbose_name = _("service certificate")
        verbose_name_plural = _("service certificates")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(name="certificate_period_ordered", condition=Q(period_end__gte=F("period_start"))),
            models.CheckConstraint(
                name="certificate_issued_has_serial",
                condition=Q(status__in=["requested", "declined"]) | Q(serial__isnull=False, hours__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.serial or f"{self.volunteer.name} {self.period_start}–{self.period_end}"


class CorrectionRequest(models.Model):
    """A volunteer asks for a record to be corrected; the decision makes a correcting entry."""

    class Status(models.TextChoices):
        OPEN = "open", _("waiting for a decision")
        ACCEPTED = "accepted", _("corrected")
        DECLINED = "declined", _("declined")

    record = models.ForeignKey(ServiceRecord, on_delete=models.PROTECT, related_name="correction_requests")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="correction_requests")
    community = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    county = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    proposed_hours = models.DecimalField(_("hours it should be"), max_digits=5, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.CharField(_("reason for the decision"), max_length=200, blank=True)
    correction = models.OneToOneField(ServiceRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()
    scope_fields = {
        "county": "county_id",
        "community": "community_id",
        "volunteer": "volunteer_id",
        "team": "record__team_id",
    }

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["record"], condition=Q(status="open"), name="correction_one_open_per_record"
            ),
            models.CheckConstraint(
                name="correction_hours_not_negative", condition=Q(proposed_hours__gte=0, proposed_hours__lte=24)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer.name}: {self.record}"
