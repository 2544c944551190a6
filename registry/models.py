import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models_mixins import BilingualNameMixin
from core.pii import mask_name
from core.scoping import ScopedQuerySet
from core.sorting import sort_key


class OrgUnit(models.Model):
    """A node of the org tree: county > town > community > compound > building.

    Ancestors are denormalised (county, town, community) so that scoping is an indexed
    equality, and every scoped table can carry its county key for distribution by tenant.
    """

    class Kind(models.TextChoices):
        COUNTY = "county", _("county")
        TOWN = "town", _("town")
        COMMUNITY = "community", _("community")
        COMPOUND = "compound", _("compound")
        BUILDING = "building", _("building")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=40, unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    county = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    town = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"county": "county_id", "town": "town_id", "community": "community_id", "compound": "pk"}

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                name="orgunit_kind_valid", condition=Q(kind__in=["county", "town", "community", "compound", "building"])
            ),
            models.CheckConstraint(name="orgunit_root_is_county", condition=Q(parent__isnull=False) | Q(kind="county")),
            models.UniqueConstraint(fields=["parent", "name"], name="orgunit_unique_name_in_parent"),
        ]
        indexes = [models.Index(fields=["community", "kind"], name="orgunit_community_kind")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:org-unit-detail", args=[self.pk])

    @property
    def county_key(self) -> int:
        """The county of this unit, a county's own id: the tenant key of every row under it.

        The column is empty only inside `create_org_unit`, between inserting a county and pointing
        it at itself; every saved unit has one."""
        return self.county_id or self.pk


class GridUnit(models.Model):
    """The service grid (片组户): a zone holds groups, a group holds households."""

    class Kind(models.TextChoices):
        ZONE = "zone", _("zone")
        GROUP = "group", _("group")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    community = models.ForeignKey(
        OrgUnit, verbose_name=_("community"), on_delete=models.PROTECT, related_name="grid_units"
    )
    # Not columns: the names registry.queries.attach_grid_contacts puts on a group for a page.
    grid_workers: list[str]
    household_reps: list[str]
    county = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey(
        "self", verbose_name=_("zone"), null=True, blank=True, on_delete=models.PROTECT, related_name="groups"
    )
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=40)

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"county": "county_id", "community": "community_id", "grid_group": "pk", "grid_zone": "parent_id"}

    class Meta:
        verbose_name = _("grid unit")
        verbose_name_plural = _("grid units")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(name="gridunit_kind_valid", condition=Q(kind__in=["zone", "group"])),
            models.CheckConstraint(
                name="gridunit_group_in_zone",
                condition=Q(kind="zone", parent__isnull=True) | Q(kind="group", parent__isnull=False),
            ),
            models.UniqueConstraint(fields=["community", "code"], name="gridunit_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class Tag(BilingualNameMixin, models.Model):
    """A label on a household or resident (独居老人, 低保, ...); built-ins have no community."""

    class AppliesTo(models.TextChoices):
        HOUSEHOLD = "household", _("household")
        RESIDENT = "resident", _("resident")
        BOTH = "both", _("household and resident")

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=40)
    name_en = models.CharField(_("English name"), max_length=60, blank=True)
    applies_to = models.CharField(_("applies to"), max_length=10, choices=AppliesTo.choices, default=AppliesTo.BOTH)
    community = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="tags")

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["community_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=Q(community__isnull=True), name="tag_unique_builtin"),
            models.UniqueConstraint(fields=["community", "code"], name="tag_unique_in_community"),
        ]

    def __str__(self) -> str:
        return self.label


class Household(models.Model):
    """户: a home at one address (compound, building, unit, room), placed in a grid group."""

    county = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(OrgUnit, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+")
    compound = models.ForeignKey(OrgUnit, verbose_name=_("compound"), on_delete=models.PROTECT, related_name="+")
    building = models.ForeignKey(
        OrgUnit, verbose_name=_("building"), on_delete=models.PROTECT, related_name="households"
    )
    unit = models.CharField(_("entrance"), max_length=10, blank=True)
    room = models.CharField(_("room"), max_length=20)
    grid_group = models.ForeignKey(
        GridUnit,
        verbose_name=_("grid group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="households",
    )
    address = models.CharField(_("address"), max_length=200, db_index=True)
    # The address in natural order (1栋, 2栋 ... 10栋) as a plain string: paginated lists sort by it
    # in the database. Written with the address, which never changes (core.sorting.sort_key).
    sort_key = models.CharField(max_length=255, default="", editable=False)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="households")
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_fields = {
        "county": "county_id",
        "community": "community_id",
        "compound": "compound_id",
        "building": "building_id",
        "grid_group": "grid_group_id",
        "grid_zone": "grid_group__parent_id",
        "household": "pk",
    }

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["building", "unit", "room"], name="household_unique_address"),
        ]
        indexes = [
            models.Index(fields=["community", "address"], name="household_community_address"),
            models.Index(fields=["community", "sort_key"], name="household_community_sort"),
        ]

    def __str__(self) -> str:
        return self.address

    def get_absolute_url(self) -> str:
        return reverse("registry:household-detail", args=[self.pk])

    @staticmethod
    def address_sort_key(address: str) -> str:
        return sort_key(address, length=255)

    @staticmethod
    def format_address(compound: str, building: str, unit: str, room: str) -> str:
        parts = [compound, building]
        if unit:
            parts.append(unit if unit.endswith("单元") else f"{unit}单元")
        parts.append(room)
        return " ".join(parts)


