"""The wishes JSON API at /api/v1/wishes/: the pages' services and scoping, as JSON.

As in the registry's API: outside what the caller sees answers 404 exactly as a missing id, seen
but not changeable 403, and a service's ValidationError 422 with the messages the pages show; a
claim that loses to another answers 409 with the code "already_claimed". The wall endpoints are
public and read only queries.WALL_FIELDS. Photos go up as multipart/form-data with the wish or the
delivery they belong to, and are read back, with the same authentication, from the URL the answers give.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q, QuerySet, Value
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from core.api import READ, WRITE, ErrorOut, Id, Pages, answer_refusals
from core.audit import record_event
from core.scoping import get_for_user, scope_for
from core.uploads import image_response
from registry.models import Household, OrgUnit, Resident
from wishes import queries, services
from wishes.api_schemas import (
    ClaimIdentityOut,
    ConflictOut,
    WallCompoundOut,
    WallFilter,
    WallPages,
    WallStoryOut,
    WallWishOut,
    WishAddressOut,
    WishClaimIn,
    WishClaimMemberOut,
    WishClaimOut,
    WishConfirmIn,
    WishDeliveryIn,
    WishDeliveryOut,
    WishDetail,
    WishFilter,
    WishIn,
    WishJoinIn,
    WishOut,
    WishReasonIn,
    WishSettingsIn,
    WishSettingsOut,
    WishStoryIn,
)
from wishes.models import Wish, WishClaim, WishClaimMember

router = Router(tags=["wishes"])
router.add_decorator(answer_refusals)

PUBLIC = {404: ErrorOut}
IMAGE = {
    "responses": {
        200: {"description": "The picture.", "content": {"image/*": {"schema": {"type": "string", "format": "binary"}}}}
    }
}
VIEW, RECORD, MANAGE = queries.VIEW, queries.RECORD, queries.MANAGE


# --- scoped fetching ----------------------------------------------------------------------------


def _claims() -> QuerySet[WishClaim]:
    members = WishClaimMember.objects.select_related("user", "partner_unit")
    return WishClaim.objects.select_related("wish__compound", "user", "partner_unit").prefetch_related(
        Prefetch("members", queryset=members)
    )


def _detail(user: Any, wish: Wish) -> Wish:
    """The wish as `user` may read it: beneficiary, every claim and the history only when seen by area."""
    wish.in_area = queries.may_see_history(user, wish)
    claims = _claims().filter(wish=wish)
    if not wish.in_area:
        mine = Q(user=user) | Q(members__user=user)
        claims = claims.filter(mine | Q(status=WishClaim.Status.ACTIVE)).distinct()
    wish.seen_claims = list(claims.order_by("-claimed_at", "-pk"))
    wish.seen_history = list(wish.events.select_related("by")) if wish.in_area else None
    return wish


def _in_area(user: Any, pk: int) -> Wish:
    """A wish seen by area; claimants and deliverers get 404, as for the photos on the pages."""
    wish = queries.get_wish_for_user(user, pk)
    if not queries.may_see_history(user, wish):
        raise Http404
    return wish


def _wall_wish(user: Any, pk: int) -> Wish:
    """A wish to claim: any that went up on the wall is public; before that, only by area."""
    wish = Wish.objects.filter(pk=pk, verified_at__isnull=False).exclude(status=Wish.Status.DECLINED).first()
    return wish or queries.get_wish_for_user(user, pk)


def _claim(user: Any, pk: int) -> WishClaim:
    """A claim its claimants and the wish's area see, and a group claim open to join; else 404."""
    claim = _claims().filter(pk=pk).first()
    if claim is None:
        raise Http404
    if claim.user_id == user.pk or any(m.user_id == user.pk for m in claim.members.all()):
        return claim
    if claim.is_group and claim.status == WishClaim.Status.ACTIVE:
        return claim
    if queries.wishes_for_user(user, VIEW).filter(pk=claim.wish_id).exists():
        return claim
    raise Http404


