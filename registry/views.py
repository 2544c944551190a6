"""Registry pages: fetch in scope, bind a form, call one service, render or redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import services as account_services
from core.forms import apply_errors
from core.pagination import CappedPaginator
from core.roles import Cap
from core.scoping import scope_for
from registry import queries, services
from registry.forms import (
    HouseholdCreateForm,
    HouseholdEditForm,
    HouseholdFilterForm,
    HouseholdPickForm,
    PartnerUnitForm,
    PartyFormalizeForm,
    ResidentAccountForm,
    ResidentFilterForm,
    ResidentForm,
)
from registry.models import GridUnit, Household, OrgUnit, PartnerUnit, PartyMember, PartyOrg, Resident

PER_PAGE = 50


def _page(request: HttpRequest, items: Any) -> Page:
    return Paginator(items, PER_PAGE).get_page(request.GET.get("page"))


def _household_page(request: HttpRequest, households: Any) -> Page:
    """A page of households whose count stops at COUNT_CAP: a county holds tens of thousands."""
    return CappedPaginator(queries.with_member_count(households), PER_PAGE).get_page(request.GET.get("page"))


def _fragment(request: HttpRequest, template: str, partial: str) -> str:
    """The partial for htmx swaps; the whole page otherwise (and when htmx restores history)."""
    htmx = getattr(request, "htmx", None)
    return f"{template}#{partial}" if htmx and not htmx.history_restore_request else template


def _require(user: Any, cap: str) -> None:
    """Create pages answer 403 to a user who holds the capability nowhere."""
    if not scope_for(user).has(cap):
        raise PermissionDenied


def _crumbs(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Registry"), reverse("registry:search")), *pairs]


# --- search and org tree ---------------------------------------------------------------------


@login_required
def search(request):
    q = request.GET.get("q", "").strip()[:100]
    context = {
        "q": q,
        "residents": queries.search_residents(request.user, q),
        "households": queries.search_households(request.user, q),
        "breadcrumbs": _crumbs((_("Search"), "")),
    }
    return render(request, _fragment(request, "registry/search.html", "results"), context)


@login_required
def org_tree(request):
    context = {"roots": queries.org_tree(request.user), "breadcrumbs": _crumbs((_("Org tree"), ""))}
    return render(request, "registry/org_tree.html", context)


@login_required
def org_unit_detail(request, pk):
    user = request.user
    unit = queries.get_org_unit_for_user(user, pk)
    households = None
    if unit.kind in (OrgUnit.Kind.COMPOUND, OrgUnit.Kind.BUILDING):
        place = {unit.kind: unit}
        households = _household_page(request, queries.household_list(user).filter(**place))
    context = {
        "unit": unit,
        "children": queries.child_units(user, unit),
        "summary": queries.community_summary(user, unit) if unit.kind == OrgUnit.Kind.COMMUNITY else None,
        "page": households,
        "can_manage": queries.can(user, unit, Cap.REGISTRY_MANAGE),
        "breadcrumbs": _crumbs((_("Org tree"), reverse("registry:org-tree")), (unit.name, "")),
    }
    return render(request, "registry/org_unit_detail.html", context)


# --- households --------------------------------------------------------------------------------


@login_required
def household_list(request):
    user = request.user
    form = HouseholdFilterForm(user, request.GET)
    households = queries.filter_households(queries.household_list(user), **form.filters())
    context = {
        "form": form,
        "page": _household_page(request, households),
        "can_create": scope_for(user).has(Cap.REGISTRY_MANAGE),
        "breadcrumbs": _crumbs((_("Households"), "")),
    }
    return render(request, "registry/household_list.html", context)


@login_required
def household_create(request):
    _require(request.user, Cap.REGISTRY_MANAGE)
    form = HouseholdCreateForm(request.user, request.POST or None, initial={"building": request.GET.get("building")})
    if request.method == "POST" and form.is_valid():
        try:
            household = services.create_household(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The household at %(address)s is registered.") % {"address": household})
            return redirect("registry:household-detail", pk=household.pk)
    crumbs = _crumbs((_("Households"), reverse("registry:household-list")), (_("New household"), ""))
    return render(request, "registry/household_form.html", {"form": form, "breadcrumbs": crumbs})


@login_required
def household_edit(request, pk):
    household = queries.get_household_for_user(request.user, pk, change=True)
    form = HouseholdEditForm(request.user, household, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_household(by=request.user, household=household, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The household's details are saved."))
            return redirect("registry:household-detail", pk=household.pk)
    crumbs = _crumbs(
        (_("Households"), reverse("registry:household-list")),
        (household.address, reverse("registry:household-detail", args=[household.pk])),
        (_("Edit"), ""),
    )
    return render(
        request, "registry/household_form.html", {"form": form, "household": household, "breadcrumbs": crumbs}
    )


@login_required
def household_detail(request, pk):
    user = request.user
    household = queries.get_household_for_user(user, pk)
    members = list(queries.household_members(household).select_related("guardian"))
    queries.attach_grid_contacts([household.grid_group] if household.grid_group else [])
    party = [m.party_member for m in members if getattr(m, "party_member", None)]
    living = [m for m in members if m.status == Resident.Status.ACTIVE]
    timeline = queries.record_timeline(
        {
            "registry.household": [household.pk],
            "registry.resident": [m.pk for m in members],
            "registry.partymember": [p.pk for p in party],
        }
    )
    context = {
        "household": household,
        "members": members,
        "tags": household.tags.all(),
        "party_badge": any(getattr(m, "party_member", None) and m.party_member.shows_identity for m in living),
        "timeline": timeline,
        "can_change": queries.can(user, household, Cap.REGISTRY_CHANGE),
        "breadcrumbs": _crumbs((_("Households"), reverse("registry:household-list")), (household.address, "")),
    }
    return render(request, "registry/household_detail.html", context)


# --- residents --------------------------------------------------------------------------------


@login_required
def resident_list(request):
    user = request.user
    form = ResidentFilterForm(user, request.GET)
    residents = queries.filter_residents(queries.residents_for_user(user), **form.filters())
    residents = residents.select_related("household", "party_member").prefetch_related("tags")
    context = {
        "form": form,
        "page": _page(request, residents.order_by("household__sort_key", "name", "pk")),
        "can_create": scope_for(user).has(Cap.REGISTRY_CHANGE),
        "can_import": scope_for(user).has(Cap.REGISTRY_MANAGE),
        "can_export": scope_for(user).has(Cap.REGISTRY_EXPORT),
        "breadcrumbs": _crumbs((_("Residents"), "")),
    }
    return render(request, "registry/resident_list.html", context)


def _resident_page(request: HttpRequest, resident: Resident, **extra: Any) -> HttpResponse:
    """The resident page; the reveal and account views render it too, with what they add."""
    user = request.user
    party_member = getattr(resident, "party_member", None)
    # A volunteer's own login is the person's login too: one person, one login.
    account = account_services.existing_login(resident=resident)
    can_accounts = account is None and queries.can(user, resident, Cap.ACCOUNTS_MANAGE)
    revealed = extra.pop("revealed", {})
    context = {
        "resident": resident,
        "party_member": party_member,
        # Grid workers and residents see a member's organisation by name; only its readers get the link.
        "party_org_link": bool(
            party_member and PartyOrg.objects.for_user(user).filter(pk=party_member.party_org_id).exists()
        ),
        "account": account,
        "tags": resident.tags.all(),
        "pii_fields": [
            ("id_number", _("ID-card number"), resident.id_number_masked, revealed.get("id_number")),
            ("phone", _("Phone"), resident.phone_masked, revealed.get("phone")),
        ],
        "can_change": queries.can(user, resident, Cap.REGISTRY_CHANGE),
        "can_reveal": queries.can(user, resident, Cap.REGISTRY_REVEAL),
        "account_form": extra.pop("account_form", None) or (ResidentAccountForm() if can_accounts else None),
        "timeline": queries.record_timeline(
            {
                "registry.resident": [resident.pk],
                "registry.partymember": [party_member.pk if party_member else None],
                "accounts.user": [account.pk if account else None],
            }
        ),
        "breadcrumbs": _crumbs(
            (resident.household.address, reverse("registry:household-detail", args=[resident.household_id])),
            (resident.name, ""),
        ),
        **extra,
    }
    return render(request, "registry/resident_detail.html", context)


@login_required
def resident_detail(request, pk):
    return _resident_page(request, queries.get_resident_for_user(request.user, pk))


def _household_param(request: HttpRequest) -> Household | None:
    """The household a new resident joins, from the form or ?household=: must be changeable."""
    pk = request.POST.get("household") or request.GET.get("household")
    return queries.get_household_for_user(request.user, pk, change=True) if pk else None


@login_required
def resident_create(request):
    household = _household_param(request)
    _require(request.user, Cap.REGISTRY_CHANGE)
    crumbs = [(_("Residents"), reverse("registry:resident-list")), (_("New resident"), "")]
    if household is None:  # first choose the household, so guardians and tags can be offered
        context = {"form": HouseholdPickForm(request.user), "breadcrumbs": _crumbs(*crumbs)}
        return render(request, "registry/resident_pick_household.html", context)
    form = ResidentForm(request.user, request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        try:
            resident = services.create_resident(by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": resident.name})
            return redirect("registry:resident-detail", pk=resident.pk)
    crumbs.insert(1, (household.address, reverse("registry:household-detail", args=[household.pk])))
    return render(request, "registry/resident_form.html", {"form": form, "breadcrumbs": _crumbs(*crumbs)})


@login_required
def resident_edit(request, pk):
    resident = queries.get_resident_for_user(request.user, pk, change=True)
    form = ResidentForm(request.user, request.POST or None, resident=resident)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_resident(by=request.user, resident=resident, **form.service_kwargs())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s's details are saved.") % {"name": form.cleaned_data["name"]})
            return redirect("registry:resident-detail", pk=resident.pk)
    crumbs = _crumbs(
        (resident.household.address, reverse("registry:household-detail", args=[resident.household_id])),
        (resident.name, reverse("registry:resident-detail", args=[resident.pk])),
        (_("Edit"), ""),
    )
    return render(request, "registry/resident_form.html", {"form": form, "breadcrumbs": crumbs})


@login_required
@require_POST
def resident_validate(request):
    """Check the resident form as it is typed, without saving: each field's errors, swapped out of band.

    Only the error blocks are swapped, never the inputs, so nothing typed while the check runs is lost.
    """
    _require(request.user, Cap.REGISTRY_CHANGE)
    pk = request.GET.get("resident")
    resident = queries.get_resident_for_user(request.user, pk, change=True) if pk else None
    household = None if resident else _household_param(request)
    if resident is None and household is None:
        raise Http404
    form = ResidentForm(request.user, request.POST, household=household, resident=resident)
    form.is_valid()
    try:
        services.check_resident(**form.check_kwargs())
    except ValidationError as exc:
        form.add_inline_errors(exc)
    return render(request, "registry/resident_form.html#errors", {"form": form})


@login_required
@require_POST
@never_cache
def resident_reveal(request, pk, field):
    if field not in services.REVEALABLE:
        raise Http404
    resident = queries.get_resident_for_user(request.user, pk, reveal=True)
    value = services.reveal_resident_field(by=request.user, resident=resident, field=field)
    if getattr(request, "htmx", None):
        return render(request, "registry/resident_detail.html#revealed", {"value": value})
    return _resident_page(request, resident, revealed={field: value})


@login_required
@require_POST
@never_cache
def resident_account(request, pk):
    """Staff make a login for a resident without a phone; the password is shown once, here."""
    resident = queries.get_resident_for_accounts(request.user, pk)
    form = ResidentAccountForm(request.POST)
    if form.is_valid() and account_services.existing_login(resident=resident) is None:
        try:
            account, password = account_services.create_login(
                by=request.user, resident=resident, username=form.cleaned_data["username"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            context = {"resident": resident, "account": account, "password": password}
            return render(request, "registry/resident_account.html", context)
    return _resident_page(request, resident, account_form=form)


# --- service grid -----------------------------------------------------------------------------


@login_required
def grid(request):
    zones = GridUnit.objects.for_user(request.user).filter(kind=GridUnit.Kind.ZONE)
    context = {
        "groups": queries.grid_groups(request.user),
        "zone_ids": set(zones.values_list("pk", flat=True)),
        "coverage": queries.grid_coverage(request.user),
        "breadcrumbs": _crumbs((_("Service grid"), "")),
    }
    return render(request, "registry/grid.html", context)


@login_required
def grid_unit_detail(request, pk):
    user = request.user
    unit = queries.get_grid_unit_for_user(user, pk)
    if unit.kind == GridUnit.Kind.GROUP:
        households = queries.household_list(user).filter(grid_group=unit)
        queries.attach_grid_contacts([unit])
    else:
        households = queries.household_list(user).filter(grid_group__parent=unit)
    context = {
        "unit": unit,
        "groups": sorted(GridUnit.objects.for_user(user).filter(parent=unit), key=queries.grid_order),
        "page": _household_page(request, households),
        "breadcrumbs": _crumbs((_("Service grid"), reverse("registry:grid")), (unit.name, "")),
    }
    return render(request, "registry/grid_unit_detail.html", context)


# --- party organisation -------------------------------------------------------------------------


@login_required
def party_list(request):
    context = {
        "orgs": queries.party_orgs(request.user),
        "kinds": PartyMember.Kind.choices,
        "breadcrumbs": _crumbs((_("Party organisation"), "")),
    }
    return render(request, "registry/party_list.html", context)


def _party_org_page(request: HttpRequest, org: PartyOrg, form: PartyFormalizeForm | None = None) -> HttpResponse:
    user = request.user
    can_formalize = org.status == PartyOrg.Status.PROVISIONAL and queries.can(user, org, Cap.REGISTRY_MANAGE)
    context = {
        "org": org,
        "members": queries.party_members(user, org),
        "children": sorted(PartyOrg.objects.for_user(user).filter(parent=org), key=queries.party_order),
        "form": form or (PartyFormalizeForm() if can_formalize else None),
        "timeline": queries.record_timeline({"registry.partyorg": [org.pk]}),
        "breadcrumbs": _crumbs((_("Party organisation"), reverse("registry:party-list")), (org.name, "")),
    }
    return render(request, "registry/party_org_detail.html", context)


@login_required
def party_org_detail(request, pk):
    return _party_org_page(request, queries.get_party_org_for_user(request.user, pk))


@login_required
@require_POST
def party_org_formalize(request, pk):
    org = queries.get_party_org_for_user(request.user, pk, manage=True)
    form = PartyFormalizeForm(request.POST)
    if form.is_valid():
        try:
            services.formalize_party_branch(by=request.user, branch=org, on=form.cleaned_data["formalized_on"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is now a formal branch.") % {"name": org.name})
            return redirect("registry:party-org-detail", pk=org.pk)
    return _party_org_page(request, org, form)


# --- partner units ------------------------------------------------------------------------------


@login_required
def partner_list(request):
    units = PartnerUnit.objects.for_user(request.user).prefetch_related("communities").order_by("name")
    context = {
        "page": _page(request, units),
        "can_create": scope_for(request.user).has(Cap.REGISTRY_MANAGE),
        "breadcrumbs": _crumbs((_("Partner units"), "")),
    }
    return render(request, "registry/partner_list.html", context)


@login_required
def partner_detail(request, pk):
    unit = queries.get_partner_unit_for_user(request.user, pk)
    context = {
        "unit": unit,
        "communities": unit.communities.order_by("sort_order", "code"),
        "timeline": queries.record_timeline({"registry.partnerunit": [unit.pk]}),
        "breadcrumbs": _crumbs((_("Partner units"), reverse("registry:partner-list")), (unit.name, "")),
    }
    return render(request, "registry/partner_detail.html", context)


@login_required
def partner_create(request):
    _require(request.user, Cap.REGISTRY_MANAGE)
    form = PartnerUnitForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.create_partner_unit(by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is registered as a partner unit.") % {"name": unit.name})
            return redirect("registry:partner-detail", pk=unit.pk)
    crumbs = _crumbs((_("Partner units"), reverse("registry:partner-list")), (_("New partner unit"), ""))
    return render(request, "registry/partner_form.html", {"form": form, "breadcrumbs": crumbs})
