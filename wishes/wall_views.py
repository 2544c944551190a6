"""The public wish wall and the claimants' pages: claim, join, withdraw, deliver.

The wall and a wish's public card read rows of masked fields only (`queries.WALL_FIELDS`), never a
model instance a template could follow to the beneficiary. The delivery page is the one place a
deliverer sees the door (compound, building, room), and each look at it is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.audit import record_event
from core.forms import apply_errors
from core.pagination import CappedPaginator
from registry.models import OrgUnit
from volunteering.queries import own_active_volunteer
from wishes import queries, services
from wishes.models import Wish, WishClaim
from wishes.wall_forms import ClaimForm, DeliverForm, JoinClaimForm, WallFilterForm, WithdrawClaimForm

WALL_PAGE_SIZE = 24
STORIES_SHOWN = 6
DUE_SOON = dt.timedelta(days=2)
# Never shown in public, not even as "no longer on the wall": they were never on it.
_NEVER_PUBLIC = (Wish.Status.PENDING, Wish.Status.DECLINED)
_PUBLIC_FIELDS = (*queries.WALL_FIELDS, "status", "county_id", "community__name")


def _labelled(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**row, "category_label": Wish.Category(row["category"]).label} for row in rows]


def _public_community(pk: Any) -> OrgUnit:
    return get_object_or_404(OrgUnit, pk=pk, kind=OrgUnit.Kind.COMMUNITY)


def _public_wish(pk: Any) -> dict[str, Any]:
    """A wish's masked card; 404 for a wish that was never on the wall."""
    row = Wish.objects.filter(pk=pk).exclude(status__in=_NEVER_PUBLIC).values(*_PUBLIC_FIELDS).first()
    if row is None:
        raise Http404
    return _labelled([row])[0]


def _state(wish: dict[str, Any]) -> str:
    if wish["status"] == Wish.Status.OPEN and wish["wanted_by"] >= timezone.localdate():
        return "open"
    if wish["status"] == Wish.Status.CLAIMED:
        return "claimed"
    if wish["status"] in (Wish.Status.DELIVERED, Wish.Status.FULFILLED):
        return "fulfilled"
    return "gone"  # withdrawn, or no longer wanted


def _wall_crumb(wish: dict[str, Any]) -> tuple[str, str]:
    label = _("Wish wall of %(community)s") % {"community": wish["community__name"]}
    return (label, reverse("wishes:wall", args=[wish["community_id"]]))


def _due(claim: WishClaim) -> str:
    return f"{timezone.localtime(claim.due_at):%Y-%m-%d}"


# --- the public wall -------------------------------------------------------------------------------


# The wall changes with every claim and carries the signed-in user's name: never kept by a cache.
@never_cache
def wall(request, community_pk, compound_pk=None):
    """No login: a community's (or one compound's) open wishes as masked cards, and fulfilled stories."""
    community = _public_community(community_pk)
    compounds = list(queries.wall_compounds(community))
    compound = next((c for c in compounds if c.pk == compound_pk), None)
    if compound_pk is not None and compound is None:
        raise Http404
    data = request.GET.copy()
    if compound is not None and not data.get("compound"):
        # The filter form sends compound="" for "all": on a compound's own wall that means this compound.
        data["compound"] = str(compound.pk)
    form = WallFilterForm(compounds, data)
    page = CappedPaginator(queries.wall(community=community, **form.filters()), WALL_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "community": community,
        "compound": compound,
        "form": form,
        "page": page,
        "wishes": _labelled(page),
        "stories": _labelled(queries.published_stories(community)[:STORIES_SHOWN]),
    }
    return render(request, "wishes/wall.html", context)


def _claim_context(user: Any, wish: dict[str, Any]) -> dict[str, Any]:
    """The claim form for a signed-in claimant, or why there is none."""
    if not user.is_authenticated:
        return {}
    identities = services.claimant_identities(user, wish["county_id"])
    return {"identities": identities, "form": ClaimForm(identities) if identities else None}


