"""Community staff manage the people who work in Linli: logins and their roles."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import GrantForm, PersonForm
from accounts.queries import get_managed_user, managed_community_ids, managed_memberships, users_for_user
from core import pii
from core.forms import apply_errors
from core.roles import Cap
from core.scoping import scope_for


def _require_manager(user):
    if not scope_for(user).has(Cap.ACCOUNTS_MANAGE):
        raise PermissionDenied


def _area(data):
    return {k: data.get(k) for k in ("org_unit", "grid_unit", "partner_unit")}


@login_required
def user_list(request):
    _require_manager(request.user)
    people = users_for_user(request.user).prefetch_related("memberships").order_by("username")
    if q := request.GET.get("q", "").strip():
        # Phones are stored encrypted: a whole number is found by its keyed hash, 4 digits by the ending.
        by_phone = Q(phone_hash__in=pii.lookup_hashes(pii.normalize_phone(q)))
        if q.isdigit() and len(q) == 4:
            by_phone |= Q(phone_last4=q)
        people = people.filter(Q(username__icontains=q) | Q(display_name__icontains=q) | by_phone)
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page, "breadcrumbs": [(_("People and roles"), "")]})


@login_required
def user_create(request):
    _require_manager(request.user)
    form = PersonForm(request.POST or None, community_ids=managed_community_ids(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                area = data["grid_unit"] or data["org_unit"]
                services.check_can_grant(by=request.user, role=data["role"], area=area)
                person, password = services.create_account(
                    by=request.user, username=data["username"], display_name=data["display_name"], phone=data["phone"]
                )
                services.grant_role(by=request.user, user=person, role=data["role"], **_area(data))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return render(request, "accounts/user_created.html", {"person": person, "password": password})
    crumbs = [(_("People and roles"), reverse("accounts:user-list")), (_("New person"), "")]
    return render(request, "accounts/user_form.html", {"form": form, "breadcrumbs": crumbs})


@login_required
def user_detail(request, pk):
    _require_manager(request.user)
    person = get_managed_user(request.user, pk)
    form = GrantForm(request.POST or None, community_ids=managed_community_ids(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.check_can_grant(by=request.user, role=data["role"], area=data["grid_unit"] or data["org_unit"])
            services.grant_role(by=request.user, user=person, role=data["role"], **_area(data))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The role has been given."))
            return redirect("accounts:user-detail", pk=person.pk)
    memberships = managed_memberships(request.user, person)
    crumbs = [(_("People and roles"), reverse("accounts:user-list")), (str(person), "")]
    return render(
        request,
        "accounts/user_detail.html",
        {"person": person, "memberships": memberships, "form": form, "breadcrumbs": crumbs},
    )


@login_required
@require_POST
def role_revoke(request, pk, membership_pk):
    _require_manager(request.user)
    person = get_managed_user(request.user, pk)
    membership = get_object_or_404(managed_memberships(request.user, person), pk=membership_pk)
    services.revoke_role(by=request.user, membership=membership)
    messages.success(request, _("The role has been taken away."))
    return redirect("accounts:user-detail", pk=person.pk)


@login_required
@require_POST
def password_reset(request, pk):
    _require_manager(request.user)
    person = get_managed_user(request.user, pk)
    password = services.reset_password(by=request.user, user=person)
    return render(request, "accounts/user_created.html", {"person": person, "password": password, "reset": True})
