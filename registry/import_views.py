"""Roster import and export pages: upload, progress and result, template and export downloads."""

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import StyledFormMixin
from core.roles import Cap
from core.scoping import scope_for
from registry import exports, import_runs, imports
from registry.models import OrgUnit, RosterImport
from registry.queries import communities_for_user, get_roster_import_for_user

RUNNING = {RosterImport.Status.QUEUED, RosterImport.Status.VALIDATING, RosterImport.Status.WRITING}


class RosterUploadForm(StyledFormMixin, forms.Form):
    community = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(), label=gettext_lazy("Community"), empty_label=None
    )
    file = forms.FileField(
        label=gettext_lazy("Roster file"),
        help_text=gettext_lazy("An .xlsx file filled in from the template."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["community"].initial = communities.first()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        imports.check_upload(upload)
        return upload


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}.xlsx"
    return response


@login_required
def import_start(request):
    communities = communities_for_user(request.user, Cap.REGISTRY_MANAGE)
    if not communities.exists():
        raise PermissionDenied
    form = RosterUploadForm(request.POST or None, request.FILES or None, communities=communities)
    if request.method == "POST" and form.is_valid():
        roster_import = import_runs.start_roster_import(
            by=request.user,
            community=form.cleaned_data["community"],
            upload=form.cleaned_data["file"],
            language=get_language(),
        )
        return redirect("registry:import-detail", pk=roster_import.pk)
    recent = RosterImport.objects.for_user(request.user, Cap.REGISTRY_MANAGE).select_related("community", "created_by")
    context = {"form": form, "recent": recent[:10], "breadcrumbs": [(_("Roster import"), "")]}
    return render(request, "registry/import_start.html", context)


@login_required
def import_template(request):
    if not scope_for(request.user).has(Cap.REGISTRY_MANAGE):
        raise PermissionDenied
    return _xlsx(exports.roster_template(), _("resident roster template"))


@login_required
def import_detail(request, pk):
    roster_import = get_roster_import_for_user(request.user, pk)
    context = {
        "roster_import": roster_import,
        "running": roster_import.status in RUNNING,
        "page": Paginator(roster_import.errors, 100).get_page(request.GET.get("page")),
        "breadcrumbs": [(_("Roster import"), reverse("registry:import-start")), (roster_import.original_name, "")],
    }
    template = "registry/import_detail.html#status" if request.htmx else "registry/import_detail.html"
    return render(request, template, context)


@login_required
@require_POST
def import_retry(request, pk):
    roster_import = get_roster_import_for_user(request.user, pk)
    try:
        import_runs.retry_roster_import(by=request.user, roster_import=roster_import, language=get_language())
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("registry:import-detail", pk=pk)


@login_required
@require_POST
def import_discard(request, pk):
    roster_import = get_roster_import_for_user(request.user, pk)
    try:
        import_runs.discard_roster_import(by=request.user, roster_import=roster_import)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("registry:import-detail", pk=pk)


@login_required
def export_residents(request):
    if not scope_for(request.user).has(Cap.REGISTRY_EXPORT):
        raise PermissionDenied
    filters = exports.parse_filters(request.GET)
    full = request.GET.get("full") == "1"
    residents = exports.residents_to_export(request.user, filters, full=full)
    content = exports.export_roster(by=request.user, residents=residents, full=full, filters=filters)
    return _xlsx(content, _("resident roster %(date)s") % {"date": f"{timezone.localdate():%Y%m%d}"})
