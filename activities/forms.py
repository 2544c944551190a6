"""Forms of the activities pages: they parse types and offer only choices in the user's scope.
The rules (end after start, deadline before start, places, a team of the community) live in
activities.services; their ValidationError lands on these fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.roles import Cap
from activities import queries
from activities.models import Activity
from core.forms import StyledFormMixin
from registry.forms import CheckboxesWidget, DateInput
from registry.models import Household, Resident
from volunteering.forms import SkillsField


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class NamedChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return getattr(obj, "name", str(obj))


class PlaceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.parent.name} {obj.name}" if obj.kind == "building" and obj.parent_id else obj.name


class PartnersField(forms.ModelMultipleChoiceField):
    widget = CheckboxesWidget

    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class ActivityForm(StyledFormMixin, forms.Form):
    community = NamedChoice(label=_("Community"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=Activity.Kind.choices)
    custom_kind = forms.CharField(label=_("Kind (if other)"), max_length=40, required=False)
    team = NamedChoice(label=_("Organising team"), queryset=None, required=False)
    partner_units = PartnersField(label=_("Co-hosting partner units"), queryset=None, required=False)
    place = PlaceChoice(label=_("Compound or building"), queryset=None, required=False)
    place_text = forms.CharField(label=_("Place (if not a compound or building)"), max_length=100, required=False)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DateTimeInput)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DateTimeInput)
    places = forms.IntegerField(label=_("Places"), min_value=0)
    signup_deadline = forms.DateTimeField(label=_("Sign-up deadline"), widget=DateTimeInput)
    eligibility = forms.ChoiceField(label=_("Who may sign up"), choices=Activity.Eligibility.choices)
    requires_approval = forms.BooleanField(label=_("The leader approves each sign-up"), required=False)
    required_skills = SkillsField(label=_("Required skills"), queryset=None, required=False)
    target = forms.CharField(label=_("Residents or households served"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, user: Any, *args: Any, activity: Activity | None = None, **kwargs: Any):
        if activity is not None and "initial" not in kwargs:
            kwargs["initial"] = _initial(activity)
        super().__init__(*args, **kwargs)
        communities = queries.organisable_communities(user)
        self.fields["community"].queryset = communities
        self.fields["team"].queryset = queries.organisable_teams(user)
        self.fields["place"].queryset = queries.places_of(communities).select_related("parent")
        self.fields["partner_units"].queryset = queries.partner_units_of(communities)
        self.fields["required_skills"].queryset = queries.skills_of(communities)
        if activity is not None:
            # An activity stays in its community.
            del self.fields["community"]
        elif len(communities) == 1:
            self.fields["community"].initial = communities[0]

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["partner_units"] = list(data["partner_units"])
        data["required_skills"] = list(data["required_skills"])
        return data


def _initial(activity: Activity) -> dict[str, Any]:
    fields = [f for f in ActivityForm.base_fields if f not in ("community", "partner_units", "required_skills")]
    initial = {f: getattr(activity, f) for f in fields}
    initial["partner_units"] = list(activity.partner_units.all())
    initial["required_skills"] = list(activity.required_skills.all())
    return initial


class CancelForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=200, required=False)


class StatusFilterForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *Activity.Status.choices], required=False)

    def status_value(self) -> str:
        return self.cleaned_data.get("status", "") if self.is_valid() else ""


class UpcomingFilterForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *Activity.Kind.choices], required=False)
    date_from = forms.DateField(label=_("From"), widget=DateInput, required=False)
    date_to = forms.DateField(label=_("To"), widget=DateInput, required=False)
    compound = NamedChoice(label=_("Compound"), queryset=None, required=False, empty_label=_("All compounds"))
    my_skills = forms.BooleanField(label=_("Only activities that need my skills"), required=False)

    def __init__(self, community_id: int, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["compound"].queryset = queries.compounds_of(community_id)

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}


class BeneficiariesForm(StyledFormMixin, forms.Form):
    """Residents served: a plain count, and/or residents (or their whole households) found by name."""

    count = forms.IntegerField(label=_("Number of residents served"), min_value=0, required=False)
    residents = forms.ModelMultipleChoiceField(label=_("Residents served"), queryset=None, required=False)
    households = forms.ModelMultipleChoiceField(
        label=_("Their whole households were served"), queryset=None, required=False
    )

    def __init__(self, user: Any, activity: Activity, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        residents = Resident.objects.for_user(user, Cap.REGISTRY_VIEW).filter(community_id=activity.community_id)
        self.fields["residents"].queryset = residents
        self.fields["households"].queryset = Household.objects.filter(
            pk__in=residents.values("household_id"), community_id=activity.community_id
        )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"count": data["count"], "residents": list(data["residents"]), "households": list(data["households"])}


class SummaryForm(StyledFormMixin, forms.Form):
    story = forms.CharField(
        label=_("Story of the activity (shown to the public; do not name residents)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        required=False,
    )
    published = forms.BooleanField(label=_("Show this summary on the community's public page"), required=False)