class Resident(models.Model):
    """居民: a person in the registry. ID number and phone are encrypted; masks are stored."""

    class Gender(models.TextChoices):
        MALE = "M", _("male")
        FEMALE = "F", _("female")

    class Relation(models.TextChoices):
        HEAD = "head", _("head of household")
        SPOUSE = "spouse", _("spouse")
        CHILD = "child", _("child")
        PARENT = "parent", _("parent")
        GRANDCHILD = "grandchild", _("grandchild")
        GRANDPARENT = "grandparent", _("grandparent")
        SIBLING = "sibling", _("sibling")
        CHILD_IN_LAW = "child_in_law", _("son- or daughter-in-law")
        TENANT = "tenant", _("tenant")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        ACTIVE = "active", _("living here")
        MOVED_OUT = "moved_out", _("moved out")
        DECEASED = "deceased", _("deceased")

    MINOR_AGE = 14  # PIPL: personal information of children under 14 needs a guardian's consent.

    county = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(OrgUnit, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="members"
    )
    relation = models.CharField(_("relation to head"), max_length=16, choices=Relation.choices, default=Relation.OTHER)
    name = models.CharField(_("name"), max_length=50, db_index=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    id_number_enc = models.TextField(blank=True)
    id_number_hash = models.CharField(max_length=64, blank=True)
    id_number_masked = models.CharField(_("ID-card number"), max_length=18, blank=True)
    id_last4 = models.CharField(max_length=4, blank=True)
    phone_enc = models.TextField(blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True)
    phone_masked = models.CharField(_("phone"), max_length=20, blank=True)
    phone_last4 = models.CharField(max_length=4, blank=True)
    guardian = models.ForeignKey(
        "self", verbose_name=_("guardian"), null=True, blank=True, on_delete=models.SET_NULL, related_name="wards"
    )
    guardian_name = models.CharField(_("guardian (not in the registry)"), max_length=50, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="residents")
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_fields = {
        "county": "county_id",
        "community": "community_id",
        "compound": "household__compound_id",
        "building": "household__building_id",
        "grid_group": "household__grid_group_id",
        "grid_zone": "household__grid_group__parent_id",
        "household": "household_id",
    }

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["household_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash"], condition=~Q(id_number_hash=""), name="resident_unique_id_number"
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(relation="head", status="active"),
                name="resident_one_head_per_household",
            ),
            models.CheckConstraint(name="resident_gender_valid", condition=Q(gender__in=["M", "F"])),
            models.CheckConstraint(name="resident_guardian_not_self", condition=~Q(guardian=F("id"))),
        ]
        indexes = [
            models.Index(fields=["community", "id_last4"], name="resident_community_id4"),
            models.Index(fields=["community", "phone_last4"], name="resident_community_phone4"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:resident-detail", args=[self.pk])

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    def age(self, on: dt.date | None = None) -> int:
        on = on or timezone.localdate()
        return on.year - self.birth_date.year - ((on.month, on.day) < (self.birth_date.month, self.birth_date.day))

    @property
    def is_minor(self) -> bool:
        return self.age() < self.MINOR_AGE


class ResidentSearchKey(models.Model):
    """One searchable spelling of a resident's name: the name, full pinyin, or initials.

    Searched by prefix as an index range, so 曾小明 is found by zxm, cxm, zengxiaoming.
    """

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="search_keys")
    community = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["resident", "key"], name="searchkey_unique")]
        indexes = [
            models.Index(fields=["community", "key"], name="searchkey_community_key"),
            models.Index(fields=["key"], name="searchkey_key"),
        ]

    def __str__(self) -> str:
        return self.key


