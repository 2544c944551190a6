"""Accounts: creating users, granting roles, API tokens. Every change audited."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import throttle
from accounts.models import ApiToken, RoleMembership, User
from accounts.queries import memberships_in_communities, users_with_phone
from accounts.usernames import looks_like_phone, new_username
from core.audit import record_event
from core.pii import is_valid_phone, normalize_phone, phone_columns
from core.roles import GRID_ROLES, HOUSEHOLD_ROLES, ORG_ROLES, Cap, Role
from core.scoping import scope_for
from core.typing import Actor

if TYPE_CHECKING:  # the registry and volunteering sit above accounts: their types only
    from django.db.models import Model

    from core.scoping import Scope
    from registry.models import GridUnit, Household, OrgUnit, PartnerUnit, Resident
    from volunteering.models import Volunteer

# Roles community staff may hand out inside their own community; county and town admins are
# appointed by a superuser, and residents get their login from their registry page.
GRANTABLE_BY_STAFF = (
    Role.COMMUNITY_STAFF,
    Role.GRID_WORKER,
    Role.HOUSEHOLD_REP,
    Role.TEAM_LEADER,
    Role.VOLUNTEER,
    Role.PARTNER_CONTACT,
    Role.PAIRED_CADRE,
)


def check_can_grant(*, by: Actor, role: str, area: Model) -> None:
    """Refuse a grant the actor may not make: wrong role, or an area outside their communities."""
    scope = scope_for(by)
    if scope.is_superuser:
        return
    community_id = getattr(area, "community_id", None)
    if role not in GRANTABLE_BY_STAFF or community_id not in scope.community_ids(Cap.ACCOUNTS_MANAGE):
        raise PermissionDenied(_("You may give this role only inside a community whose accounts you manage."))


def _community_of(membership: RoleMembership) -> tuple[int | None, int | None]:
    area = membership.org_unit or membership.grid_unit or membership.household
    community_id = getattr(area, "community_id", None)
    return community_id, getattr(area, "county_id", None)


@transaction.atomic
def create_account(
    *,
    by: Actor,
    username: str | None,
    display_name: str,
    password: str | None = None,
    phone: str = "",
    resident: Resident | None = None,
    is_superuser: bool = False,
) -> tuple[User, str]:
    """Create a login. Without a password one is generated and must be changed at first login.
    Without a username (`None`: a person signing themselves up) one is made from the name's
    initials; a username may never be a phone number, which would show wherever the login does.

    Returns the user and the initial password, which staff hand over once (it is not stored).
    """
    errors = {}
    if username is None:
        username = new_username(display_name, taken=lambda name: User.objects.filter(username=name).exists())
    username = username.strip()
    if not username:
        errors["username"] = _("Enter a username.")
    elif looks_like_phone(username):
        errors["username"] = _(
            "A username cannot be a phone number: choose a name or initials; the person can still log in "
            "with the phone number entered below."
        )
    elif User.objects.filter(username=username).exists():
        errors["username"] = _("The username %(name)s is taken; choose another.") % {"name": username}
    phone = normalize_phone(phone)
    if phone and not is_valid_phone(phone):
        errors["phone"] = _("Enter an 11-digit mobile number starting with 1.")
    elif phone and users_with_phone(phone).exists():
        errors["phone"] = _("Another account already uses this phone number.")
    generated = password is None
    password = password or secrets.token_urlsafe(9)
    if not errors and not generated:
        try:
            validate_password(password, User(username=username, display_name=display_name))
        except ValidationError as exc:
            errors["password"] = " ".join(exc.messages)
    if errors:
        raise ValidationError(errors)
    user = User(
        username=username,
        display_name=display_name.strip(),
        **phone_columns(phone, last4="phone_last4"),
        resident=resident,
        is_superuser=is_superuser,
        is_staff=is_superuser,
        must_change_password=generated,
    )
    user.set_password(password)
    try:
        with transaction.atomic():  # a savepoint: a sign-up racing this one took the name or the phone
            user.save()
    except IntegrityError as exc:
        if phone and users_with_phone(phone).exists():
            raise ValidationError({"phone": _("Another account already uses this phone number.")}) from exc
        raise ValidationError(
            {"username": _("The username %(name)s is taken; choose another.") % {"name": username}}
        ) from exc
    record_event(
        by=by,
        action="accounts.user.create",
        obj=user,
        community_id=getattr(resident, "community_id", None),
        county_id=getattr(resident, "county_id", None),
    )
    return user, password


# Volunteering, above accounts, links a new login to the volunteer record and gives the roles the
# record brings (registered in its AppConfig.ready); accounts imports no app above it.
LoginLink = Callable[..., Any]
LOGIN_LINKS: list[LoginLink] = []


def register_login_link(link: LoginLink) -> None:
    if link not in LOGIN_LINKS:
        LOGIN_LINKS.append(link)


def existing_login(*, resident: Resident | None = None, volunteer: Volunteer | None = None) -> User | None:
    """The login a person already has through either of their records, linked or not."""
    if volunteer is not None and resident is None:
        resident = volunteer.resident
    if resident is not None and volunteer is None:
        volunteer = getattr(resident, "volunteer", None)
    return getattr(volunteer, "user", None) or getattr(resident, "user", None)


@transaction.atomic
def create_login(
    *, by: Actor, username: str, resident: Resident | None = None, volunteer: Volunteer | None = None
) -> tuple[User, str]:
    """A login staff make for a person they know as a resident, a volunteer or both (one person,
    one login): linked to both records, with the roles they give, and a generated password that is
    returned once and must be changed at the first login. The resident page, the volunteer page and
    the API all call this."""
    if volunteer is None and resident is not None:
        volunteer = getattr(resident, "volunteer", None)
    if resident is None and volunteer is not None:
        resident = volunteer.resident
    person = resident or volunteer
    if person is None:
        raise ValueError("create_login needs a resident or a volunteer")
    scope = _scope(by)
    if scope is not None and not (
        scope.is_superuser or person.community_id in scope.community_ids(Cap.ACCOUNTS_MANAGE)
    ):
        raise PermissionDenied(_("Only the community staff can give a login."))
    if existing := existing_login(resident=resident, volunteer=volunteer):
        raise ValidationError(
            _("%(name)s already has a login, %(username)s; reset its password instead.")
            % {"name": person.name, "username": existing.username}
        )
    user, password = create_account(by=by, username=username, display_name=person.name, resident=resident)
    if volunteer is not None:
        for link in LOGIN_LINKS:
            link(by=by, volunteer=volunteer, user=user)
    if resident is not None:
        grant_role(by=by, user=user, role=Role.RESIDENT, household=resident.household)
    return user, password


def _scope(by: Actor) -> Scope | None:
    """The actor's scope; None for a script (by=None), which may do anything."""
    return scope_for(by) if getattr(by, "pk", None) is not None else None