def _community(user: Any, pk: int) -> OrgUnit:
    """A community in which the user sees wishes, as a whole or a grid, building or household of it."""
    community = OrgUnit.objects.filter(pk=pk, kind=OrgUnit.Kind.COMMUNITY).first()
    if community is None:
        raise Http404
    scope = scope_for(user)
    if scope.is_superuser or pk in scope.community_ids(VIEW):
        return community
    if Household.objects.for_user(user, VIEW).filter(community_id=pk).exists():
        return community
    raise Http404


def _public_unit(pk: int, kind: str) -> OrgUnit:
    unit = OrgUnit.objects.filter(pk=pk, kind=kind).first()
    if unit is None:
        raise Http404
    return unit


# --- wishes by area -------------------------------------------------------------------------------


@router.get("/", response={200: list[WishOut], 401: ErrorOut})
@paginate(Pages)
def list_wishes(request: HttpRequest, filters: Query[WishFilter]):
    """Wishes of the caller's area: a community's for its staff, a grid's for its worker, a household's for it."""
    wishes = queries.wish_list(
        request.user, status=filters.status or "", community_id=filters.community, q=filters.q or ""
    )
    if filters.compound:
        wishes = wishes.filter(compound_id=filters.compound)
    if filters.category:
        wishes = wishes.filter(category=filters.category)
    return wishes.annotate(in_area=Value(True))


@router.post("/", response={201: WishDetail, **WRITE})
def post_wish(request: HttpRequest, data: Form[WishIn], photo: File[UploadedFile] = None):
    """Post a wish for a resident you may post for: your household, your grid's, or your community's.

    It waits for the community staff to verify it before it goes on the wall.
    """
    user = request.user
    beneficiary = get_for_user(Resident.objects, user, data.beneficiary_id, view=VIEW, change=RECORD)
    wish = services.post_wish(by=user, photo=photo, beneficiary=beneficiary, **data.dict(exclude={"beneficiary_id"}))
    return Status(201, _detail(user, queries.get_wish_for_user(user, wish.pk)))


@router.get("/{int:wish_id}", response={200: WishDetail, **READ})
def get_wish(request: HttpRequest, wish_id: Id):
    return _detail(request.user, queries.get_wish_for_user(request.user, wish_id))


@router.post("/{int:wish_id}/approve", response={200: WishDetail, **WRITE})
def approve_wish(request: HttpRequest, wish_id: Id):
    """Staff checked the family's situation: the wish goes on the wall."""
    wish = queries.get_wish_for_user(request.user, wish_id, cap=MANAGE)
    return _detail(request.user, services.approve_wish(by=request.user, wish=wish))


@router.post("/{int:wish_id}/decline", response={200: WishDetail, **WRITE})
def decline_wish(request: HttpRequest, wish_id: Id, data: WishReasonIn):
    wish = queries.get_wish_for_user(request.user, wish_id, cap=MANAGE)
    return _detail(request.user, services.decline_wish(by=request.user, wish=wish, reason=data.reason))


@router.post("/{int:wish_id}/withdraw", response={200: WishDetail, **WRITE})
def withdraw_wish(request: HttpRequest, wish_id: Id, data: WishReasonIn):
    """The resident no longer wants it; a claim holding it ends and its claimant is told."""
    wish = queries.get_wish_for_user(request.user, wish_id, cap=RECORD)
    return _detail(request.user, services.withdraw_wish(by=request.user, wish=wish, reason=data.reason))


@router.post("/{int:wish_id}/confirm", response={200: WishDetail, **WRITE})
def confirm_receipt(request: HttpRequest, wish_id: Id, data: WishConfirmIn):
    """The resident, or their grid worker or staff for them, confirms the wish arrived."""
    wish = queries.get_wish_for_user(request.user, wish_id, cap=RECORD)
    return _detail(request.user, services.confirm_receipt(by=request.user, wish=wish, thanks=data.thanks))


