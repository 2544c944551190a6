"""Labels for the detail keys that many apps' audit rows share (see core.audit)."""

from django.utils.translation import gettext_lazy as _

from core.audit import register_details

LABELS = {
    "reason": _("reason"),
    "changed": _("changed"),
    "count": _("rows"),
    "full": _("full numbers"),
    "filters": _("filters"),
    "status": _("status"),
    "kind": _("kind"),
    "serial": _("serial number"),
    "hours": _("hours"),
    "published": _("published"),
    "seed": _("demo seed"),
    "field": _("field"),
    "start": _("from"),
    "end": _("to"),
    "community": _("community"),
    "q": _("search"),
}


def register() -> None:
    register_details(labels=LABELS)
