"""Labels for the registry pages' timelines: what an audit row means, never its personal values."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

ACTION_LABELS = {
    "registry.household.create": _("Household registered"),
    "registry.household.update": _("Household details changed"),
    "registry.resident.create": _("Resident registered"),
    "registry.resident.update": _("Resident details changed"),
    "registry.resident.reveal": _("Full number viewed"),
    "registry.party_member.create": _("Registered as a party member"),
    "registry.party_org.create": _("Party organisation founded"),
    "registry.party_org.formalize": _("Branch became formal"),
    "registry.partner_unit.create": _("Partner unit registered"),
    "accounts.user.create": _("Login account created"),
    "accounts.role.grant": _("Role given"),
    "accounts.role.revoke": _("Role taken away"),
}

FIELD_LABELS = {
    "name": _("name"),
    "gender": _("gender"),
    "birth_date": _("birth date"),
    "relation": _("relation to head"),
    "guardian": _("guardian"),
    "guardian_name": _("guardian (not in the registry)"),
    "notes": _("notes"),
    "status": _("status"),
    "id_number": _("ID-card number"),
    "phone": _("phone"),
    "grid_group": _("grid group"),
    "tags": _("tags"),
}


@register.filter
def audit_action(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


@register.filter
def audit_fields(details: dict) -> str:
    """The field names an audit row mentions (changed or revealed), translated; values never."""
    if not isinstance(details, dict):
        return ""
    names = list(details.get("changed") or [])
    if details.get("field"):
        names.append(details["field"])
    return ", ".join(str(FIELD_LABELS.get(name, name)) for name in names)