@router.post("/{int:wish_id}/story", response={200: WishDetail, **WRITE})
def publish_story(request: HttpRequest, wish_id: Id, data: WishStoryIn):
    """A fulfilled wish as a short public story, only with the resident's consent."""
    wish = queries.get_wish_for_user(request.user, wish_id, cap=MANAGE)
    wish = services.publish_story(by=request.user, wish=wish, **data.dict())
    return _detail(request.user, wish)


@router.get("/{int:wish_id}/photo", response=READ, url_name="wish_photo_file", openapi_extra=IMAGE)
def get_photo(request: HttpRequest, wish_id: Id):
    return image_response(_in_area(request.user, wish_id).photo)


# --- claims -------------------------------------------------------------------------------------


@router.post("/{int:wish_id}/claim", response={201: WishClaimOut, 409: ConflictOut, **WRITE})
def claim_wish(request: HttpRequest, wish_id: Id, data: WishClaimIn):
    """Claim a wish on the wall, as a partner unit, a party member or a volunteer of its county.

    Of concurrent claims exactly one wins; the others answer 409 with the code "already_claimed".
    """
    wish = _wall_wish(request.user, wish_id)
    try:
        claim = services.claim_wish(by=request.user, wish=wish, **data.dict())
    except ValidationError as exc:
        if getattr(exc, "code", None) != services.ALREADY_CLAIMED:
            raise
        return Status(409, {"code": services.ALREADY_CLAIMED, "detail": exc.messages[0]})
    return Status(201, _claims().get(pk=claim.pk))


@router.get("/claims/mine", response={200: list[WishClaimOut], 401: ErrorOut})
@paginate(Pages)
def my_claims(request: HttpRequest):
    """The caller's claims, alone or in a group, newest first."""
    members = WishClaimMember.objects.select_related("user", "partner_unit")
    return queries.my_claims(request.user).prefetch_related(Prefetch("members", queryset=members))


@router.get("/claims/identities", response={200: list[ClaimIdentityOut], 401: ErrorOut})
def claim_identities(request: HttpRequest):
    """The ways the caller may claim: as their partner unit, as a party member, as a volunteer."""
    return [
        {"kind": i.kind, "label": i.label, "partner_unit_id": i.partner_unit.pk if i.partner_unit else None}
        for i in services.claimant_identities(request.user)
    ]


@router.post("/claims/{int:claim_id}/join", response={201: WishClaimMemberOut, **WRITE})
def join_claim(request: HttpRequest, claim_id: Id, data: WishJoinIn):
    """Join a group claim and share the wish; the lead claimant stays responsible for the delivery."""
    claim = _claim(request.user, claim_id)
    return Status(201, services.join_claim(by=request.user, claim=claim, kind=data.kind))


@router.post("/claims/{int:claim_id}/withdraw", response={200: WishClaimOut, **WRITE})
def withdraw_claim(request: HttpRequest, claim_id: Id, data: WishReasonIn):
    """Give the wish back with a reason; it returns to the wall."""
    claim = _claim(request.user, claim_id)
    services.withdraw_claim(by=request.user, claim=claim, reason=data.reason)
    return _claims().get(pk=claim.pk)


# --- delivery -------------------------------------------------------------------------------------


@router.get("/deliveries", response={200: list[WishDeliveryOut], 401: ErrorOut})
@paginate(Pages)
def deliveries(request: HttpRequest):
    """Claimed wishes of the caller's community waiting to be taken to the door (for its volunteers)."""
    return queries.deliveries_for_volunteer(request.user)


@router.get("/{int:wish_id}/address", response={200: WishAddressOut, **READ, 403: ErrorOut})
def delivery_address(request: HttpRequest, wish_id: Id):
    """Where to deliver a claimed wish, for those who may deliver it. Every reading is audited."""
    user = request.user
    wish = queries.get_wish_for_user(user, wish_id)
    if wish.status != Wish.Status.CLAIMED or not services.may_deliver(user, wish):
        raise PermissionDenied(
            _("Only the claimants, the community's volunteers or staff can see where to deliver a claimed wish.")
        )
    household = Household.objects.select_related("compound", "building").get(pk=wish.household_id)
    record_event(
        by=user, action="wishes.view_address", obj=wish, community_id=wish.community_id, county_id=wish.county_id
    )
    return {
        "compound": household.compound.name,
        "building": household.building.name,
        "unit": household.unit,
        "room": household.room,
    }


