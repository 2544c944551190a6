"""Registry pages (placeholders until the pages land)."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("todo")


search = org_tree = org_unit_detail = household_list = household_create = household_detail = household_edit = _todo
resident_list = resident_create = resident_validate = resident_detail = resident_edit = resident_reveal = _todo
resident_account = grid = grid_unit_detail = party_list = party_org_detail = party_org_formalize = _todo
partner_list = partner_create = partner_detail = _todo
