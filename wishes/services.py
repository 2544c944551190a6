"""Every write of the wish wall. Keyword-only, an explicit actor, atomic, audited, with a history row.

A claim takes a wish with a conditional update (open -> claimed) and a partial unique index
allows one active claim per wish, so of any number of concurrent claims exactly one wins.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.audit import record_event
from core.pii import decrypt, mask_name
from core.roles import Cap, Role
from core.scoping import scope_for
from core.typing import Actor, Viewer
from core.uploads import check_photo, clean_photo
from notifications.services import notify
from registry.models import OrgUnit, PartnerUnit, PartyMember, Resident
from volunteering.models import Volunteer
from wishes.models import Wish, WishClaim, WishClaimMember, WishEvent, WishSettings

logger = logging.getLogger(__name__)
MAX_WANTED_DAYS = 366
ALREADY_CLAIMED = "already_claimed"


def settings_of(community_id: int) -> WishSettings:
    """The community's settings, or the defaults (unsaved) when it has set none."""
    return WishSettings.objects.filter(community_id=community_id).first() or WishSettings(community_id=community_id)


def _audit(by: Actor, action: str, wish: Wish, details: dict | None = None) -> None:
    record_event(
        by=by, action=action, obj=wish, community_id=wish.community_id, county_id=wish.county_id, details=details
    )


def _history(wish: Wish, action: str, by: Actor, note: str = "") -> None:
    WishEvent.objects.create(wish=wish, action=action, by=by if getattr(by, "pk", None) else None, note=note[:300])


def _notify(user: User | None, *, kind: str, wish: Wish, **params: str) -> None:
    """Tell `user` about the wish; wishes/notifications.py words each kind, in the reader's language."""
    if user is None or not getattr(user, "pk", None):
        return

    try:
        url = wish.get_absolute_url()
    except NoReverseMatch:  # the wish pages are not mounted (an API-only deployment)
        url = ""
    notify(user=user, kind=kind, params={"title": wish.title, **params}, url=url)


def _has(by: Viewer | None, cap: str, wish_or_resident: Wish | Resident) -> bool:
    """Whether `by` holds `cap` over this wish or resident; scripts (by=None) always do."""
    if by is None or scope_for(by).is_superuser:
        return True
    model = type(wish_or_resident)
    return model.objects.for_user(by, cap).filter(pk=wish_or_resident.pk).exists()


def _require(by: Actor, cap: str, wish_or_resident: Wish | Resident, message: str) -> None:
    if not _has(by, cap, wish_or_resident):
        raise PermissionDenied(message)


def _save_image(field: Any, upload: Any) -> None:
    # A wish photo may show a home: a random name, and served only through scoped views.
    stored = clean_photo(upload)
    field.save(stored.name, stored, save=False)


REASON_MAX = 300


def _reason(text: str, key: str, missing: str) -> str:
    """A required reason of at most REASON_MAX characters, refused with a message on `key`."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({key: missing})
    if len(text) > REASON_MAX:
        raise ValidationError(
            {key: _("Keep it to %(max)s characters or fewer; it has %(n)s.") % {"max": REASON_MAX, "n": len(text)}}
        )
    return text


def private_details(resident: Resident) -> list[str]:
    """What must never appear in a wish's public text: the full name, phone, ID number and room."""
    details = [resident.name] if len(resident.name) >= 2 else []
    for token in (resident.phone_enc, resident.id_number_enc):
        if token:
            details.append(decrypt(token))
    room = resident.household.room if resident.household_id else ""
    if len(room) >= 3:  # "1" or "12" are too short to tell a room from any number
        details.append(room)
    return [d for d in details if d]


def check_public_text(resident: Resident, **texts: str) -> None:
    """Title, reason, thank-you and story reach the wall or the claimants: refuse private details in them."""
    details = private_details(resident)
    errors = {
        key: _(
            "This text is shown on the public wall or to the claimants: do not write the resident's full name, "
            "phone, ID number or room in it."
        )
        for key, text in texts.items()
        if text and any(d in text for d in details)
    }
    if errors:
        raise ValidationError(errors)


def _claimants(claim: WishClaim) -> list[User]:
    """The lead claimant and everyone who joined the claim."""
    return [claim.user, *[m.user for m in claim.members.select_related("user")]]


