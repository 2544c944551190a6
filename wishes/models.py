"""The micro-wish wall: a resident's small wish, verified, claimed, delivered and confirmed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.scoping import ScopedQuerySet
from registry.models import OrgUnit


class WishSettings(models.Model):
    """A community's own rules for its wall; defaults apply where a community has none."""

    DEFAULT_VALUE_CAP = 200
    DEFAULT_OPEN_LIMIT = 2
    DEFAULT_CLAIM_DAYS = 14

    community = models.OneToOneField(OrgUnit, on_delete=models.CASCADE, related_name="wish_settings")
    value_cap = models.PositiveIntegerField(_("value cap (yuan)"), default=DEFAULT_VALUE_CAP)
    open_limit = models.PositiveSmallIntegerField(_("open wishes per resident"), default=DEFAULT_OPEN_LIMIT)
    claim_days = models.PositiveSmallIntegerField(_("days to deliver a claimed wish"), default=DEFAULT_CLAIM_DAYS)

    class Meta:
        verbose_name = _("wish wall settings")
        verbose_name_plural = _("wish wall settings")
        constraints = [
            models.CheckConstraint(name="wishsettings_cap_bounds", condition=Q(value_cap__gte=1, value_cap__lte=5000)),
            models.CheckConstraint(
                name="wishsettings_limit_bounds", condition=Q(open_limit__gte=1, open_limit__lte=20)
            ),
            models.CheckConstraint(name="wishsettings_days_bounds", condition=Q(claim_days__gte=1, claim_days__lte=90)),
        ]

    def __str__(self) -> str:
        return str(self.community)


