"""Input and output shapes of the wishes API.

The public wall's shapes carry only the masked wall fields (queries.WALL_FIELDS); a wish's
beneficiary appears by name only to those who see the wish by area (staff, grid worker, resident).
"""

import datetime as dt
from enum import StrEnum
from typing import Any

from django.urls import reverse
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

from core.api import Id, InputSchema
from core.validators import QUERY_TEXT
from wishes.models import Wish, WishClaim, WishEvent

# Several models name their choices "Status"; the schema names its components after the enum, so
# each gets its own name here, or one would be documented with another's values.
WishStatus = StrEnum("WishStatus", [(m.name, m.value) for m in Wish.Status])
WishCategory = StrEnum("WishCategory", [(m.name, m.value) for m in Wish.Category])
WishVia = StrEnum("WishVia", [(m.name, m.value) for m in Wish.Via])
WishStep = StrEnum("WishStep", [(m.name, m.value) for m in WishEvent.Action])
WishClaimKind = StrEnum("WishClaimKind", [(m.name, m.value) for m in WishClaim.Kind])
WishClaimStatus = StrEnum("WishClaimStatus", [(m.name, m.value) for m in WishClaim.Status])


def _user_name(user: Any) -> str:
    return str(user)  # the person's name as on the pages, never the login (often a phone number)


# --- the public wall --------------------------------------------------------------------------


# Bounds that keep a number a database can compare: larger ones are a 422, not a server error.
MAX_ID = 2**31 - 1
MAX_PAGE = 100_000