def _lock_wish_and_claim(wish_id: int) -> tuple[Wish, WishClaim | None]:
    """Lock the wish, then its active claim: every service takes them in this order, so two of them
    (a delivery and the release job) wait for each other instead of deadlocking."""
    wish = Wish.objects.select_for_update().get(pk=wish_id)
    claim = (
        WishClaim.objects.select_for_update()
        .filter(wish_id=wish_id, status=WishClaim.Status.ACTIVE)
        .select_related("user")
        .first()
    )
    return wish, claim


# --- intake and verification ---------------------------------------------------------------


def check_wish(
    *, beneficiary: Resident, title: str, category: str, value: int | None, wanted_by: dt.date | None
) -> None:
    """Field rules of a wish; the open-wish limit is checked under a lock in post_wish."""
    errors: dict[str, str] = {}
    today = timezone.localdate()
    cap = settings_of(beneficiary.community_id).value_cap
    if not (title or "").strip():
        errors["title"] = _("Say what is wished for, e.g. a book or a visit.")
    if category not in Wish.Category.values:
        errors["category"] = _("Choose a category from the list.")
    if value is None or value < 1:
        errors["value"] = _("Enter the estimated value in whole yuan, at least 1.")
    elif value > cap:
        errors["value"] = _(
            "The estimated value is over this community's cap of %(cap)s yuan; a wish must cost at most %(cap)s yuan."
        ) % {"cap": cap}
    if wanted_by is None:
        errors["wanted_by"] = _("Enter the date until which the wish is wanted.")
    elif wanted_by < today:
        errors["wanted_by"] = _("The date until which the wish is wanted cannot be in the past.")
    elif wanted_by > today + dt.timedelta(days=MAX_WANTED_DAYS):
        errors["wanted_by"] = _("A wish can be wanted for at most a year; choose an earlier date.")
    if beneficiary.status != Resident.Status.ACTIVE:
        errors["beneficiary"] = _("This resident no longer lives in the community; choose a current resident.")
    if errors:
        raise ValidationError(errors)
    check_public_text(beneficiary, title=title)


@transaction.atomic
def post_wish(
    *,
    by: Actor,
    beneficiary: Resident,
    title: str,
    category: str,
    value: int,
    wanted_by: dt.date,
    reason: str = "",
    photo: Any = None,
) -> Wish:
    """A resident posts for their household, a grid worker for their grid, staff for their community."""
    _require(by, Cap.WISHES_RECORD, beneficiary, _("You can post wishes only for residents you look after."))
    check_wish(beneficiary=beneficiary, title=title, category=category, value=value, wanted_by=wanted_by)
    check_public_text(beneficiary, reason=reason)
    check_photo(photo, "photo")
    # The lock makes two wishes posted at once for one resident count each other.
    beneficiary = Resident.objects.select_for_update().select_related("household").get(pk=beneficiary.pk)
    limit = settings_of(beneficiary.community_id).open_limit
    # An open wish past its date is off the wall for good: it no longer holds a place.
    expired = Q(status=Wish.Status.OPEN, wanted_by__lt=timezone.localdate())
    if Wish.objects.filter(beneficiary=beneficiary, status__in=Wish.ACTIVE).exclude(expired).count() >= limit:
        raise ValidationError(
            {
                "beneficiary": _(
                    "This resident already has %(limit)s open wishes, the most this community allows; "
                    "wait until one is fulfilled or withdrawn."
                )
                % {"limit": limit}
            }
        )
    household = beneficiary.household
    wish = Wish(
        county_id=beneficiary.county_id,
        community_id=beneficiary.community_id,
        compound_id=household.compound_id,
        household=household,
        grid_group_id=household.grid_group_id,
        beneficiary=beneficiary,
        # A long name (up to the registry's 50 characters) masks to more stars than the column holds.
        masked_name=mask_name(beneficiary.name)[: Wish._meta.get_field("masked_name").max_length],
        title=title.strip(),
        category=category,
        value=value,
        reason=(reason or "").strip(),
        wanted_by=wanted_by,
        via=_via(by, beneficiary),
        posted_by=by if getattr(by, "pk", None) else None,
    )
    if photo:
        _save_image(wish.photo, photo)
    wish.full_clean(exclude=["photo", "posted_by"])
    wish.save()
    _history(wish, WishEvent.Action.POSTED, by)
    _audit(by, "wishes.post", wish, {"via": wish.via, "value": value})
    return wish


