"""Volunteer data pages: the roster import (checked and written in the request), its template,
and the team-roster and hours-ledger exports."""

import datetime as dt
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.forms import StyledFormMixin
from core.roles import Cap
from core.scoping import get_for_user, scope_for
from registry.queries import communities_for_user
from volunteering import exports, imports
from volunteering.forms import TeamChoiceField
from volunteering.models import ServiceRecord, Team

VIEW, MANAGE = Cap.VOLUNTEERING_VIEW, Cap.VOLUNTEERING_MANAGE


class RosterUploadForm(StyledFormMixin, forms.Form):
    community = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Community"), empty_label=None)
    file = forms.FileField(
        label=gettext_lazy("Volunteer roster file"),
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


class _ExportForm(StyledFormMixin, forms.Form):
    team = TeamChoiceField(
        queryset=None, required=False, label=gettext_lazy("Team"), empty_label=gettext_lazy("All teams")
    )
    full = forms.BooleanField(
        required=False,
        label=gettext_lazy("Full ID numbers and phones"),
        help_text=gettext_lazy("Only for staff allowed to see them; every full export is recorded in the audit log."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.for_user(user, VIEW).order_by("community_id", "name")
        if not scope_for(user).has(Cap.REGISTRY_REVEAL):
            del self.fields["full"]


class TeamExportForm(_ExportForm):
    pass


class LedgerExportForm(_ExportForm):
    start = forms.DateField(label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("To"), widget=forms.DateInput(attrs={"type": "date"}))
    field_order = ["start", "end", "team", "full"]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end of the period must not be before its start."))
        return data


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}.xlsx"
    return response


def _page(request, *, upload=None, ledger_form=None, result=None, status=200):
    communities = communities_for_user(request.user, MANAGE)
    today = timezone.localdate()
    context = {
        "upload_form": upload or (RosterUploadForm(communities=communities) if communities.exists() else None),
        "team_form": TeamExportForm(user=request.user, auto_id="roster_%s"),
        "ledger_form": ledger_form
        or LedgerExportForm(
            user=request.user, auto_id="ledger_%s", initial={"start": dt.date(today.year, 1, 1), "end": today}
        ),
        "result": result,
        "breadcrumbs": [(_("Volunteer data"), "")],
    }
    return render(request, "volunteering/import_start.html", context, status=status)


@login_required
def import_start(request):
    """The data page; a POST imports a roster, all rows or none, in the request."""
    if not scope_for(request.user).has(VIEW):
        raise PermissionDenied
    if request.method != "POST":
        return _page(request)
    communities = communities_for_user(request.user, MANAGE)
    if not communities.exists():
        raise PermissionDenied
    form = RosterUploadForm(request.POST, request.FILES, communities=communities)
    if not form.is_valid():
        return _page(request, upload=form)
    community = form.cleaned_data["community"]
    result = imports.import_roster(by=request.user, community=community, fh=form.cleaned_data["file"])
    if result.errors:
        return _page(request, upload=form, result=result)
    messages.success(
        request,
        ngettext("%(n)s volunteer registered.", "%(n)s volunteers registered.", result.created) % {"n": result.created},
    )
    return redirect("volunteering:import-start")


@login_required
def import_template(request):
    if not scope_for(request.user).has(MANAGE):
        raise PermissionDenied
    return _xlsx(exports.roster_template(), _("volunteer roster template"))


def _team(request):
    # A team outside the user's scope answers 404, as everywhere.
    pk = request.GET.get("team") or None
    return get_for_user(Team.objects.all(), request.user, pk, view=VIEW) if pk else None


@login_required
def export_teams(request):
    """Team rosters: one team, or every team the user can see; masked unless full is asked for."""
    if not scope_for(request.user).has(VIEW):
        raise PermissionDenied
    team = _team(request)
    teams = Team.objects.for_user(request.user, VIEW)
    teams = teams.filter(pk=team.pk) if team else teams
    full = request.GET.get("full") in ("1", "on")
    filters = {"team": team.pk} if team else {}
    content = exports.export_team_rosters(by=request.user, teams=teams, full=full, filters=filters)
    name = team.name if team else _("all teams")
    return _xlsx(content, _("team roster %(team)s %(date)s") % {"team": name, "date": f"{timezone.localdate():%Y%m%d}"})


@login_required
def export_ledger(request):
    """The hours ledger of a period, corrections included; masked unless full is asked for."""
    if not scope_for(request.user).has(VIEW):
        raise PermissionDenied
    team = _team(request)
    form = LedgerExportForm(request.GET, user=request.user, auto_id="ledger_%s")
    if not form.is_valid():
        return _page(request, ledger_form=form)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    records = ServiceRecord.objects.for_user(request.user, VIEW)
    records = records.filter(team=team) if team else records
    full = request.GET.get("full") in ("1", "on")  # not the form's: it offers the box only to who may reveal
    filters = {"team": team.pk} if team else {}
    content = exports.export_ledger(by=request.user, records=records, start=start, end=end, full=full, filters=filters)
    return _xlsx(
        content, _("service-hour ledger %(start)s-%(end)s") % {"start": f"{start:%Y%m%d}", "end": f"{end:%Y%m%d}"}
    )
