import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.audit import person_name
from core.roles import Role


class User(AbstractUser):
    """A person who logs in: staff, a grid worker, a volunteer, a resident."""

    # The phone as every phone is kept (core.pii.phone_columns): encrypted, a keyed hash to log in
    # by and to keep it unique (blank for a resident without a phone), a mask to show, the last
    # four digits for staff's search. Never the username: logins are not phone numbers.
    phone_enc = models.TextField(blank=True)
    phone_hash = models.CharField(max_length=64, blank=True)
    phone_masked = models.CharField(_("mobile phone"), max_length=20, blank=True)
    phone_last4 = models.CharField(max_length=4, blank=True)
    display_name = models.CharField(_("name"), max_length=50, blank=True)
    resident = models.OneToOneField(
        "registry.Resident",
        verbose_name=_("resident record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )
    must_change_password = models.BooleanField(_("must change password"), default=False)
    # The language the user last chose with the language switch; what their emails and other
    # messages sent outside a request are written in. Blank: the site's default language.
    language = models.CharField(_("language"), max_length=10, blank=True, choices=settings.LANGUAGES)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(fields=["phone_hash"], condition=~Q(phone_hash=""), name="user_phone_unique"),
        ]

    def __str__(self) -> str:
        # Wherever a person is named; the login, often a phone number, is never shown for a name.
        return person_name(self)

    @property
    def preferred_language(self) -> str:
        return self.language or settings.LANGUAGE_CODE


class RoleMembership(models.Model):
    """A role a user holds over one area: an org unit, a grid unit, or their own household."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    org_unit = models.ForeignKey(
        "registry.OrgUnit", verbose_name=_("org unit"), null=True, blank=True, on_delete=models.CASCADE
    )
    grid_unit = models.ForeignKey(
        "registry.GridUnit", verbose_name=_("grid"), null=True, blank=True, on_delete=models.CASCADE
    )
    household = models.ForeignKey(
        "registry.Household", verbose_name=_("household"), null=True, blank=True, on_delete=models.CASCADE
    )
    partner_unit = models.ForeignKey(
        "registry.PartnerUnit", verbose_name=_("partner unit"), null=True, blank=True, on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role membership")
        verbose_name_plural = _("role memberships")
        constraints = [
            models.CheckConstraint(
                name="membership_one_area",
                condition=(
                    Q(org_unit__isnull=False, grid_unit__isnull=True, household__isnull=True)
                    | Q(org_unit__isnull=True, grid_unit__isnull=False, household__isnull=True)
                    | Q(org_unit__isnull=True, grid_unit__isnull=True, household__isnull=False)
                ),
            ),
            models.CheckConstraint(name="membership_role_valid", condition=Q(role__in=Role.values)),
            *[
                models.UniqueConstraint(
                    fields=["user", "role", area],
                    condition=Q(**{f"{area}__isnull": False}),
                    name=f"membership_unique_{area}",
                )
                for area in ("org_unit", "grid_unit", "household")
            ],
        ]

    def __str__(self) -> str:
        area = self.org_unit or self.grid_unit or self.household
        return f"{self.get_role_display()} @ {area}"


class ApiToken(models.Model):
    """A bearer token for the JSON API; only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return "ll_" + secrets.token_urlsafe(32)