def _join_context(user: Any, wish: dict[str, Any]) -> dict[str, Any]:
    """For a claimed wish: whether the user holds it, and the join form when its claim is a group's."""
    claim = WishClaim.objects.filter(wish_id=wish["id"], status=WishClaim.Status.ACTIVE).first()
    if claim is None or not user.is_authenticated:
        return {"claim": claim}
    mine = claim.user_id == user.pk or claim.members.filter(user=user).exists()
    context = {"claim": claim, "mine": mine}
    if claim.is_group and not mine:
        context.update(_claim_context(user, wish))
        context["form"] = JoinClaimForm(context["identities"]) if context["identities"] else None
    return context


@never_cache
def wall_wish(request, pk):
    """No login: one wish's masked card; signed-in claimants claim it (or join its group claim) here."""
    wish = _public_wish(pk)
    state = _state(wish)
    crumbs = [_wall_crumb(wish), (wish["title"] if state != "gone" else _("No longer on the wall"), "")]
    context = {"wish": wish, "state": state, "breadcrumbs": crumbs}
    if state == "open":
        context.update(_claim_context(request.user, wish))
    elif state == "claimed":
        context.update(_join_context(request.user, wish))
    return render(request, "wishes/wall_wish.html", context)


# --- claiming --------------------------------------------------------------------------------------


def _claim_page(request: HttpRequest, pk: Any, form: Any, *, status: int) -> HttpResponse:
    """The claim form again with its errors (400), or why this user cannot claim (403)."""
    wish = _public_wish(pk)
    context = {"wish": wish, "form": form, "breadcrumbs": [_wall_crumb(wish), (wish["title"], "")]}
    return render(request, "wishes/claim_form.html", context, status=status)


def _back_to_wall(request: HttpRequest, wish: Wish, exc: ValidationError) -> HttpResponse:
    for message in exc.messages:
        messages.error(request, message)
    return redirect("wishes:wall", community_pk=wish.community_id)


@login_required
def wish_claim(request, pk):
    if request.method != "POST":  # e.g. back from the login page: the form is on the card
        return redirect("wishes:wall-wish", pk=pk)
    wish = get_object_or_404(Wish.objects.exclude(status__in=_NEVER_PUBLIC), pk=pk)
    identities = services.claimant_identities(request.user, wish.county_id)
    if not identities:
        return _claim_page(request, pk, None, status=403)
    form = ClaimForm(identities, request.POST)
    if form.is_valid():
        try:
            claim = services.claim_wish(by=request.user, wish=wish, identities=identities, **form.service_kwargs())
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):  # already claimed, or off the wall: choose another
                return _back_to_wall(request, wish, exc)
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("You claimed “%(title)s”. Please deliver it by %(date)s; after that it goes back on the wall.")
                % {"title": wish.title, "date": _due(claim)},
            )
            return redirect("wishes:my-claims")
    return _claim_page(request, pk, form, status=400)


@login_required
@require_POST
def claim_join(request, claim_pk):
    claim = get_object_or_404(WishClaim.objects.select_related("wish"), pk=claim_pk)
    identities = services.claimant_identities(request.user, claim.wish.county_id)
    if not identities:
        return _claim_page(request, claim.wish_id, None, status=403)
    form = JoinClaimForm(identities, request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("You cannot claim as this; choose one of the ways offered."))
        services.join_claim(by=request.user, claim=claim, identities=identities, **form.service_kwargs())
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("wishes:wall-wish", pk=claim.wish_id)
    messages.success(
        request,
        _("You joined the group claim on “%(title)s”. Together, deliver it by %(date)s.")
        % {"title": claim.wish.title, "date": _due(claim)},
    )
    return redirect("wishes:my-claims")