@transaction.atomic
def grant_role(
    *,
    by: Actor,
    user: User,
    role: str,
    org_unit: OrgUnit | None = None,
    grid_unit: GridUnit | None = None,
    household: Household | None = None,
    partner_unit: PartnerUnit | None = None,
) -> RoleMembership:
    """Give a user a role over one area; the area must be of the kind the role is scoped to."""
    if role in ORG_ROLES and (org_unit is None or grid_unit or household):
        raise ValidationError({"org_unit": _("This role is held over an org unit: choose one.")})
    if role in GRID_ROLES and (grid_unit is None or org_unit or household):
        raise ValidationError({"grid_unit": _("This role is held over a grid zone or group: choose one.")})
    if role in HOUSEHOLD_ROLES and (household is None or org_unit or grid_unit):
        raise ValidationError({"household": _("A resident's role is held over their own household.")})
    if role == Role.PARTNER_CONTACT and partner_unit is None:
        raise ValidationError({"partner_unit": _("Choose the partner unit this contact speaks for.")})
    membership, created = RoleMembership.objects.get_or_create(
        user=user,
        role=role,
        org_unit=org_unit,
        grid_unit=grid_unit,
        household=household,
        defaults={"partner_unit": partner_unit},
    )
    if created:
        community_id, county_id = _community_of(membership)
        record_event(
            by=by,
            action="accounts.role.grant",
            obj=user,
            community_id=community_id,
            county_id=county_id,
            details={"role": role, "area": str(org_unit or grid_unit or household)},
        )
    return membership


