"""Roster import and export pages (placeholders until they land)."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("todo")


import_start = import_template = import_detail = export_residents = _todo
