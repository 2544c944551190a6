"""The volunteer data pages: roster import and its template, team-roster and ledger exports."""

from django.urls import path

from volunteering import import_views

urlpatterns = [
    path("data/", import_views.import_start, name="import-start"),
    path("data/template.xlsx", import_views.import_template, name="import-template"),
    path("data/teams.xlsx", import_views.export_teams, name="export-teams"),
    path("data/ledger.xlsx", import_views.export_ledger, name="export-ledger"),
]