def _claim_for_withdrawal(user: Any, claim_pk: Any) -> WishClaim:
    """The lead claimant's or, for their community, the staff's; 403 for a group member, else 404."""
    claim = get_object_or_404(WishClaim.objects.select_related("wish", "wish__compound"), pk=claim_pk)
    if claim.user_id == user.pk or queries.wishes_for_user(user, queries.MANAGE).filter(pk=claim.wish_id).exists():
        return claim
    if claim.members.filter(user=user).exists():
        raise PermissionDenied
    raise Http404


@login_required
def claim_withdraw(request, claim_pk):
    claim = _claim_for_withdrawal(request.user, claim_pk)
    if claim.status != WishClaim.Status.ACTIVE:
        messages.info(request, _("This claim has already ended."))
        return redirect("wishes:my-claims")
    form = WithdrawClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_claim(by=request.user, claim=claim, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The claim is withdrawn; the wish is back on the wall for others to claim."))
            return redirect("wishes:my-claims" if claim.user_id == request.user.pk else claim.wish.get_absolute_url())
    context = {"claim": claim, "form": form, "breadcrumbs": [(_("My claims"), reverse("wishes:my-claims"))]}
    context["breadcrumbs"].append((_("Withdraw the claim"), ""))
    return render(request, "wishes/claim_withdraw.html", context, status=400 if request.method == "POST" else 200)


@login_required
def my_claims(request):
    user, now = request.user, timezone.now()
    claims = list(queries.my_claims(user)[:200])
    for claim in claims:
        claim.is_lead = claim.user_id == user.pk
        active = claim.status == WishClaim.Status.ACTIVE
        claim.overdue = active and claim.due_at < now
        claim.due_soon = active and not claim.overdue and claim.due_at < now + DUE_SOON
    return render(request, "wishes/my_claims.html", {"claims": claims, "breadcrumbs": [(_("My claims"), "")]})


# --- delivery --------------------------------------------------------------------------------------


@login_required
def deliveries(request):
    """Claimed wishes waiting to be taken to the door: the user's own claims, then their community's."""
    user = request.user
    mine = list(queries.my_claims(user).filter(status=WishClaim.Status.ACTIVE)[:100])
    community = list(queries.deliveries_for_volunteer(user).exclude(pk__in=[c.wish_id for c in mine])[:200])
    context = {"mine": mine, "community_wishes": community, "breadcrumbs": [(_("Deliveries"), "")]}
    if not mine and own_active_volunteer(user) is None and not services.claimant_identities(user):
        return render(request, "wishes/deliveries.html", {**context, "no_access": True}, status=403)
    return render(request, "wishes/deliveries.html", context)


def _after_delivery(user: Any, wish: Wish) -> str:
    return wish.get_absolute_url() if queries.may_see_history(user, wish) else reverse("wishes:deliveries")


@login_required
def wish_deliver(request, pk):
    """Record a delivery; the page shows the door, so each look at it is audited."""
    user = request.user
    wish = queries.get_wish_for_user(user, pk)
    if wish.status != Wish.Status.CLAIMED:
        messages.info(request, _("This wish is not waiting for delivery any more."))
        return redirect(_after_delivery(user, wish))
    if not services.may_deliver(user, wish):
        raise PermissionDenied
    form = DeliverForm(request.POST or None, request.FILES or None, initial={"deliverer_name": user.get_full_name()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_delivery(by=user, wish=wish, **form.service_kwargs())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The delivery is recorded; the resident's side will confirm receipt."))
            return redirect(_after_delivery(user, wish))
    record_event(
        by=user, action="wishes.view_address", obj=wish, community_id=wish.community_id, county_id=wish.county_id
    )
    context = {
        "wish": wish,
        "claim": wish.claims.filter(status=WishClaim.Status.ACTIVE).first(),
        "form": form,
        "breadcrumbs": [(_("Deliveries"), reverse("wishes:deliveries")), (wish.title, "")],
    }
    return render(request, "wishes/deliver_form.html", context, status=400 if request.method == "POST" else 200)