@router.post("/{int:wish_id}/delivery", response={200: WishDetail, **WRITE})
def record_delivery(request: HttpRequest, wish_id: Id, data: Form[WishDeliveryIn], photo: File[UploadedFile] = None):
    """Record who delivered a claimed wish, when, with a note and an optional photo (JPEG or PNG, at most 5 MB)."""
    wish = queries.get_wish_for_user(request.user, wish_id)
    wish = services.record_delivery(by=request.user, wish=wish, photo=photo, **data.dict())
    return _detail(request.user, wish)


@router.get("/{int:wish_id}/delivery/photo", response=READ, url_name="wish_delivery_photo_file", openapi_extra=IMAGE)
def get_delivery_photo(request: HttpRequest, wish_id: Id):
    return image_response(_in_area(request.user, wish_id).delivery_photo)


# --- settings -------------------------------------------------------------------------------------


def _settings_out(settings: Any) -> dict:
    return {
        "community_id": settings.community_id,
        "value_cap": settings.value_cap,
        "open_limit": settings.open_limit,
        "claim_days": settings.claim_days,
    }


@router.get("/settings/{int:community_id}", response={200: WishSettingsOut, **READ})
def get_settings(request: HttpRequest, community_id: Id):
    """The community's value cap, open wishes per resident and days to deliver (the defaults if unset)."""
    community = _community(request.user, community_id)
    return _settings_out(services.settings_of(community.pk))


@router.put("/settings/{int:community_id}", response={200: WishSettingsOut, **WRITE})
def update_settings(request: HttpRequest, community_id: Id, data: WishSettingsIn):
    community = _community(request.user, community_id)
    return _settings_out(services.update_settings(by=request.user, community=community, **data.dict()))


# --- the public wall ------------------------------------------------------------------------------


@router.get("/wall/{int:community_id}", auth=None, response={200: list[WallWishOut], **PUBLIC})
@paginate(WallPages)
def community_wall(request: HttpRequest, community_id: Id, filters: Query[WallFilter]):
    """Public: a community's open wishes, masked, newest first."""
    community = _public_unit(community_id, OrgUnit.Kind.COMMUNITY)
    return queries.wall(community=community, compound_id=filters.compound_id, category=filters.category or "")


@router.get("/wall/{int:community_id}/compounds", auth=None, response={200: list[WallCompoundOut], **PUBLIC})
def wall_compounds(request: HttpRequest, community_id: Id):
    """Public: the community's compounds, to filter its wall by."""
    return queries.wall_compounds(_public_unit(community_id, OrgUnit.Kind.COMMUNITY))


@router.get("/wall/{int:community_id}/stories", auth=None, response={200: list[WallStoryOut], **PUBLIC})
@paginate(WallPages)
def wall_stories(request: HttpRequest, community_id: Id):
    """Public: fulfilled wishes the residents agreed to share, masked, newest first."""
    return queries.published_stories(_public_unit(community_id, OrgUnit.Kind.COMMUNITY))


@router.get("/wall/county/{int:county_id}", auth=None, response={200: list[WallWishOut], **PUBLIC})
@paginate(WallPages)
def county_wall(request: HttpRequest, county_id: Id, filters: Query[WallFilter]):
    """Public: the open wishes of every community of a county, masked, newest first."""
    county = _public_unit(county_id, OrgUnit.Kind.COUNTY)
    return queries.wall(county=county, compound_id=filters.compound_id, category=filters.category or "")


@router.get("/wall/wishes/{int:wish_id}", auth=None, response={200: WallWishOut, **PUBLIC})
def wall_wish(request: HttpRequest, wish_id: Id):
    """Public: one card of the wall, while the wish is on it."""
    card = queries.wall().filter(id=wish_id).first()
    if card is None:
        raise Http404
    return card
