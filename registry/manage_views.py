"""Community staff build the org tree, the grid and the party organisation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_errors
from core.roles import Cap
from core.scoping import scope_for
from registry import services
from registry.manage_forms import GridUnitForm, OrgUnitForm, PartyMemberForm, PartyOrgForm, TagForm
from registry.models import OrgUnit
from registry.queries import get_org_unit_for_user, get_resident_for_user

CHILD_KIND = {OrgUnit.Kind.COMMUNITY: OrgUnit.Kind.COMPOUND, OrgUnit.Kind.COMPOUND: OrgUnit.Kind.BUILDING}


def _render_form(request, form, title, parent):
    return render(
        request,
        "registry/manage_form.html",
        {
            "form": form,
            "title": title,
            "parent": parent,
            "breadcrumbs": [(str(parent), parent.get_absolute_url()), (title, "")],
        },
    )


@login_required
def org_unit_add_child(request, pk):
    """Add a compound to a community, or a building to a compound."""
    parent = get_org_unit_for_user(request.user, pk, manage=True)
    kind = CHILD_KIND.get(parent.kind)
    if kind is None:
        return render(
            request,
            "registry/manage_form.html",
            {"refusal": _("Only compounds and buildings can be added here.")},
            status=400,
        )
    form = OrgUnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.create_org_unit(by=request.user, kind=kind, parent=parent, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": unit.name})
            return redirect(parent.get_absolute_url())
    title = _("New compound") if kind == OrgUnit.Kind.COMPOUND else _("New building")
    return _render_form(request, form, title, parent)


@login_required
def grid_unit_add(request, pk):
    """Add a zone, or a group in a zone, to a community's service grid."""
    community = get_org_unit_for_user(request.user, pk, manage=True)
    form = GridUnitForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.create_grid_unit(
                by=request.user,
                community=community,
                kind=data["kind"],
                name=data["name"],
                code=data["code"],
                zone=data["zone"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s has been added to the grid.") % {"name": data["name"]})
            return redirect("registry:grid")
    return _render_form(request, form, _("New grid zone or group"), community)


@login_required
def party_org_add(request, pk):
    community = get_org_unit_for_user(request.user, pk, manage=True)
    form = PartyOrgForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.create_party_org(by=request.user, community=community, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s has been founded.") % {"name": org.name})
            return redirect("registry:party-list")
    return _render_form(request, form, _("New party organisation"), community)


@login_required
def party_member_add(request, pk):
    """Record a resident as a party member."""
    resident = get_resident_for_user(request.user, pk, change=True)
    form = PartyMemberForm(request.POST or None, community=resident.community, initial={"resident": resident.pk})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "resident"}
        try:
            services.register_party_member(by=request.user, resident=resident, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is now registered as a party member.") % {"name": resident.name})
            return redirect("registry:resident-detail", pk=resident.pk)
    return render(
        request,
        "registry/manage_form.html",
        {
            "form": form,
            "title": _("Register as party member"),
            "parent": resident,
            "breadcrumbs": [(resident.name, resident.get_absolute_url()), (_("Register as party member"), "")],
        },
    )


@login_required
@require_POST
def party_identity_toggle(request, pk):
    """A party member shows or stops showing their identity (亮身份) on their household."""
    resident = get_resident_for_user(request.user, pk, change=True)
    member = getattr(resident, "party_member", None)
    if member is None:
        return redirect("registry:resident-detail", pk=resident.pk)
    services.set_party_identity(by=request.user, member=member, shows=request.POST.get("shows") == "1")
    return redirect("registry:resident-detail", pk=resident.pk)


@login_required
def tag_list(request, pk):
    """A community's tags beside the built-in ones; staff add their own (e.g. 重点关注)."""
    community = get_org_unit_for_user(request.user, pk)
    can_manage = scope_for(request.user).has(Cap.REGISTRY_MANAGE) and community.pk in scope_for(
        request.user
    ).community_ids(Cap.REGISTRY_MANAGE)
    form = TagForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                tag = services.create_tag(by=request.user, community=community, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The tag %(name)s has been added.") % {"name": tag.name})
                return redirect("registry:tag-list", pk=community.pk)
    tags = services.tags_for_community(community)
    crumbs = [(str(community), community.get_absolute_url()), (_("Tags"), "")]
    return render(
        request,
        "registry/tag_list.html",
        {"community": community, "tags": tags, "form": form, "can_manage": can_manage, "breadcrumbs": crumbs},
    )