def _via(by: Actor, beneficiary: Resident) -> str:
    if by is None:
        return Wish.Via.STAFF
    scope = scope_for(by)
    if scope.is_superuser or beneficiary.community_id in scope.community_ids(Cap.WISHES_MANAGE):
        return Wish.Via.STAFF
    if by.resident is not None and by.resident.household_id == beneficiary.household_id:
        return Wish.Via.SELF
    return Wish.Via.GRID_WORKER


def _move(wish: Wish, frm: tuple[str, ...] | str, to: str, message: str, **fields: Any) -> None:
    """Move a wish between statuses only if it is still where the caller saw it."""
    frm = (frm,) if isinstance(frm, str) else frm
    if not Wish.objects.filter(pk=wish.pk, status__in=frm).update(status=to, **fields):
        raise ValidationError(message)
    wish.status = to
    for name, value in fields.items():
        setattr(wish, name, value)


@transaction.atomic
def approve_wish(*, by: Actor, wish: Wish) -> Wish:
    """Staff checked the family's situation: the wish goes on the wall."""
    _require(by, Cap.WISHES_MANAGE, wish, _("Only the community staff can verify wishes."))
    now = timezone.now()
    _move(
        wish,
        Wish.Status.PENDING,
        Wish.Status.OPEN,
        _("This wish is no longer waiting for verification."),
        verified_by=by if getattr(by, "pk", None) else None,
        verified_at=now,
    )
    _history(wish, WishEvent.Action.APPROVED, by)
    _audit(by, "wishes.approve", wish)
    return wish


@transaction.atomic
def decline_wish(*, by: Actor, wish: Wish, reason: str) -> Wish:
    """Declined with a reason the resident sees."""
    _require(by, Cap.WISHES_MANAGE, wish, _("Only the community staff can verify wishes."))
    reason = _reason(reason, "reason", _("Give the reason for declining; the resident will see it."))
    _move(
        wish,
        Wish.Status.PENDING,
        Wish.Status.DECLINED,
        _("This wish is no longer waiting for verification."),
        verified_by=by if getattr(by, "pk", None) else None,
        verified_at=timezone.now(),
        decline_reason=reason,
    )
    _history(wish, WishEvent.Action.DECLINED, by, reason)
    _audit(by, "wishes.decline", wish, {"reason": reason})
    _notify(
        wish.posted_by,
        kind="wishes.declined",
        wish=wish,
        reason=reason,
    )
    return wish


@transaction.atomic
def withdraw_wish(*, by: Actor, wish: Wish, reason: str) -> Wish:
    """The resident (or staff for them) no longer wants it; a claim holding it ends too."""
    _require(by, Cap.WISHES_RECORD, wish, _("Only the resident, their grid worker or staff can withdraw a wish."))
    reason = _reason(reason, "reason", _("Give the reason for withdrawing the wish."))
    _locked, claim = _lock_wish_and_claim(wish.pk)
    active = (Wish.Status.PENDING, Wish.Status.OPEN, Wish.Status.CLAIMED)
    _move(
        wish,
        active,
        Wish.Status.WITHDRAWN,
        _("A delivered or closed wish cannot be withdrawn."),
        withdraw_reason=reason,
    )
    if claim:
        _end_claim(claim, WishClaim.Status.CANCELLED, reason)
        for user in _claimants(claim):
            _notify(
                user,
                kind="wishes.withdrawn",
                wish=wish,
                reason=reason,
            )
    _history(wish, WishEvent.Action.WITHDRAWN, by, reason)
    _audit(by, "wishes.withdraw", wish, {"reason": reason})
    return wish


# --- claims -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    """One way a user may claim: as their partner unit, as a party member, or as a volunteer."""

    kind: str
    partner_unit: PartnerUnit | None = None
    party_member: PartyMember | None = None
    volunteer: Volunteer | None = None

    @property
    def label(self) -> str:
        if self.partner_unit is not None:
            return f"{WishClaim.Kind(self.kind).label}: {self.partner_unit.name}"
        return str(WishClaim.Kind(self.kind).label)

    def fields(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "partner_unit": self.partner_unit,
            "party_member": self.party_member,
            "volunteer": self.volunteer,
        }