@transaction.atomic
def reset_password(*, by: Actor, user: User) -> str:
    """A new generated password, to be changed at the next login; returned once.

    Whoever resets a password can log in as that person, so staff may reset only logins whose
    every role lies in the communities they manage: never a superuser's or a site admin's, nor
    that of a town or county admin who also happens to be a volunteer in the community.
    """
    if not may_reset_password(by, user):
        raise PermissionDenied(
            _("This login also holds roles beyond your communities; an administrator above you can reset it.")
        )
    password = secrets.token_urlsafe(9)
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    record_event(by=by, action="accounts.user.reset_password", obj=user)
    _after_new_password(by=by, user=user)
    return password


def may_reset_password(by: Actor, user: User) -> bool:
    if by is None or scope_for(by).is_superuser:
        return True
    if user.is_superuser or user.is_staff:
        return False
    communities = scope_for(by).community_ids(Cap.ACCOUNTS_MANAGE)
    if not communities:
        return False
    return not RoleMembership.objects.filter(user=user).exclude(memberships_in_communities(communities)).exists()


@transaction.atomic
def revoke_role(*, by: Actor, membership: RoleMembership) -> None:
    community_id, county_id = _community_of(membership)
    record_event(
        by=by,
        action="accounts.role.revoke",
        obj=membership.user,
        community_id=community_id,
        county_id=county_id,
        details={"role": membership.role},
    )
    membership.delete()


@transaction.atomic
def issue_api_token(*, by: Actor, user: User, name: str) -> tuple[ApiToken, str]:
    """A new API token; the key is returned once and only its hash is kept."""
    if not name.strip():
        raise ValidationError({"name": _("Name the token after the program that will use it.")})
    key = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, name=name.strip(), key_hash=ApiToken.hash_key(key), prefix=key[3:9])
    record_event(by=by, action="accounts.token.issue", obj=user, details={"token": token.prefix})
    return token, key


@transaction.atomic
def revoke_api_token(*, by: Actor, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_event(by=by, action="accounts.token.revoke", obj=token.user, details={"token": token.prefix})


@transaction.atomic
def change_password(*, by: Actor, user: User, password: str) -> None:
    """A new password of the user's choosing; the form has checked their current one."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password1": " ".join(exc.messages)}) from exc
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    record_event(by=by, action="accounts.user.password", obj=user)
    _after_new_password(by=by, user=user)


def _after_new_password(*, by: Actor, user: User) -> None:
    """A new password shuts out whoever held the old one: its API tokens are revoked, and its
    other sessions end by themselves (Django checks each session against the password hash; the
    page that changed it keeps its own with update_session_auth_hash). A lock for guessing the old
    password ends too. Call inside the transaction of the change."""
    now = timezone.now()
    for token in user.api_tokens.filter(revoked_at__isnull=True).order_by("pk"):
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=now)
        record_event(by=by, action="accounts.token.revoke", obj=user, details={"token": token.prefix})
    throttle.clear_account(user)


def set_language(*, by: User, language: str) -> None:
    """Remember the language the user chose with the language switch, for what is sent to them
    outside a request (emails). A display preference of their own, so not audited."""
    if language not in dict(settings.LANGUAGES) or not getattr(by, "pk", None):
        return
    if by.language != language:
        User.objects.filter(pk=by.pk).update(language=language)
        by.language = language