class PartyOrg(models.Model):
    """党组织: the community party committee, a compound's branch, a building party group."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("party committee")
        BRANCH = "branch", _("party branch")
        GROUP = "group", _("building party group")

    class Status(models.TextChoices):
        PROVISIONAL = "provisional", _("provisional")
        FORMAL = "formal", _("formal")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    county = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(OrgUnit, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+")
    compound = models.ForeignKey(
        OrgUnit, verbose_name=_("compound"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    building = models.ForeignKey(
        OrgUnit, verbose_name=_("building"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.FORMAL)
    founded_on = models.DateField(_("founded on"))
    formalized_on = models.DateField(_("became formal on"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_fields = {
        "county": "county_id",
        "community": "community_id",
        "compound": "compound_id",
        "building": "building_id",
    }

    class Meta:
        verbose_name = _("party organisation")
        verbose_name_plural = _("party organisations")
        ordering = ["community_id", "kind", "name"]
        constraints = [
            models.CheckConstraint(name="partyorg_kind_valid", condition=Q(kind__in=["committee", "branch", "group"])),
            # Only a branch can be provisional, and a formal date belongs to a formal org.
            models.CheckConstraint(
                name="partyorg_provisional_is_branch", condition=Q(status="formal") | Q(kind="branch")
            ),
            models.CheckConstraint(
                name="partyorg_formalized_after_founding",
                condition=Q(formalized_on__isnull=True) | Q(status="formal", formalized_on__gte=F("founded_on")),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:party-org-detail", args=[self.pk])


class PartyMember(models.Model):
    """党员, linked to a resident; their household shows the badge (亮身份) when they choose."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("registered in the community")
        RETIRED = "retired", _("retired")
        IN_SERVICE = "in_service", _("in service at an agency")
        FLOATING = "floating", _("floating (registered elsewhere)")
        OTHER = "other", _("other")

    resident = models.OneToOneField(
        Resident, verbose_name=_("resident"), on_delete=models.PROTECT, related_name="party_member"
    )
    county = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    party_org = models.ForeignKey(
        PartyOrg, verbose_name=_("party organisation"), on_delete=models.PROTECT, related_name="members"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    joined_on = models.DateField(_("joined the party on"), null=True, blank=True)
    work_unit = models.CharField(_("work unit"), max_length=100, blank=True)
    shows_identity = models.BooleanField(_("shows identity (亮身份)"), default=True)

    objects = ScopedQuerySet.as_manager()
    scope_fields = {
        "county": "county_id",
        "community": "community_id",
        "compound": "resident__household__compound_id",
        "building": "resident__household__building_id",
        "grid_group": "resident__household__grid_group_id",
        "grid_zone": "resident__household__grid_group__parent_id",
        "household": "resident__household_id",
    }

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        constraints = [
            models.CheckConstraint(
                name="partymember_kind_valid",
                condition=Q(kind__in=["registered", "retired", "in_service", "floating", "other"]),
            ),
        ]

    def __str__(self) -> str:
        return self.resident.name


class PartnerUnit(models.Model):
    """共建单位: a county agency, firm or social organisation co-building with communities."""

    class Kind(models.TextChoices):
        AGENCY = "agency", _("county agency")
        ENTERPRISE = "enterprise", _("enterprise")
        SOCIAL_ORG = "social_org", _("social organisation")
        OTHER = "other", _("other")

    county = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone_enc = models.TextField(blank=True)
    contact_phone_masked = models.CharField(_("contact phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    communities = models.ManyToManyField(
        OrgUnit, verbose_name=_("communities co-built with"), related_name="partner_units", blank=True
    )

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"county": "county_id", "community": "communities"}

    class Meta:
        verbose_name = _("partner unit")
        verbose_name_plural = _("partner units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="partnerunit_unique_name"),
            models.CheckConstraint(
                name="partnerunit_kind_valid", condition=Q(kind__in=["agency", "enterprise", "social_org", "other"])
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:partner-detail", args=[self.pk])


class RosterImport(models.Model):
    """One upload of a resident roster: validated whole, then written whole or not at all."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to start")
        VALIDATING = "validating", _("checking rows")
        WRITING = "writing", _("writing residents")
        FAILED = "failed", _("refused: bad rows")
        DONE = "done", _("imported")
        ERROR = "error", _("stopped by an error")
        DISCARDED = "discarded", _("discarded")

    county = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(OrgUnit, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Encrypted at rest (name ending .enc) while it waits; deleted once the import is done, failed
    # or discarded. An interrupted import keeps it, so that it can be retried.
    file = models.FileField(upload_to="imports/%Y/%m/", blank=True)
    original_name = models.CharField(max_length=200)
    # The django-tasks result of the latest run, to tell a run that died from one under way.
    task_id = models.CharField(max_length=64, blank=True, default="")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_rows = models.PositiveIntegerField(default=0)
    # [{"row": 7, "column": "身份证号", "message": "..."}]: every bad row, not just the first.
    errors = models.JSONField(default=list, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"county": "county_id", "community": "community_id"}

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def can_retry(self) -> bool:
        """Stopped before writing anything, its file still here: it can be queued again."""
        return self.status == self.Status.ERROR and bool(self.file)

    @property
    def can_discard(self) -> bool:
        """Not started yet, or stopped: nothing runs on it that a discard would cut short."""
        return self.status in (self.Status.QUEUED, self.Status.ERROR)