def claimant_identities(user: Viewer | None, county_id: int | None = None) -> list[Identity]:
    """The identities `user` may claim with (within `county_id` when given), partner unit first."""
    if not isinstance(user, User):  # no one logged in
        return []
    found: list[Identity] = []
    units = PartnerUnit.objects.filter(rolemembership__user=user, rolemembership__role=Role.PARTNER_CONTACT).distinct()
    for unit in units.order_by("name"):
        if county_id is None or unit.county_id == county_id:
            found.append(Identity(WishClaim.Kind.PARTNER_UNIT, partner_unit=unit))
    if user.resident_id:
        member = PartyMember.objects.filter(resident_id=user.resident_id).first()
        if member and (county_id is None or member.county_id == county_id):
            found.append(Identity(WishClaim.Kind.PARTY_MEMBER, party_member=member))
    volunteer = Volunteer.objects.filter(user=user, status=Volunteer.Status.ACTIVE).first()
    if volunteer and (county_id is None or volunteer.county_id == county_id):
        found.append(Identity(WishClaim.Kind.VOLUNTEER, volunteer=volunteer))
    return found


def _identity(by: Actor, wish: Wish, kind: str | None, identities: list[Identity] | None) -> Identity:
    if identities is None:  # a caller that already listed them (the claim form) passes them in
        identities = claimant_identities(by, wish.county_id)
    if not identities:
        raise PermissionDenied(
            _("Only partner-unit contacts, party members and registered volunteers of this county can claim wishes.")
        )
    if not kind:
        return identities[0]
    for identity in identities:
        if identity.kind == kind:
            return identity
    raise ValidationError({"kind": _("You cannot claim as this; choose one of the ways offered.")})


def already_claimed_error() -> ValidationError:
    return ValidationError(_("Someone else has already claimed this wish; choose another one."), code=ALREADY_CLAIMED)


@transaction.atomic
def claim_wish(
    *,
    by: User,
    wish: Wish,
    kind: str | None = None,
    is_group: bool = False,
    note: str = "",
    identities: list[Identity] | None = None,
) -> WishClaim:
    """Claim an open wish; of concurrent claims exactly one wins, the rest hear it is taken.

    `identities` are `claimant_identities(by, wish.county_id)` when the caller has them already."""
    identity = _identity(by, wish, kind, identities)
    today = timezone.localdate()
    taken = Wish.objects.filter(pk=wish.pk, status=Wish.Status.OPEN, wanted_by__gte=today).update(
        status=Wish.Status.CLAIMED
    )
    if not taken:
        current = Wish.objects.filter(pk=wish.pk).values_list("status", flat=True).first()
        if current in (Wish.Status.CLAIMED, Wish.Status.DELIVERED, Wish.Status.FULFILLED):
            raise already_claimed_error()
        raise ValidationError(_("This wish is not on the wall any more; choose another one."))
    now = timezone.now()
    days = settings_of(wish.community_id).claim_days
    try:
        with transaction.atomic():
            claim = WishClaim.objects.create(
                wish=wish,
                user=by,
                is_group=is_group,
                note=(note or "").strip()[:300],
                due_at=now + dt.timedelta(days=days),
                **identity.fields(),
            )
    except IntegrityError:  # a claim the conditional update did not see: the index keeps one
        raise already_claimed_error() from None
    wish.status = Wish.Status.CLAIMED
    _history(wish, WishEvent.Action.CLAIMED, by, identity.label)
    _audit(by, "wishes.claim", wish, {"claim": claim.pk, "kind": identity.kind})
    return claim


@transaction.atomic
def join_claim(
    *, by: User, claim: WishClaim, kind: str | None = None, identities: list[Identity] | None = None
) -> WishClaimMember:
    """Join a group claim: the wish is shared, the lead claimant stays responsible for delivery."""
    claim = WishClaim.objects.select_for_update().select_related("wish").get(pk=claim.pk)
    if claim.status != WishClaim.Status.ACTIVE or not claim.is_group:
        raise ValidationError(_("This claim is not open for others to join."))
    if claim.user_id == by.pk or claim.members.filter(user=by).exists():
        raise ValidationError(_("You are already one of this wish's claimants."))
    identity = _identity(by, claim.wish, kind, identities)
    member = WishClaimMember.objects.create(claim=claim, user=by, **identity.fields())
    _history(claim.wish, WishEvent.Action.JOINED, by, identity.label)
    _audit(by, "wishes.join_claim", claim.wish, {"claim": claim.pk, "kind": identity.kind})
    return member


def _end_claim(claim: WishClaim, status: str, reason: str) -> None:
    WishClaim.objects.filter(pk=claim.pk).update(status=status, ended_at=timezone.now(), end_reason=reason[:300])
    claim.status = status


