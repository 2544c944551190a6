"""Activities: published, recruited for, signed up to, checked in and out, hours credited."""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.scoping import ScopedQuerySet
from registry.models import OrgUnit

# A QR code (and the leader's hand) checks people in from this long before the start.
CHECKIN_EARLY = dt.timedelta(hours=1)


class Activity(models.Model):
    """活动: one dated occurrence. A recurring patrol is a series of these, each changeable."""

    class Kind(models.TextChoices):
        FREE_CLINIC = "free_clinic", _("free clinic")
        CLEAN_UP = "clean_up", _("clean-up and greening")
        ELDERLY_HELP = "elderly_help", _("help for the elderly")
        POOR_FAMILIES = "poor_families", _("aid to poor families")
        BANQUET = "banquet", _("neighbourhood banquet")
        STARTUP = "startup", _("start-up guidance")
        FESTIVAL = "festival", _("festival porridge")
        PATROL = "patrol", _("security patrol")
        LEGAL = "legal", _("legal education")
        READING = "reading", _("children's science and reading")
        CUSTOM = "custom", _("other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CANCELLED = "cancelled", _("cancelled")
        FINISHED = "finished", _("finished")

    class Eligibility(models.TextChoices):
        ANYONE = "anyone", _("any registered volunteer")
        TEAM = "team", _("members of one team")
        PARTY = "party", _("party members")

    county = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(OrgUnit, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    custom_kind = models.CharField(_("kind (other)"), max_length=40, blank=True)
    team = models.ForeignKey(
        "volunteering.Team",
        verbose_name=_("organising team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    partner_units = models.ManyToManyField(
        "registry.PartnerUnit", verbose_name=_("co-hosting partner units"), blank=True, related_name="activities"
    )
    place = models.ForeignKey(
        OrgUnit,
        verbose_name=_("compound or building"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place_text = models.CharField(_("place"), max_length=100, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    places = models.PositiveIntegerField(_("places"))
    signup_deadline = models.DateTimeField(_("sign-up deadline"))
    required_skills = models.ManyToManyField(
        "volunteering.Skill", verbose_name=_("required skills"), blank=True, related_name="activities"
    )
    eligibility = models.CharField(
        _("who may sign up"), max_length=8, choices=Eligibility.choices, default=Eligibility.ANYONE
    )
    requires_approval = models.BooleanField(_("the leader approves sign-ups"), default=False)
    target = models.CharField(_("residents or households served"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    # Stored under a random name and served through a view that checks who may see the activity.
    cover = models.ImageField(_("cover photo"), upload_to="activities/covers/%Y/", blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    series = models.ForeignKey(
        "ActivitySeries", null=True, blank=True, on_delete=models.SET_NULL, related_name="occurrences"
    )
    # Confirmed sign-ups, kept by the sign-up services with conditional updates; the check
    # constraint below is the last guard against over-booking.
    confirmed_count = models.PositiveIntegerField(default=0)
    residents_served = models.PositiveIntegerField(_("residents served (count)"), default=0)
    # The summary after the activity: a short story, shown on the community's public page once published.
    story = models.TextField(_("story"), blank=True)
    summary_published = models.BooleanField(_("summary published"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"county": "county_id", "community": "community_id", "team": "team_id"}

    # Not a column: the viewing volunteer's live sign-up, put by activities.queries.attach_own_signups.
    my_signup: "SignUp | None"

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(name="activity_ends_after_start", condition=Q(ends_at__gt=F("starts_at"))),
            models.CheckConstraint(
                name="activity_deadline_before_start", condition=Q(signup_deadline__lte=F("starts_at"))
            ),
            models.CheckConstraint(name="activity_not_overbooked", condition=Q(confirmed_count__lte=F("places"))),
            models.CheckConstraint(name="activity_places_positive", condition=Q(places__gte=1)),
            models.CheckConstraint(
                name="activity_team_eligibility_has_team", condition=~Q(eligibility="team") | Q(team__isnull=False)
            ),
        ]
        indexes = [
            models.Index(fields=["community", "status", "starts_at"], name="activity_community_upcoming"),
            models.Index(fields=["status", "starts_at"], name="activity_status_starts"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:activity-detail", args=[self.pk])

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def signup_closed(self) -> bool:
        """Past the sign-up deadline: the page says so instead of offering a button the service refuses."""
        return self.signup_deadline < timezone.now()

    @property
    def check_in_open(self) -> bool:
        """People are checked in from an hour before the start, by QR code or by the leader's hand."""
        return self.starts_at - CHECKIN_EARLY <= timezone.now()


class ActivitySeries(models.Model):
    """A recurring activity (a patrol every Tuesday evening): the template its occurrences copy."""

    county = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=100)
    # One bit a weekday: 1 Monday, 2 Tuesday, 4 Wednesday .. 64 Sunday.
    weekdays = models.PositiveSmallIntegerField(_("weekdays"))
    start_time = models.TimeField(_("start"))
    end_time = models.TimeField(_("end"))
    first_date = models.DateField(_("from"))
    last_date = models.DateField(_("to"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"county": "county_id", "community": "community_id"}

    class Meta:
        verbose_name = _("recurring activity")
        verbose_name_plural = _("recurring activities")
        constraints = [
            models.CheckConstraint(name="series_weekdays_valid", condition=Q(weekdays__gte=1, weekdays__lte=127)),
            models.CheckConstraint(name="series_dates_ordered", condition=Q(last_date__gte=F("first_date"))),
            models.CheckConstraint(name="series_times_ordered", condition=Q(end_time__gt=F("start_time"))),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:series-detail", args=[self.pk])

    @staticmethod
    def weekday_bits(days: Iterable[int]) -> int:
        return sum(1 << d for d in set(days))

    def weekday_numbers(self) -> list[int]:
        """The weekdays of the series, 0 Monday .. 6 Sunday."""
        return [d for d in range(7) if self.weekdays & (1 << d)]


class SignUp(models.Model):
    """报名: a volunteer's place on an activity, confirmed or on the waitlist in arrival order."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the leader's approval")
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("on the waitlist")
        CANCELLED = "cancelled", _("cancelled")
        REJECTED = "rejected", _("not accepted")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="signups")
    volunteer = models.ForeignKey("volunteering.Volunteer", on_delete=models.PROTECT, related_name="signups")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    # Arrival order for the waitlist: a database sequence value is the only order two
    # concurrent requests agree on, so the primary key breaks ties of created_at.
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("checked out"), null=True, blank=True)
    no_show = models.BooleanField(_("did not come"), default=False)
    record = models.OneToOneField(
        "volunteering.ServiceRecord", null=True, blank=True, on_delete=models.PROTECT, related_name="signup"
    )

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "volunteer"],
                condition=Q(status__in=["pending", "confirmed", "waitlisted"]),
                name="signup_once_per_activity",
            ),
            models.CheckConstraint(
                name="signup_checkout_after_checkin",
                condition=Q(checked_out_at__isnull=True)
                | Q(checked_in_at__isnull=False, checked_out_at__gt=F("checked_in_at")),
            ),
        ]
        indexes = [
            models.Index(fields=["activity", "status", "created_at"], name="signup_activity_queue"),
            models.Index(fields=["volunteer", "status"], name="signup_volunteer_status"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} @ {self.activity}"


class ActivityBeneficiary(models.Model):
    """A resident or household served by an activity, so 'residents served' counts distinct people."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="beneficiaries")
    resident = models.ForeignKey("registry.Resident", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        "registry.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("resident served")
        verbose_name_plural = _("residents served")
        constraints = [
            models.CheckConstraint(
                name="beneficiary_one_target",
                condition=Q(resident__isnull=False, household__isnull=True)
                | Q(resident__isnull=True, household__isnull=False),
            ),
            models.UniqueConstraint(fields=["activity", "resident"], name="beneficiary_resident_once"),
            models.UniqueConstraint(fields=["activity", "household"], name="beneficiary_household_once"),
        ]

    def __str__(self) -> str:
        return str(self.resident or self.household)


class ActivityPhoto(models.Model):
    """A photo of the summary after an activity: public with the summary once it is published."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="activities/photos/%Y/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    # Order on the summary page; new photos go last.
    position = models.PositiveSmallIntegerField(_("position"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("summary photo")
        verbose_name_plural = _("summary photos")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "position"], name="activity_photo_position_once"),
        ]

    def __str__(self) -> str:
        return self.caption or self.image.name
