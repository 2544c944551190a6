"""What each audit action of activities means, as a sentence for the audit log (see core.audit)."""

from django.utils.translation import gettext_lazy as _

from activities.models import Activity, SignUp
from core.audit import field_labels, register_actions, register_details

SENTENCES = {
    "activities.activity.create": _("%(actor)s created the activity %(object)s"),
    "activities.activity.update": _("%(actor)s changed the activity %(object)s"),
    "activities.activity.publish": _("%(actor)s published the activity %(object)s"),
    "activities.activity.cancel": _("%(actor)s cancelled the activity %(object)s"),
    "activities.activity.finish": _("%(actor)s closed the activity %(object)s after it ended"),
    "activities.activity.beneficiaries": _("%(actor)s recorded the residents served by %(object)s"),
    "activities.activity.summary": _("%(actor)s wrote the summary of %(object)s"),
    "activities.photo.add": _("%(actor)s added photos to %(object)s"),
    "activities.photo.remove": _("%(actor)s removed a photo from %(object)s"),
    "activities.series.create": _("%(actor)s created the repeating activity %(object)s"),
    "activities.signup.create": _("%(actor)s signed up: %(object)s"),
    "activities.signup.cancel": _("%(actor)s cancelled the sign-up %(object)s"),
    "activities.signup.decide": _("%(actor)s decided on the sign-up %(object)s"),
    "activities.signup.check_in": _("%(actor)s checked in %(object)s"),
    "activities.signup.check_out": _("%(actor)s checked out %(object)s"),
    "activities.signup.no_show": _("%(actor)s marked %(object)s as not come"),
    "activities.demo.load": _("%(actor)s loaded demonstration activities into %(object)s"),
}


def register() -> None:
    register_actions(SENTENCES)
    register_details(
        labels={
            "by_qr": _("by scanning the QR code"),
            "occurrences": _("dates"),
            "photos": _("photos"),
            "photo": _("photo"),
            "activities": _("activities"),
            "sign_ups": _("sign-ups"),
        },
        values={
            "changed": field_labels(Activity) | {"cover": _("cover picture")},
            "status": dict(SignUp.Status.choices),
        },
        prefix="activities.",
    )
