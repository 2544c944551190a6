from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core import audit
from core.home import cards_for, role_note
from core.models import AuditEvent
from core.roles import Cap
from core.scoping import scope_for


@login_required
def home(request):
    scope = scope_for(request.user)
    memberships = request.user.memberships.select_related("org_unit", "grid_unit", "household")
    context = {
        "memberships": memberships,
        "can_view_registry": scope.has(Cap.REGISTRY_VIEW),
        "cards": cards_for(request),
    }
    context["role_note"] = role_note(context["cards"])
    return render(request, "core/home.html", context)


def audit_events_for_user(user):
    """The audit log rows of the communities (or counties) where the user may read the log."""
    scope = scope_for(user)
    if scope.is_superuser:
        return AuditEvent.objects.all()
    areas = scope.areas.get(Cap.AUDIT_VIEW, {})
    communities = areas.get("community", set())
    counties = areas.get("county", set())
    if not communities and not counties:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(
        Q(community_id__in=sorted(communities)) | Q(county_id__in=sorted(counties), community_id__isnull=True)
    )


@login_required
def audit_log(request):
    if not scope_for(request.user).has(Cap.AUDIT_VIEW):
        raise PermissionDenied
    events = audit_events_for_user(request.user).select_related("actor")
    if action := request.GET.get("action", "").strip():
        events = events.filter(action__startswith=action)
    if who := request.GET.get("who", "").strip():
        events = events.filter(Q(actor_name__icontains=who) | Q(actor__display_name__icontains=who))
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    page.object_list = audit.present(page.object_list)
    context = {"page": page, "areas": audit.areas(), "breadcrumbs": [(_("Audit log"), "")]}
    return render(request, "core/audit_log.html", context)


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def hello(request):
    """The framework's own limit for benchmarks: no database, no template, no session."""
    return HttpResponse("hello", content_type="text/plain")
