"""Forms of the certificate pages: they parse input and offer only choices in the user's scope.

The rules (a period that does not end in the future, a reason to decline or revoke) live in
volunteering.services; a service's ValidationError lands on these forms' fields.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, StyledFormMixin
from core.roles import Cap
from core.scoping import scope_for
from registry.models import OrgUnit
from registry.queries import communities_for_user
from volunteering.models import Certificate, Volunteer, VolunteeringSettings


class VolunteerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Volunteer) -> str:
        return f"{obj.name} ({obj.number})"


def requestable_volunteers(user: Any) -> QuerySet[Volunteer]:
    """Volunteers the user may ask a certificate for: their own record, and those they manage."""
    scope = scope_for(user)
    managed = Volunteer.objects.for_user(user, Cap.VOLUNTEERING_MANAGE)
    return Volunteer.objects.filter(
        Q(pk__in=managed.values("pk")) | Q(pk__in=sorted(scope.own_volunteer_ids())), status=Volunteer.Status.ACTIVE
    ).order_by("name", "number")


class CertificateRequestForm(StyledFormMixin, forms.Form):
    volunteer = VolunteerChoiceField(label=_("Volunteer"), queryset=Volunteer.objects.none())
    period_start = forms.DateField(label=_("Service from"), widget=DateInput())
    period_end = forms.DateField(label=_("Service to"), widget=DateInput())
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=100,
        required=False,
        help_text=_("Optional: who the certificate is for, for example a school application."),
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        scope = scope_for(user)
        own = Volunteer.objects.filter(pk__in=sorted(scope.own_volunteer_ids())).first()
        if scope.is_superuser or scope.community_ids(Cap.VOLUNTEERING_MANAGE):
            self.fields["volunteer"].queryset = requestable_volunteers(user)
            if own and not self.initial.get("volunteer"):
                self.initial["volunteer"] = own.pk
        else:
            del self.fields["volunteer"]  # a volunteer asks for themselves: nothing to choose
        self.own_volunteer = own

    def chosen_volunteer(self) -> Volunteer | None:
        return self.cleaned_data.get("volunteer") or self.own_volunteer


class CertificateFilterForm(StyledFormMixin, forms.Form):
    """The register's filter bar: serial, name or number; status; the period served; community."""

    community = forms.ModelChoiceField(
        label=_("Community"), queryset=OrgUnit.objects.none(), required=False, empty_label=_("All communities")
    )
    q = forms.CharField(label=_("Serial, name or volunteer number"), required=False, max_length=50)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Certificate.Status.choices]
    )
    period_from = forms.DateField(label=_("Served from"), required=False, widget=DateInput())
    period_to = forms.DateField(label=_("Served to"), required=False, widget=DateInput())

    def __init__(self, user: Any, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        communities = communities_for_user(user, Cap.VOLUNTEERING_VIEW)
        if len(communities) > 1:
            self.fields["community"].queryset = communities
        else:
            del self.fields["community"]

    def filter(self, certificates: QuerySet[Certificate]) -> QuerySet[Certificate]:
        if not self.is_valid():
            return certificates
        data = self.cleaned_data
        if data.get("community"):
            certificates = certificates.filter(community=data["community"])
        if q := data.get("q", "").strip():
            certificates = certificates.filter(
                Q(serial__icontains=q) | Q(volunteer__name__icontains=q) | Q(volunteer__number__iexact=q)
            )
        if data.get("status"):
            certificates = certificates.filter(status=data["status"])
        # A certificate matches a period when the service it covers overlaps it.
        if data.get("period_from"):
            certificates = certificates.filter(period_end__gte=data["period_from"])
        if data.get("period_to"):
            certificates = certificates.filter(period_start__lte=data["period_to"])
        return certificates


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The volunteer will read this, and it stays in the certificate's history."),
    )


class IssuerSettingsForm(StyledFormMixin, forms.Form):
    person_in_charge = forms.CharField(label=_("Person in charge"), max_length=50, required=False)
    clerk = forms.CharField(label=_("Clerk"), max_length=50, required=False)
    contact_phone = forms.CharField(
        label=_("Contact phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
        help_text=_("The community office's number that a school or employer can call to check a certificate."),
    )
    signup_limit = forms.IntegerField(
        label=_("Sign-up attempts per mobile number or device per hour"),
        min_value=1,
        max_value=VolunteeringSettings.SIGNUP_LIMIT_MAX,
        required=False,
        help_text=_(
            "Stops one phone trying the public sign-up over and over. Many people on one Wi-Fi, as at a "
            "recruitment drive, are not limited by it."
        ),
    )