@transaction.atomic
def withdraw_claim(*, by: Actor, claim: WishClaim, reason: str) -> WishClaim:
    """The claimant gives the wish back with a reason; it returns to the wall."""
    _wish, active = _lock_wish_and_claim(claim.wish_id)
    claim = WishClaim.objects.select_related("wish", "user").get(pk=claim.pk)
    if claim.user_id != getattr(by, "pk", None) and not _has(by, Cap.WISHES_MANAGE, claim.wish):
        raise PermissionDenied(_("Only the claimant or the community staff can withdraw this claim."))
    reason = _reason(reason, "reason", _("Give the reason for withdrawing the claim."))
    if active is None or active.pk != claim.pk:
        raise ValidationError(_("This claim has already ended."))
    _end_claim(claim, WishClaim.Status.WITHDRAWN, reason)
    _move(claim.wish, Wish.Status.CLAIMED, Wish.Status.OPEN, _("This wish is not claimed any more."))
    _history(claim.wish, WishEvent.Action.WITHDRAWN_CLAIM, by, reason)
    _audit(by, "wishes.withdraw_claim", claim.wish, {"claim": claim.pk, "reason": reason})
    for user in _claimants(claim):
        if user.pk != getattr(by, "pk", None):
            _notify(
                user,
                kind="wishes.claim_withdrawn",
                wish=claim.wish,
                reason=reason,
            )
    return claim


def release_overdue_claims(*, now: dt.datetime | None = None) -> int:
    """Put back on the wall every wish whose claim was not delivered in time; tell the claimant."""
    now = now or timezone.now()
    released = 0
    overdue = WishClaim.objects.filter(status=WishClaim.Status.ACTIVE, due_at__lt=now)
    for claim_id, wish_id in overdue.values_list("pk", "wish_id"):
        try:
            released += _release(claim_id, wish_id, now)
        except DatabaseError:  # one wish's trouble must not keep the others off the wall
            logger.exception("Could not release wish claim %s", claim_id)
    return released


@transaction.atomic
def _release(claim_id: int, wish_id: int, now: dt.datetime) -> int:
    wish, claim = _lock_wish_and_claim(wish_id)
    if claim is None or claim.pk != claim_id or claim.due_at >= now:
        return 0  # delivered or withdrawn meanwhile
    reason = _("Not delivered by %(date)s.") % {"date": f"{timezone.localtime(claim.due_at):%Y-%m-%d}"}
    _end_claim(claim, WishClaim.Status.RELEASED, reason)
    _move(wish, Wish.Status.CLAIMED, Wish.Status.OPEN, _("This wish is not claimed any more."))
    _history(wish, WishEvent.Action.RELEASED, None, reason)
    _audit(None, "wishes.release", wish, {"claim": claim.pk})
    for user in _claimants(claim):
        _notify(
            user,
            kind="wishes.released",
            wish=wish,
        )
    return 1


# --- delivery and confirmation ----------------------------------------------------------------


def may_deliver(user: Viewer | None, wish: Wish) -> bool:
    """Claimants, the community's active volunteers and its staff may record a delivery."""
    if _has(user, Cap.WISHES_MANAGE, wish):
        return True
    uid = getattr(user, "pk", None)
    if uid is None:  # user_id=None would match every volunteer without a login
        return False
    claim = WishClaim.objects.filter(wish=wish, status=WishClaim.Status.ACTIVE).first()
    if claim and (claim.user_id == uid or claim.members.filter(user_id=uid).exists()):
        return True
    return Volunteer.objects.filter(
        user_id=uid, community_id=wish.community_id, status=Volunteer.Status.ACTIVE
    ).exists()


