"""Wish pages of staff, grid workers and residents: fetch in scope, bind a form, call one service,
render or redirect. The public wall and the claimants' pages are in wall_views.

Who sees what: those who see a wish by area (staff, the grid worker, the resident's household,
town and county readers) see the beneficiary's name, the address and the full history. A claimant
or would-be deliverer outside the area reaches the same page (notifications link to it) and sees
the reduced view: the masked name, the compound, the wish and their own claim, no history, no
address and no photos. Wish and delivery photos may show a home, so they are served only to
those who see the wish by area, never on the wall.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_errors
from core.roles import Cap
from core.scoping import scope_for
from core.uploads import image_response
from registry.queries import communities_for_user
from wishes import queries, services
from wishes.forms import (
    ConfirmForm,
    DeclineForm,
    SettingsForm,
    StoryForm,
    WishFilterForm,
    WishForm,
    WithdrawForm,
    beneficiary_candidates,
)
from wishes.models import Wish, WishClaim

PER_PAGE = 50
PHOTO_FIELDS = {"photo": "photo", "delivery": "delivery_photo"}


def _crumbs(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Wishes"), reverse("wishes:wish-list")), *pairs]


def _require(user: Any, cap: str) -> None:
    """Pages that are not about one wish answer 403 to a user who holds the capability nowhere."""
    if not scope_for(user).has(cap):
        raise PermissionDenied


def _error_messages(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _holds(user: Any, wish: Wish, cap: str) -> bool:
    return queries.wishes_for_user(user, cap).filter(pk=wish.pk).exists()


# --- the list and the intake ------------------------------------------------------------------


@login_required
def wish_list(request):
    user = request.user
    _require(user, Cap.WISHES_VIEW)
    form = WishFilterForm(user, request.GET)
    active_claims = WishClaim.objects.filter(status=WishClaim.Status.ACTIVE).select_related("user", "partner_unit")
    wishes = queries.wish_list(user, **form.filters()).prefetch_related(
        Prefetch("claims", queryset=active_claims, to_attr="active_claims")
    )
    page = Paginator(wishes, PER_PAGE).get_page(request.GET.get("page"))
    communities = scope_for(user).community_ids(Cap.WISHES_VIEW) or {w.community_id for w in page}
    context = {
        "form": form,
        "page": page,
        "can_post": scope_for(user).has(Cap.WISHES_RECORD),
        "can_manage": scope_for(user).has(Cap.WISHES_MANAGE),
        "wall_community": next(iter(communities)) if len(communities) == 1 else None,
        "breadcrumbs": _crumbs(),
    }
    return render(request, "wishes/wish_list.html", context)


@login_required
def wish_create(request):
    user = request.user
    _require(user, Cap.WISHES_RECORD)
    q = request.GET.get("q", "").strip()[:100]
    selected = request.POST.get("beneficiary") or request.GET.get("for")
    candidates, needs_search = beneficiary_candidates(user, q=q, selected=selected)
    form = WishForm(user, request.POST or None, request.FILES or None, candidates=candidates, selected=selected)
    if request.method == "POST" and form.is_valid():
        try:
            wish = services.post_wish(by=user, **form.service_kwargs())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The wish is saved. It waits for the community staff to verify it before it goes on the wall."),
            )
            return redirect(wish)
    context = {
        "form": form,
        "q": q,
        "needs_search": needs_search,
        "breadcrumbs": _crumbs((_("Post a wish"), "")),
    }
    return render(request, "wishes/wish_form.html", context)


# --- the wish page and its actions ------------------------------------------------------------


def _is_claimant(claim: WishClaim, user: Any) -> bool:
    return claim.user_id == user.pk or any(m.user_id == user.pk for m in claim.members.all())


def _claimant_crumbs(wish: Wish, own_claims: list[WishClaim]) -> list[tuple[str, str]]:
    """A claimant came from their claims; a volunteer who only delivers, from the deliveries."""
    back = (
        (_("My claims"), reverse("wishes:my-claims")) if own_claims else (_("Deliveries"), reverse("wishes:deliveries"))
    )
    return [back, (wish.title, "")]


def _detail(request: HttpRequest, wish: Wish, *, status: int = 200, **bound: Any) -> HttpResponse:
    user = request.user
    full = queries.may_see_history(user, wish)
    can_manage = full and _holds(user, wish, Cap.WISHES_MANAGE)
    claims = list(
        wish.claims.select_related("user", "partner_unit").prefetch_related("members__user", "members__partner_unit")
    )
    if not full:
        claims = [c for c in claims if _is_claimant(c, user)]
    active = next((c for c in claims if c.status == WishClaim.Status.ACTIVE), None)
    context = {
        "wish": wish,
        "full": full,
        "can_manage": can_manage,
        "can_record": full and _holds(user, wish, Cap.WISHES_RECORD),
        "claims": claims,
        "active_claim": active,
        "may_withdraw_claim": bool(active and (can_manage or active.user_id == user.pk)),
        "may_deliver": wish.status == Wish.Status.CLAIMED and services.may_deliver(user, wish),
        "events": wish.events.select_related("by") if full else [],
        "decline_form": bound.get("decline_form") or DeclineForm(),
        "withdraw_form": bound.get("withdraw_form") or WithdrawForm(),
        "confirm_form": bound.get("confirm_form") or ConfirmForm(),
        "story_form": bound.get("story_form")
        or StoryForm(initial={"story": wish.story, "consent": wish.story_consent, "published": wish.story_published}),
        "breadcrumbs": _crumbs((wish.title, "")) if full else _claimant_crumbs(wish, claims),
    }
    return render(request, "wishes/wish_detail.html", context, status=status)


@login_required
def wish_detail(request, pk):
    return _detail(request, queries.get_wish_for_user(request.user, pk))


@login_required
@require_POST
def wish_approve(request, pk):
    wish = queries.get_wish_for_user(request.user, pk, cap=Cap.WISHES_MANAGE)
    try:
        services.approve_wish(by=request.user, wish=wish)
    except ValidationError as exc:
        _error_messages(request, exc)
    else:
        messages.success(request, _("The wish is verified and on the wall now."))
    return redirect(wish)


def _act(request: HttpRequest, wish: Wish, form: Any, action: Any, done: str) -> HttpResponse:
    """Call the service with a bound form's data. Errors of a field land on the form, shown on the
    wish page; an error of the wish's state (delivered meanwhile, not delivered yet) is a message."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                _error_messages(request, exc)
                return redirect(wish)
            apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(wish)
    return _detail(request, wish, status=400, **{f"{form.prefix}_form": form})


