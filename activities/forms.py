"""Forms of the activities pages: they parse types and offer only choices in the user's scope.
The rules (end after start, deadline before start, places, a team of the community) live in
activities.services; their ValidationError lands on these fields."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from activities import queries
from activities.models import Activity
from activities.services import PHOTOS_PER_ACTIVITY
from core.forms import CheckboxGroup, DateInput, StyledFormMixin
from core.roles import Cap
from core.validators import LONG_TEXT
from registry.models import Household, Resident
from volunteering.forms import SkillsField, TeamChoiceField


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict | None = None):
        super().__init__(attrs, format="%H:%M")


class _CurrentCover:
    """The current cover as the file widget shows it: a link to the scoped view, never to /media/."""

    def __init__(self, activity_pk: int):
        self.url = reverse("activities:activity-cover", args=[activity_pk])

    def __str__(self) -> str:
        return str(_("the current cover photo"))


class CoverInput(forms.ClearableFileInput):
    def format_value(self, value: Any) -> Any:
        if self.is_initial(value) and getattr(value, "instance", None) is not None:
            return _CurrentCover(value.instance.pk)
        return super().format_value(value)


class MultipleImagesInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleImagesField(forms.ImageField):
    """Several pictures in one upload, each checked as an image."""

    widget = MultipleImagesInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        one = super().clean
        if isinstance(data, list | tuple) and data:
            return [one(d, initial) for d in data]
        cleaned = one(data or None, initial)  # the "required" refusal when nothing was chosen
        return [cleaned] if cleaned else []


def cover_field() -> forms.ImageField:
    return forms.ImageField(
        label=_("Cover photo (optional)"),
        required=False,
        widget=CoverInput(attrs={"accept": "image/*"}),
        help_text=_(
            "Shown on the activity's page and on the volunteers' list. JPEG or PNG, at most 5 MB. "
            "Choose a picture without residents' faces unless they agreed."
        ),
    )


class NamedChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return getattr(obj, "name", str(obj))


class PlaceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.parent.name} {obj.name}" if obj.kind == "building" and obj.parent_id else obj.name


class PartnersField(forms.ModelMultipleChoiceField):
    widget = CheckboxGroup

    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class ActivityForm(StyledFormMixin, forms.Form):
    community = NamedChoice(label=_("Community"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=Activity.Kind.choices)
    custom_kind = forms.CharField(label=_("Kind (if other)"), max_length=40, required=False)
    team = TeamChoiceField(label=_("Organising team"), queryset=None, required=False)
    partner_units = PartnersField(label=_("Co-hosting partner units"), queryset=None, required=False)
    place = PlaceChoice(label=_("Compound or building"), queryset=None, required=False)
    place_text = forms.CharField(label=_("Place (if not a compound or building)"), max_length=100, required=False)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DateTimeInput)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DateTimeInput)
    places = forms.IntegerField(label=_("Places"), min_value=0, max_value=10_000)
    signup_deadline = forms.DateTimeField(label=_("Sign-up deadline"), widget=DateTimeInput)
    eligibility = forms.ChoiceField(label=_("Who may sign up"), choices=Activity.Eligibility.choices)
    requires_approval = forms.BooleanField(label=_("The leader approves each sign-up"), required=False)
    required_skills = SkillsField(label=_("Required skills"), queryset=None, required=False)
    target = forms.CharField(label=_("Residents or households served"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=LONG_TEXT
    )
    cover = cover_field()

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
        # A new upload, or False when "clear" is ticked; the current cover or none is left as it is.
        cover = data.pop("cover", None)
        if cover is False or isinstance(cover, UploadedFile):
            data["cover"] = cover
        return data


class SeriesForm(ActivityForm):
    """A recurring activity: the activity's fields, and when it repeats instead of one start and end."""

    weekdays = forms.TypedMultipleChoiceField(
        label=_("On these weekdays"),
        choices=[(i, WEEKDAYS[i]) for i in range(7)],
        coerce=int,
        widget=CheckboxGroup,
    )
    start_time = forms.TimeField(label=_("Starts at"), widget=TimeInput)
    end_time = forms.TimeField(label=_("Ends at"), widget=TimeInput)
    first_date = forms.DateField(label=_("First date"), widget=DateInput)
    last_date = forms.DateField(
        label=_("Last date"),
        widget=DateInput,
        required=False,
        help_text=_("Give the last date, or else the number of occurrences."),
    )
    count = forms.IntegerField(label=_("Number of occurrences"), min_value=1, required=False)
    deadline_hours = forms.IntegerField(
        label=_("Sign-up closes this many hours before each start"), min_value=0, max_value=336, initial=2
    )

    field_order = [
        "community",
        "title",
        "kind",
        "custom_kind",
        "weekdays",
        "start_time",
        "end_time",
        "first_date",
        "last_date",
        "count",
        "deadline_hours",
    ]

    def __init__(self, user: Any, *args: Any, **kwargs: Any):
        super().__init__(user, *args, **kwargs)
        for name in ("starts_at", "ends_at", "signup_deadline"):
            del self.fields[name]
        self.fields["cover"].help_text = _(
            "Every occurrence shows it; each can be given another one later. JPEG or PNG, at most 5 MB."
        )

    def clean_first_date(self) -> dt.date:
        first = self.cleaned_data["first_date"]
        if first < timezone.localdate():
            raise forms.ValidationError(_("Choose a first date from today on."))
        if first > timezone.localdate() + dt.timedelta(days=366):
            raise forms.ValidationError(_("Choose a first date within the coming year."))
        return first

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("last_date") and data.get("count"):
            self.add_error("count", _("Give either the last date or the number of occurrences, not both."))
        elif not ({"last_date", "count"} & set(self.errors) or data.get("last_date") or data.get("count")):
            self.add_error("last_date", _("Give the last date or the number of occurrences."))
        return data


class SummaryPhotosForm(StyledFormMixin, forms.Form):
    photos = MultipleImagesField(label=_("Photos"), widget=MultipleImagesInput(attrs={"accept": "image/*"}))
    caption = forms.CharField(
        label=_("Caption (optional, for each photo of this upload)"), max_length=200, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["photos"].help_text = gettext(
            "Once the summary is published these photos are public. Do not upload photos that show "
            "residents' faces unless they agreed. JPEG or PNG, at most 5 MB each, at most %(n)s per activity."
        ) % {"n": PHOTOS_PER_ACTIVITY}

    def service_kwargs(self) -> dict[str, Any]:
        return {"photos": self.cleaned_data["photos"], "caption": self.cleaned_data["caption"]}


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
