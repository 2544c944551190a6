"""What each audit action of the registry means, as a sentence for the audit log (see core.audit)."""

from django.utils.translation import gettext_lazy as _

from core.audit import register_actions, register_details
from registry.models import GridUnit, OrgUnit, PartyMember, PartyOrg

# Field names a change or a reveal mentions; the log never holds their values.
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

SENTENCES = {
    "registry.org_unit.create": _("%(actor)s added %(object)s to the org tree"),
    "registry.grid_unit.create": _("%(actor)s added %(object)s to the service grid"),
    "registry.tag.create": _("%(actor)s created the tag %(object)s"),
    "registry.household.create": _("%(actor)s registered the household %(object)s"),
    "registry.household.update": _("%(actor)s changed the household %(object)s"),
    "registry.resident.create": _("%(actor)s registered the resident %(object)s"),
    "registry.resident.update": _("%(actor)s changed the details of %(object)s"),
    "registry.resident.reveal": _("%(actor)s viewed a full number of %(object)s"),
    "registry.party_org.create": _("%(actor)s founded the party organisation %(object)s"),
    "registry.party_org.formalize": _("%(actor)s made the branch %(object)s formal"),
    "registry.party_member.create": _("%(actor)s registered %(object)s as a party member"),
    "registry.party_member.identity": _("%(actor)s changed whether %(object)s shows the party badge"),
    "registry.partner_unit.create": _("%(actor)s registered the partner unit %(object)s"),
    "registry.roster.export": _("%(actor)s exported a resident roster"),
    "registry.roster.import": _("%(actor)s imported the resident roster %(object)s"),
    "registry.roster.import_retry": _("%(actor)s tried the stopped roster import %(object)s again"),
    "registry.roster.import_discard": _("%(actor)s discarded the roster import %(object)s"),
    "registry.demo.load": _("%(actor)s loaded demonstration households into %(object)s"),
}


def register() -> None:
    register_actions(SENTENCES)
    register_details(
        labels={
            "shows": _("shows the badge"),
            "on": _("formal since"),
            "rows": _("rows read"),
            "residents": _("residents"),
            "households": _("households"),
            "households_created": _("households created"),
            "compound": _("compound"),
            "grid_group": _("grid group"),
        },
        values={"changed": FIELD_LABELS, "field": FIELD_LABELS},
        prefix="registry.",
    )
    register_details(values={"kind": dict(OrgUnit.Kind.choices)}, prefix="registry.org_unit.")
    register_details(values={"kind": dict(GridUnit.Kind.choices)}, prefix="registry.grid_unit.")
    register_details(
        values={"kind": dict(PartyOrg.Kind.choices), "status": dict(PartyOrg.Status.choices)},
        prefix="registry.party_org.",
    )
    register_details(values={"kind": dict(PartyMember.Kind.choices)}, prefix="registry.party_member.")