@login_required
@require_POST
def wish_decline(request, pk):
    wish = queries.get_wish_for_user(request.user, pk, cap=Cap.WISHES_MANAGE)
    return _act(
        request,
        wish,
        DeclineForm(request.POST),
        lambda data: services.decline_wish(by=request.user, wish=wish, reason=data["reason"]),
        _("The wish is declined; the resident's side sees the reason."),
    )


@login_required
@require_POST
def wish_withdraw(request, pk):
    wish = queries.get_wish_for_user(request.user, pk, cap=Cap.WISHES_RECORD)
    return _act(
        request,
        wish,
        WithdrawForm(request.POST),
        lambda data: services.withdraw_wish(by=request.user, wish=wish, reason=data["reason"]),
        _("The wish is withdrawn and is no longer on the wall."),
    )


@login_required
@require_POST
def wish_confirm(request, pk):
    wish = queries.get_wish_for_user(request.user, pk, cap=Cap.WISHES_RECORD)
    return _act(
        request,
        wish,
        ConfirmForm(request.POST),
        lambda data: services.confirm_receipt(by=request.user, wish=wish, thanks=data["thanks"]),
        _("Receipt is confirmed: the wish is fulfilled. Thank you."),
    )


@login_required
@require_POST
def wish_story(request, pk):
    wish = queries.get_wish_for_user(request.user, pk, cap=Cap.WISHES_MANAGE)
    return _act(
        request,
        wish,
        StoryForm(request.POST),
        lambda data: services.publish_story(by=request.user, wish=wish, **data),
        _("The story is saved."),
    )


@login_required
def wish_photo(request, pk, which):
    """Only for those who see the wish by area: a photo may show the resident's home."""
    if which not in PHOTO_FIELDS:
        raise Http404
    wish = queries.get_wish_for_user(request.user, pk)
    if not queries.may_see_history(request.user, wish):
        raise Http404
    return image_response(getattr(wish, PHOTO_FIELDS[which]))


# --- the community's settings -----------------------------------------------------------------


@login_required
def wish_settings(request):
    communities = list(communities_for_user(request.user, Cap.WISHES_MANAGE).order_by("code", "name"))
    if not communities:
        raise PermissionDenied
    chosen = request.POST.get("community") or request.GET.get("community")
    community = next((c for c in communities if str(c.pk) == chosen), communities[0])
    current = services.settings_of(community.pk)
    initial = {"value_cap": current.value_cap, "open_limit": current.open_limit, "claim_days": current.claim_days}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_settings(by=request.user, community=community, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("The wish wall settings of %(community)s are saved.") % {"community": community}
            )
            return redirect(f"{reverse('wishes:wish-settings')}?community={community.pk}")
    context = {
        "form": form,
        "community": community,
        "communities": communities,
        "breadcrumbs": _crumbs((_("Wall settings"), "")),
    }
    return render(request, "wishes/wish_settings.html", context)