class Wish(models.Model):
    """心愿: posted for one resident, shown on the wall once verified, held by at most one claim."""

    class Category(models.TextChoices):
        GOODS = "goods", _("goods")
        SERVICE = "service", _("service")
        COMPANIONSHIP = "companionship", _("companionship")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for verification")
        DECLINED = "declined", _("declined")
        OPEN = "open", _("on the wall")
        CLAIMED = "claimed", _("claimed")
        DELIVERED = "delivered", _("delivered")
        FULFILLED = "fulfilled", _("fulfilled")
        WITHDRAWN = "withdrawn", _("withdrawn")

    # Statuses that count against a resident's limit of open wishes.
    ACTIVE = (Status.PENDING, Status.OPEN, Status.CLAIMED, Status.DELIVERED)

    class Via(models.TextChoices):
        SELF = "self", _("posted by the resident")
        GRID_WORKER = "grid_worker", _("recorded by a grid worker")
        STAFF = "staff", _("recorded by community staff")

    county = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(OrgUnit, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+")
    compound = models.ForeignKey(OrgUnit, verbose_name=_("compound"), on_delete=models.PROTECT, related_name="+")
    # Where the beneficiary lived when the wish was posted: grid workers and residents see by these.
    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="wishes")
    grid_group = models.ForeignKey(
        "registry.GridUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    beneficiary = models.ForeignKey(
        "registry.Resident", verbose_name=_("for whom"), on_delete=models.PROTECT, related_name="wishes"
    )
    # Fixed at posting, so the public wall never reads the registry: 黄** and nothing more.
    masked_name = models.CharField(_("for whom"), max_length=20)
    title = models.CharField(_("what is wished for"), max_length=100)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    value = models.PositiveIntegerField(_("estimated value (yuan)"))
    reason = models.TextField(_("why"), max_length=500, blank=True)
    photo = models.ImageField(_("photo"), upload_to="wishes/%Y/", blank=True)
    wanted_by = models.DateField(_("wanted until"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    via = models.CharField(_("posted"), max_length=12, choices=Via.choices, default=Via.SELF)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    posted_at = models.DateTimeField(_("posted"), auto_now_add=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=300, blank=True)
    withdraw_reason = models.CharField(_("reason for withdrawing"), max_length=300, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deliverer_name = models.CharField(_("delivered by"), max_length=50, blank=True)
    delivery_note = models.CharField(_("delivery note"), max_length=300, blank=True)
    delivery_photo = models.ImageField(_("delivery photo"), upload_to="wishes/%Y/", blank=True)
    confirmed_at = models.DateTimeField(_("receipt confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    thanks = models.CharField(_("thank-you"), max_length=300, blank=True)
    # A fulfilled wish may become a short public story, only with the resident's consent.
    story = models.TextField(_("story"), max_length=1000, blank=True)
    story_consent = models.BooleanField(_("the resident agrees to a public story"), default=False)
    story_published = models.BooleanField(_("story published"), default=False)

    objects = ScopedQuerySet.as_manager()
    scope_fields = {
        "county": "county_id",
        "community": "community_id",
        "compound": "compound_id",
        "grid_group": "grid_group_id",
        "grid_zone": "grid_group__parent_id",
        "household": "household_id",
    }

    class Meta:
        verbose_name = _("wish")
        verbose_name_plural = _("wishes")
        ordering = ["-posted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="wish_status_valid",
                condition=Q(
                    status__in=["pending", "declined", "open", "claimed", "delivered", "fulfilled", "withdrawn"]
                ),
            ),
            models.CheckConstraint(
                name="wish_category_valid", condition=Q(category__in=["goods", "service", "companionship", "other"])
            ),
            models.CheckConstraint(name="wish_value_positive", condition=Q(value__gte=1)),
            models.CheckConstraint(
                name="wish_story_needs_consent", condition=Q(story_published=False) | Q(story_consent=True)
            ),
        ]
        indexes = [
            # The wall: a community's (or county's) open wishes, newest first.
            models.Index(fields=["community", "status", "-posted_at"], name="wish_wall"),
            models.Index(fields=["county", "status", "-posted_at"], name="wish_county_wall"),
            models.Index(fields=["compound", "status"], name="wish_compound_status"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("wishes:wish-detail", args=[self.pk])

    @property
    def is_on_wall(self) -> bool:
        return self.status == self.Status.OPEN


class WishClaim(models.Model):
    """认领: one claimant (or a group led by one) holding a wish until delivery, release or withdrawal."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("holding the wish")
        DELIVERED = "delivered", _("delivered")
        RELEASED = "released", _("released: not delivered in time")
        WITHDRAWN = "withdrawn", _("withdrawn by the claimant")
        CANCELLED = "cancelled", _("ended because the wish was withdrawn")

    class Kind(models.TextChoices):
        PARTNER_UNIT = "partner_unit", _("partner unit")
        PARTY_MEMBER = "party_member", _("party member")
        VOLUNTEER = "volunteer", _("volunteer")

    wish = models.ForeignKey(Wish, on_delete=models.CASCADE, related_name="claims")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    kind = models.CharField(_("claimed as"), max_length=12, choices=Kind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="wish_claims")
    partner_unit = models.ForeignKey(
        "registry.PartnerUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="wish_claims"
    )
    party_member = models.ForeignKey(
        "registry.PartyMember", null=True, blank=True, on_delete=models.PROTECT, related_name="wish_claims"
    )
    volunteer = models.ForeignKey(
        "volunteering.Volunteer", null=True, blank=True, on_delete=models.PROTECT, related_name="wish_claims"
    )
    # A group claim lets other claimants join and share the wish (a party branch buying together).
    is_group = models.BooleanField(_("others may join"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), auto_now_add=True)
    due_at = models.DateTimeField(_("deliver by"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    end_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-claimed_at", "-pk"]
        constraints = [
            # Exactly one claim holds a wish: the last line of defence behind the conditional update.
            models.UniqueConstraint(fields=["wish"], condition=Q(status="active"), name="wishclaim_one_active"),
            models.CheckConstraint(
                name="wishclaim_kind_matches",
                condition=(
                    Q(kind="partner_unit", partner_unit__isnull=False)
                    | Q(kind="party_member", party_member__isnull=False)
                    | Q(kind="volunteer", volunteer__isnull=False)
                ),
            ),
            models.CheckConstraint(
                name="wishclaim_status_valid",
                condition=Q(status__in=["active", "delivered", "released", "withdrawn", "cancelled"]),
            ),
        ]
        indexes = [models.Index(fields=["status", "due_at"], name="wishclaim_due")]

    def __str__(self) -> str:
        return f"{self.wish} ← {self.claimant_name}"

    @property
    def claimant_name(self) -> str:
        if self.kind == self.Kind.PARTNER_UNIT and self.partner_unit_id:
            return self.partner_unit.name
        return str(self.user)  # the person's name, never the login (see accounts.User)


class WishClaimMember(models.Model):
    """Another claimant who joined a group claim."""

    claim = models.ForeignKey(WishClaim, on_delete=models.CASCADE, related_name="members")
    kind = models.CharField(_("joined as"), max_length=12, choices=WishClaim.Kind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    partner_unit = models.ForeignKey("registry.PartnerUnit", null=True, blank=True, on_delete=models.PROTECT)
    party_member = models.ForeignKey("registry.PartyMember", null=True, blank=True, on_delete=models.PROTECT)
    volunteer = models.ForeignKey("volunteering.Volunteer", null=True, blank=True, on_delete=models.PROTECT)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("group claimant")
        verbose_name_plural = _("group claimants")
        ordering = ["joined_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["claim", "user"], name="wishclaimmember_once")]

    def __str__(self) -> str:
        return str(self.user)


class WishEvent(models.Model):
    """One step in a wish's history, shown to staff: posted, verified, claimed, released, delivered..."""

    class Action(models.TextChoices):
        POSTED = "posted", _("posted")
        APPROVED = "approved", _("approved and put on the wall")
        DECLINED = "declined", _("declined")
        CLAIMED = "claimed", _("claimed")
        JOINED = "joined", _("joined the claim")
        WITHDRAWN_CLAIM = "claim_withdrawn", _("claim withdrawn")
        RELEASED = "released", _("claim released: not delivered in time")
        DELIVERED = "delivered", _("delivered")
        CONFIRMED = "confirmed", _("receipt confirmed")
        STORY = "story", _("story published")
        WITHDRAWN = "withdrawn", _("wish withdrawn")

    wish = models.ForeignKey(Wish, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("step"), max_length=16, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("wish history entry")
        verbose_name_plural = _("wish history")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["action", "at"], name="wishevent_action_at")]

    def __str__(self) -> str:
        return f"{self.wish_id} {self.action}"