@transaction.atomic
def record_delivery(
    *,
    by: Actor,
    wish: Wish,
    note: str = "",
    photo: File | None = None,
    deliverer_name: str = "",
    delivered_at: dt.datetime | None = None,
) -> Wish:
    """Who delivered, when, a photo and a note; the resident then confirms receipt."""
    if not may_deliver(by, wish):
        raise PermissionDenied(_("Only the claimants, the community's volunteers or staff can record a delivery."))
    _locked, claim = _lock_wish_and_claim(wish.pk)
    now = timezone.now()
    delivered_at = delivered_at or now
    if timezone.is_naive(delivered_at):
        delivered_at = timezone.make_aware(delivered_at)
    if delivered_at > now + dt.timedelta(minutes=5):
        raise ValidationError({"delivered_at": _("A delivery cannot be recorded for a time in the future.")})
    if claim is not None and delivered_at < claim.claimed_at - dt.timedelta(minutes=5):
        raise ValidationError(
            {"delivered_at": _("The delivery cannot be before the wish was claimed; check the date and time.")}
        )
    check_photo(photo, "delivery_photo")
    # The person's name, never the login: a volunteer's login is their phone number.
    name = (deliverer_name or "").strip() or (str(by) if getattr(by, "pk", None) else "")
    _move(
        wish,
        Wish.Status.CLAIMED,
        Wish.Status.DELIVERED,
        _("Only a claimed wish can be delivered; this one is not claimed now."),
        delivered_at=delivered_at,
        delivered_by=by if getattr(by, "pk", None) else None,
        deliverer_name=name[:50],
        delivery_note=(note or "").strip()[:REASON_MAX],
    )
    if photo:
        _save_image(wish.delivery_photo, photo)
        Wish.objects.filter(pk=wish.pk).update(delivery_photo=wish.delivery_photo.name)
    WishClaim.objects.filter(wish=wish, status=WishClaim.Status.ACTIVE).update(
        status=WishClaim.Status.DELIVERED, ended_at=delivered_at
    )
    _history(wish, WishEvent.Action.DELIVERED, by, wish.delivery_note)
    _audit(by, "wishes.deliver", wish)
    return wish


@transaction.atomic
def confirm_receipt(*, by: Actor, wish: Wish, thanks: str = "") -> Wish:
    """The resident, or a grid worker or staff on their behalf, confirms the wish arrived."""
    _require(by, Cap.WISHES_RECORD, wish, _("Only the resident, their grid worker or staff can confirm receipt."))
    check_public_text(wish.beneficiary, thanks=thanks)
    _move(
        wish,
        Wish.Status.DELIVERED,
        Wish.Status.FULFILLED,
        _("Only a delivered wish can be confirmed; record the delivery first."),
        confirmed_at=timezone.now(),
        confirmed_by=by if getattr(by, "pk", None) else None,
        thanks=(thanks or "").strip()[:300],
    )
    _history(wish, WishEvent.Action.CONFIRMED, by, wish.thanks)
    _audit(by, "wishes.confirm", wish)
    claim = wish.claims.filter(status=WishClaim.Status.DELIVERED).select_related("user").first()
    for user in _claimants(claim) if claim else []:
        _notify(
            user,
            kind="wishes.fulfilled",
            wish=wish,
            thanks=wish.thanks,
        )
    return wish


@transaction.atomic
def publish_story(*, by: Actor, wish: Wish, story: str, consent: bool, published: bool) -> Wish:
    """A fulfilled wish as a short public story: only with the resident's consent, still masked."""
    _require(by, Cap.WISHES_MANAGE, wish, _("Only the community staff can publish stories."))
    if wish.status != Wish.Status.FULFILLED:
        raise ValidationError(_("Only a fulfilled wish can become a story."))
    story = (story or "").strip()
    if published and not consent:
        raise ValidationError({"consent": _("Publish the story only after the resident has agreed to it.")})
    if published and not story:
        raise ValidationError({"story": _("Write the story before publishing it.")})
    if published:
        check_public_text(wish.beneficiary, story=story)
    Wish.objects.filter(pk=wish.pk).update(story=story, story_consent=consent, story_published=published)
    wish.story, wish.story_consent, wish.story_published = story, consent, published
    if published:
        _history(wish, WishEvent.Action.STORY, by)
    _audit(by, "wishes.story", wish, {"published": published})
    return wish


@transaction.atomic
def update_settings(*, by: Actor, community: OrgUnit, value_cap: int, open_limit: int, claim_days: int) -> WishSettings:
    scope = scope_for(by) if by is not None else None
    if scope is not None and not scope.is_superuser and community.pk not in scope.community_ids(Cap.WISHES_MANAGE):
        raise PermissionDenied(_("Only the community staff can change the wish wall's settings."))
    settings, _created = WishSettings.objects.select_for_update().get_or_create(community=community)
    settings.value_cap, settings.open_limit, settings.claim_days = value_cap, open_limit, claim_days
    settings.full_clean()
    settings.save()
    record_event(
        by=by,
        action="wishes.settings",
        obj=settings,
        community_id=community.pk,
        county_id=community.county_id,
        details={"value_cap": value_cap, "open_limit": open_limit, "claim_days": claim_days},
    )
    return settings
