"""The wish wall's figures page and its ledger (台账) export, for community staff and town and county admins."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote, urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import DateInput, StyledFormMixin
from registry.models import OrgUnit
from wishes import exports
from wishes import figures as wish_figures


class FiguresPeriodForm(StyledFormMixin, forms.Form):
    """The community and period: this year unless a month or a range of days is chosen."""

    community = forms.TypedChoiceField(label=gettext_lazy("Community"), coerce=int, required=False)
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, required=False)
    month = forms.TypedChoiceField(
        label=gettext_lazy("Month"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", gettext_lazy("The whole year")), *((m, str(m)) for m in range(1, 13))],
    )
    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=DateInput())
    end = forms.DateField(label=gettext_lazy("To"), required=False, widget=DateInput())

    def __init__(self, *args: Any, communities: list[OrgUnit], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.communities = communities
        if len(communities) > 1:
            choices = [(c.pk, c.name) for c in communities]
            self.fields["community"].choices = [("", gettext_lazy("All communities")), *choices]
        else:
            del self.fields["community"]
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(y, str(y)) for y in range(this_year, this_year - 10, -1)]

    def choice(self) -> tuple[dt.date, dt.date, OrgUnit | None]:
        """The period and community chosen; a range wins over year and month, and a wrong date is ignored."""
        community = wish_figures.chosen_community(self.communities, self.data.get("community"))
        self.is_valid()
        data = self.cleaned_data
        year = data.get("year") or timezone.localdate().year
        if data.get("start") and data.get("end"):
            start, end = sorted((data["start"], data["end"]))
            start, end = max(start, wish_figures.EARLIEST), min(end, wish_figures.LATEST)
        elif data.get("month"):
            start, end = wish_figures.month_bounds(year, data["month"])
        else:
            start, end = wish_figures.year_bounds(year)
        return start, end, community


def _query(start: dt.date, end: dt.date, community: OrgUnit | None, **extra: Any) -> str:
    params = {"start": start.isoformat(), "end": end.isoformat()}
    if community is not None:
        params["community"] = community.pk
    return urlencode(params | extra)


@login_required
def figures(request):
    communities = wish_figures.figure_communities(request.user)
    form = FiguresPeriodForm(request.GET, communities=communities)
    start, end, community = form.choice()
    shown = wish_figures.wish_figures(
        request.user, start=start, end=end, community=community, several=len(communities) > 1
    )
    export = reverse("wishes:ledger-export")
    in_file = [community] if community else communities
    context = {
        "form": form,
        "figures": shown,
        "several": len(communities) > 1 and community is None,
        "export_url": f"{export}?{_query(start, end, community)}",
        "full_export_url": f"{export}?{_query(start, end, community, full=1)}"
        if exports.may_export_full(request.user, in_file)
        else "",
        "breadcrumbs": [(_("Wishes"), reverse("wishes:wish-list")), (_("Wish figures"), "")],
    }
    return render(request, "wishes/figures.html", context)


@login_required
def ledger_export(request):
    """The ledger of the period as .xlsx: beneficiaries masked unless ?full=1 by staff who may reveal; audited."""
    communities = wish_figures.figure_communities(request.user)
    start, end, community = FiguresPeriodForm(request.GET, communities=communities).choice()
    full = request.GET.get("full") in ("1", "on")
    content = exports.export_ledger(
        by=request.user, start=start, end=end, community=community, communities=communities, full=full
    )
    return xlsx_response(content, exports.ledger_filename(start, end))


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}.xlsx"
    return response