class WallPages(PageNumberPagination):
    """Pages of 24 cards, as on the wall page."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="The page, from 1.")

    def __init__(self, **kwargs: Any):
        super().__init__(page_size=24, **kwargs)

    def paginate_queryset(self, queryset: Any, pagination: Input, request: Any, **params: Any) -> Any:
        offset = (pagination.page - 1) * self.page_size
        return {"items": queryset[offset : offset + self.page_size], "count": self._items_count(queryset)}


class WallFilter(InputSchema):
    compound_id: int | None = Field(None, ge=1, le=MAX_ID, description="Only wishes of this compound (id).")
    category: WishCategory | None = Field(None, description="Only wishes of this category.")


class WallCompoundOut(Schema):
    id: int
    name: str


class WallWishOut(Schema):
    """A card on the public wall: the wish, the masked name and the compound; nothing that finds the home."""

    id: int
    title: str
    category: WishCategory
    value: int = Field(description="The estimated value in yuan.")
    reason: str
    wanted_by: dt.date
    posted_at: dt.datetime
    masked_name: str = Field(description="The beneficiary's surname and stars, e.g. 黄**.")
    community_id: int
    compound: WallCompoundOut

    @staticmethod
    def resolve_compound(obj: dict) -> dict:
        return {"id": obj["compound_id"], "name": obj["compound__name"]}


class WallStoryOut(Schema):
    id: int
    title: str
    category: WishCategory
    masked_name: str
    compound_name: str = Field(alias="compound__name")
    story: str
    confirmed_at: dt.datetime | None


# --- wishes -------------------------------------------------------------------------------------


class WishFilter(InputSchema):
    status: WishStatus | None = Field(None, description="Only wishes in this status.")
    community: int | None = Field(None, ge=1, le=MAX_ID, description="Only wishes of this community (id).")
    compound: int | None = Field(None, ge=1, le=MAX_ID, description="Only wishes of this compound (id).")
    category: WishCategory | None = Field(None, description="Only wishes of this category.")
    q: str | None = Field(
        None, max_length=QUERY_TEXT, description="Words of the title, or the start of the beneficiary's name."
    )


class WishBeneficiaryOut(Schema):
    id: int
    name: str


class WishOut(Schema):
    id: int
    status: WishStatus
    title: str
    category: WishCategory
    value: int = Field(description="The estimated value in yuan.")
    wanted_by: dt.date
    posted_at: dt.datetime
    via: WishVia
    masked_name: str
    community_id: int
    compound_id: int
    compound_name: str = Field(alias="compound.name")
    beneficiary: WishBeneficiaryOut | None = Field(
        description="Only for those who see the wish by area (staff, grid worker, resident); null for claimants."
    )

    @staticmethod
    def resolve_beneficiary(obj: Wish) -> dict | None:
        if not getattr(obj, "in_area", False):
            return None
        return {"id": obj.beneficiary_id, "name": obj.beneficiary.name}


class WishBriefOut(Schema):
    id: int
    title: str
    status: WishStatus
    masked_name: str
    compound_name: str = Field(alias="compound.name")
    wanted_by: dt.date


class WishClaimMemberOut(Schema):
    kind: WishClaimKind
    name: str
    joined_at: dt.datetime

    @staticmethod
    def resolve_name(obj: Any) -> str:
        if obj.kind == WishClaim.Kind.PARTNER_UNIT and obj.partner_unit_id:
            return obj.partner_unit.name
        return _user_name(obj.user)


class WishClaimOut(Schema):
    id: int
    wish: WishBriefOut
    status: WishClaimStatus
    kind: WishClaimKind
    claimant: str = Field(description="The partner unit's name, or the claimant's.")
    is_group: bool = Field(description="Others may join the claim and share the wish.")
    note: str
    claimed_at: dt.datetime
    due_at: dt.datetime = Field(description="Deliver by then, or the claim is released back to the wall.")
    ended_at: dt.datetime | None
    end_reason: str
    members: list[WishClaimMemberOut] = Field(description="Claimants who joined a group claim.")

    @staticmethod
    def resolve_claimant(obj: WishClaim) -> str:
        return obj.claimant_name

    @staticmethod
    def resolve_members(obj: WishClaim) -> list:
        return list(obj.members.all())


class WishEventOut(Schema):
    action: WishStep
    at: dt.datetime
    by: str | None = Field(description="Who took the step; null for the system (a claim released when overdue).")
    note: str

    @staticmethod
    def resolve_by(obj: WishEvent) -> str | None:
        return _user_name(obj.by) if obj.by_id else None


class WishDetail(WishOut):
    reason: str
    decline_reason: str
    withdraw_reason: str
    verified_at: dt.datetime | None
    delivered_at: dt.datetime | None
    deliverer_name: str
    delivery_note: str
    confirmed_at: dt.datetime | None
    thanks: str
    story: str
    story_consent: bool
    story_published: bool
    photo_url: str | None = Field(description="The wish's photo (GET it with the same authentication); null if none.")
    delivery_photo_url: str | None = Field(description="The delivery's photo; null if none.")
    claims: list[WishClaimOut] = Field(
        description="Every claim for those who see the wish by area; for others the holding claim and their own."
    )
    history: list[WishEventOut] | None = Field(
        description="Every step with names, for those who see the wish by area; null for others."
    )

    @staticmethod
    def resolve_photo_url(obj: Wish) -> str | None:
        # Photos may show the home: only those who see the wish by area get them (as on the pages).
        shown = obj.photo and getattr(obj, "in_area", False)
        return reverse("api:wish_photo_file", kwargs={"wish_id": obj.pk}) if shown else None

    @staticmethod
    def resolve_delivery_photo_url(obj: Wish) -> str | None:
        shown = obj.delivery_photo and getattr(obj, "in_area", False)
        return reverse("api:wish_delivery_photo_file", kwargs={"wish_id": obj.pk}) if shown else None

    @staticmethod
    def resolve_claims(obj: Any) -> list:
        return obj.seen_claims

    @staticmethod
    def resolve_history(obj: Any) -> list | None:
        return obj.seen_history


class WishIn(InputSchema):
    """A wish for one resident; sent as form fields, with an optional photo."""

    beneficiary_id: Id = Field(description="The resident the wish is for: one you may post wishes for.")
    title: str = Field(max_length=100, description="What is wished for.")
    category: WishCategory
    value: int = Field(
        ge=0, le=2**31 - 1, description="The estimated value in whole yuan, at most the community's cap."
    )
    wanted_by: dt.date = Field(description="Until when it is wanted: today or later, within a year.")
    reason: str = Field("", max_length=500, description="Why.")


class WishReasonIn(InputSchema):
    reason: str = Field(max_length=300, description="The reason; the resident (or the claimant) reads it.")


class WishClaimIn(InputSchema):
    kind: WishClaimKind | None = Field(
        None, description="Claim as this (see claims/identities); omit for the first way you may claim."
    )
    is_group: bool = Field(False, description="Let others join and share the wish.")
    note: str = Field("", max_length=300)


class WishJoinIn(InputSchema):
    kind: WishClaimKind | None = None


class WishDeliveryIn(InputSchema):
    """A delivery; sent as form fields, with an optional photo."""

    note: str = Field("", max_length=300)
    deliverer_name: str = Field("", max_length=50, description="Who took it to the door; omit for yourself.")
    delivered_at: dt.datetime | None = Field(None, description="When; omit for now.")


class WishAddressOut(Schema):
    """Where to take the wish: the door, without the resident's name, phone or ID."""

    compound: str
    building: str
    unit: str
    room: str


class WishConfirmIn(InputSchema):
    thanks: str = Field("", max_length=300, description="A thank-you the claimant reads.")


class WishStoryIn(InputSchema):
    story: str = Field("", max_length=1000, description="A short story, without the resident's full name.")
    consent: bool = Field(False, description="The resident agreed to a public story.")
    published: bool = False


class ClaimIdentityOut(Schema):
    kind: WishClaimKind
    label: str
    partner_unit_id: int | None


class ConflictOut(Schema):
    code: str = Field(description="`already_claimed` when another claim holds the wish.")
    detail: str


class WishDeliveryOut(Schema):
    """A claimed wish waiting to be taken to the door, as a volunteer of the community sees it."""

    id: int
    title: str
    category: WishCategory
    masked_name: str
    compound_id: int
    compound_name: str = Field(alias="compound.name")
    wanted_by: dt.date


class WishSettingsOut(Schema):
    community_id: int
    value_cap: int = Field(description="The highest estimated value of a wish, in yuan.")
    open_limit: int = Field(description="Open wishes one resident may have at a time.")
    claim_days: int = Field(description="Days a claimant has to deliver before the claim is released.")


class WishSettingsIn(InputSchema):
    value_cap: int = Field(ge=1, le=5000)
    open_limit: int = Field(ge=1, le=20)
    claim_days: int = Field(ge=1, le=90)
