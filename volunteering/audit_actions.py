"""What each audit action of volunteering means, as a sentence for the audit log (see core.audit)."""

from django.utils.translation import gettext_lazy as _

from core.audit import field_labels, register_actions, register_details
from volunteering.models import VolunteeringSettings

SENTENCES = {
    "volunteering.volunteer.register": _("%(actor)s registered %(object)s as a volunteer"),
    "volunteering.volunteer.approve": _("%(actor)s approved the registration of %(object)s"),
    "volunteering.volunteer.reject": _("%(actor)s turned down the registration of %(object)s"),
    "volunteering.volunteer.login": _("%(actor)s gave %(object)s a login"),
    "volunteering.volunteer.sign_up_again": _(
        "A public sign-up gave the ID number of %(object)s, who is already registered; nothing was recorded"
    ),
    "volunteering.team.create": _("%(actor)s created the team %(object)s"),
    "volunteering.team.join_request": _("%(actor)s asked for a volunteer to join %(object)s"),
    "volunteering.team.accept": _("%(actor)s accepted a volunteer into %(object)s"),
    "volunteering.team.decline": _("%(actor)s declined a volunteer's request to join %(object)s"),
    "volunteering.team.leader": _("%(actor)s changed who leads %(object)s"),
    "volunteering.team.leave": _("%(actor)s recorded that a volunteer left %(object)s"),
    "volunteering.record.create": _("%(actor)s recorded service hours: %(object)s"),
    "volunteering.record.correct": _("%(actor)s corrected service hours: %(object)s"),
    "volunteering.record.withdraw": _("%(actor)s withdrew the service record %(object)s"),
    "volunteering.correction.request": _("%(actor)s asked for a correction: %(object)s"),
    "volunteering.correction.accept": _("%(actor)s accepted the correction request %(object)s"),
    "volunteering.correction.decline": _("%(actor)s declined the correction request %(object)s"),
    "volunteering.certificate.request": _("%(actor)s asked for the certificate %(object)s"),
    "volunteering.certificate.issue": _("%(actor)s issued the certificate %(object)s"),
    "volunteering.certificate.decline": _("%(actor)s declined the certificate request %(object)s"),
    "volunteering.certificate.revoke": _("%(actor)s revoked the certificate %(object)s"),
    "volunteering.certificate.download": _("%(actor)s downloaded the certificate %(object)s"),
    "volunteering.settings.update": _("%(actor)s changed the certificate settings of %(object)s"),
    "volunteering.roster.export": _("%(actor)s exported a volunteer roster"),
    "volunteering.ledger.export": _("%(actor)s exported a service-hours ledger"),
    "volunteering.roster.import": _("%(actor)s imported a volunteer roster into %(object)s"),
    "volunteering.demo.load": _("%(actor)s loaded demonstration volunteers into %(object)s"),
}


def register() -> None:
    register_actions(SENTENCES)
    register_details(
        labels={
            "by_staff": _("registered by staff"),
            "volunteer": _("volunteer number"),
            "leader": _("leads the team"),
            "corrects": _("corrects record"),
            "delta": _("hours added or taken away"),
            "rows": _("rows read"),
            "volunteers": _("volunteers"),
            "service_records": _("service records"),
            "teams": _("teams"),
            "team": _("team"),
            "sign_up_page": _("sign-up page of"),
        },
        values={"changed": field_labels(VolunteeringSettings)},
        prefix="volunteering.",
    )
