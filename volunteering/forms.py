"""Forms of the volunteering pages: they parse types and offer only choices in the user's scope.

The ledger's rules (positive hours, 24 hours a day, overlaps, future dates, a leader's own
members) live in volunteering.services; a service's ValidationError lands on these fields.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import CheckboxGroup, DateInput, StyledFormMixin
from core.pii import normalize_phone
from registry.forms import ResidentAccountForm
from registry.queries import communities_for_user
from volunteering import queries, signup_limits
from volunteering.models import CorrectionRequest, ServiceRecord, Skill, Team, Volunteer


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict | None = None):
        super().__init__(attrs, format="%H:%M")


class SkillsField(forms.ModelMultipleChoiceField):
    widget = CheckboxGroup

    def label_from_instance(self, obj: Skill) -> str:
        return obj.label


class SkillChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Skill) -> str:
        return obj.label


def team_label(team: Team, *, with_community: bool) -> str:
    return (
        _("%(team)s (%(community)s)") % {"team": team.name, "community": team.community.name}
        if with_community
        else team.name
    )


def label_teams(teams: Any) -> list[Team]:
    """The teams, each with `label`: its name, and its community's when they span several (a town
    has many 治安巡逻队)."""
    teams = list(teams.select_related("community") if hasattr(teams, "select_related") else teams)
    several = len({team.community_id for team in teams}) > 1
    for team in teams:
        team.label = team_label(team, with_community=several)
    return teams


class _TeamChoiceIterator(ModelChoiceIterator):
    """Choices labelled by `label_teams`: one query, and the community only where it tells teams apart."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for team in label_teams(self.queryset):
            yield (ModelChoiceIteratorValue(self.field.prepare_value(team), team), team.label)


class TeamChoiceField(forms.ModelChoiceField):
    iterator = _TeamChoiceIterator


class TeamsField(forms.ModelMultipleChoiceField):
    widget = CheckboxGroup
    iterator = _TeamChoiceIterator


class VolunteerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Volunteer) -> str:
        return f"{obj.name} ({obj.number})"


class VolunteersField(forms.ModelMultipleChoiceField):
    widget = CheckboxGroup

    def label_from_instance(self, obj: Volunteer) -> str:
        return f"{obj.name} ({obj.number})"


def _community_field(form: forms.Form, communities: list, *, empty: str | None) -> Any:
    """Keep a community choice only for users over several communities; return the chosen one."""
    if len(communities) <= 1:
        del form.fields["community"]
        return communities[0] if communities else None
    choices = [(c.pk, c.name) for c in communities]
    form.fields["community"].choices = [("", empty), *choices] if empty else choices
    chosen = str(form.data.get("community") or form.initial.get("community") or "")
    return next((c for c in communities if str(c.pk) == chosen), None if empty else communities[0])


# --- filter bars --------------------------------------------------------------------------------


class VolunteerFilterForm(StyledFormMixin, forms.Form):
    community = forms.TypedChoiceField(label=_("Community"), coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Volunteer.Status.choices]
    )
    team = TeamChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("All teams"))
    skill = SkillChoiceField(
        label=_("Skill"), queryset=Skill.objects.none(), required=False, empty_label=_("Any skill")
    )
    q = forms.CharField(label=_("Name, number or phone"), required=False, max_length=50)

    def __init__(self, user: Any, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        communities = list(communities_for_user(user, queries.VIEW))
        self.community = _community_field(self, communities, empty=_("All communities"))
        teams = queries.teams_for_user(user)
        self.fields["team"].queryset = teams.filter(community=self.community) if self.community else teams
        self.fields["skill"].queryset = queries.skills_for([self.community.pk] if self.community else [])

    def filters(self) -> dict[str, Any]:
        """The chosen filters; a choice that does not parse is ignored rather than shown as an error."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "community": self.community if "community" in self.fields else None,
            "status": data.get("status", ""),
            "team": data.get("team"),
            "skill": data.get("skill"),
            "text": data.get("q", ""),
        }


class TeamFilterForm(StyledFormMixin, forms.Form):
    community = forms.TypedChoiceField(label=_("Community"), coerce=int, required=False, empty_value=None)
    type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Any type")), *Team.Type.choices])

    def __init__(self, user: Any, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        communities = list(communities_for_user(user, queries.VIEW))
        self.community = _community_field(self, communities, empty=_("All communities"))

    def apply(self, teams: Any) -> Any:
        self.is_valid()
        if "community" in self.fields and self.community is not None:
            teams = teams.filter(community=self.community)
        if kind := self.cleaned_data.get("type"):
            teams = teams.filter(type=kind)
        return teams


class RecordFilterForm(StyledFormMixin, forms.Form):
    community = forms.TypedChoiceField(label=_("Community"), coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *ServiceRecord.Status.choices]
    )
    team = TeamChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("All teams"))
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())
    q = forms.CharField(label=_("Volunteer name or number"), required=False, max_length=50)

    def __init__(self, user: Any, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        communities = list(communities_for_user(user, queries.VIEW))
        self.community = _community_field(self, communities, empty=_("All communities"))
        teams = queries.teams_for_user(user)
        self.fields["team"].queryset = teams.filter(community=self.community) if self.community else teams

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        data = self.cleaned_data
        return {
            "community": self.community if "community" in self.fields else None,
            "status": data.get("status", ""),
            "team": data.get("team"),
            "start": data.get("start"),
            "end": data.get("end"),
            "text": data.get("q", ""),
        }


# --- volunteers ---------------------------------------------------------------------------------


class VolunteerForm(StyledFormMixin, forms.Form):
    """The volunteer's profile, as they sign up or as staff register them on the spot."""

    name = forms.CharField(label=_("Name"), max_length=50, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    id_type = forms.ChoiceField(label=_("ID type"), choices=Volunteer.IdType.choices)
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=32,
        help_text=_("Needed for service records and certificates; it is stored encrypted and shown masked."),
    )
    skills = SkillsField(label=_("Skills"), queryset=Skill.objects.none(), required=False)
    qualifications = forms.CharField(
        label=_("Qualifications"),
        max_length=200,
        required=False,
        help_text=_("Professional titles or certificates, for example licensed doctor or electrician."),
    )
    availability = forms.CharField(
        label=_("When you can serve"),
        max_length=200,
        required=False,
        help_text=_("For example weekend mornings, or weekday evenings."),
    )
    photo = forms.ImageField(
        label=_("Photo (optional)"),
        required=False,
        help_text=_("A clear photo of the face helps residents recognise you. JPEG or PNG, at most 5 MB."),
    )
    political_status = forms.ChoiceField(
        label=_("Political status"), choices=Volunteer.PoliticalStatus.choices, initial=Volunteer.PoliticalStatus.MASSES
    )
    teams = TeamsField(label=_("Teams to join"), queryset=Team.objects.none(), required=False)

    def __init__(self, community_ids: list[int], *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["skills"].queryset = queries.skills_for(community_ids)
        self.fields["teams"].queryset = Team.objects.filter(community_id__in=community_ids).order_by(
            "parent_id", "name"
        )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "name",
                "phone",
                "id_type",
                "id_number",
                "skills",
                "qualifications",
                "availability",
                "political_status",
                "teams",
                "photo",
            )
        }


class JoinForm(VolunteerForm):
    """The public sign-up. Someone not logged in also chooses a password for their new login."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        # Never sent back after an error: the page may be read or kept by a shared phone's browser.
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=False),
        help_text=_("You log in with your mobile number and this password to follow your application."),
    )

    def __init__(
        self,
        community: Any,
        *args: Any,
        needs_account: bool = True,
        address: str = "",
        device: str = "",
        **kwargs: Any,
    ):
        super().__init__([community.pk], *args, **kwargs)
        self.community, self.address, self.device = community, address, device
        if not needs_account:
            del self.fields["password"]

    def clean(self) -> dict[str, Any]:
        # Every submitted form counts (see volunteering.signup_limits), so it is counted here, once.
        refused = signup_limits.check_and_note(
            limit=queries.settings_of(self.community).signup_limit,
            phone=normalize_phone(self.cleaned_data.get("phone") or ""),
            device=self.device,
            address=self.address,
        )
        if refused:
            raise ValidationError(refused)
        return super().clean()

    def service_kwargs(self) -> dict[str, Any]:
        return super().service_kwargs() | (
            {"password": self.cleaned_data["password"]} if "password" in self.fields else {}
        )

    def note_failure(self) -> None:
        """This sign-up was refused, or not taken (see services.sign_up_volunteer): count it."""
        signup_limits.note_failure(device=self.device, address=self.address)


class StaffVolunteerForm(VolunteerForm):
    """Staff register a volunteer on the spot (approved at once)."""

    community = forms.TypedChoiceField(label=_("Community"), coerce=int)
    field_order = ["community"]

    def __init__(self, user: Any, *args: Any, **kwargs: Any):
        communities = list(communities_for_user(user, queries.MANAGE))
        super().__init__([c.pk for c in communities], *args, **kwargs)
        self.community = _community_field(self, communities, empty=None)

    def service_kwargs(self) -> dict[str, Any]:
        return super().service_kwargs() | {"community": self.community}


class VolunteerLoginForm(ResidentAccountForm):
    """The username of the login staff give a volunteer; the same field as on the resident page."""


class RejectForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is the registration not approved?"),
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The applicant reads this reason on their page."),
    )


# --- teams ---------------------------------------------------------------------------------------


class TeamForm(StyledFormMixin, forms.Form):
    community = forms.TypedChoiceField(label=_("Community"), coerce=int)
    name = forms.CharField(label=_("Name"), max_length=100)
    type = forms.ChoiceField(label=_("Type"), choices=Team.Type.choices)
    parent = TeamChoiceField(
        label=_("Parent team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("None: a top-level team"),
        help_text=_("A sub-team, such as one of the four women's teams, sits under a top-level team."),
    )
    founded_on = forms.DateField(label=_("Founded on"), required=False, widget=DateInput())
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        communities = list(communities_for_user(user, queries.MANAGE))
        self.community = _community_field(self, communities, empty=None)
        self.fields["parent"].queryset = Team.objects.filter(
            community_id__in=[c.pk for c in communities], parent__isnull=True
        ).order_by("name")

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"community": self.community} | {
            name: data[name] for name in ("name", "type", "parent", "founded_on", "description")
        }


class PeriodForm(StyledFormMixin, forms.Form):
    """A period of days; this year to date when nothing is chosen."""

    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def period(self) -> tuple[dt.date, dt.date]:
        today = timezone.localdate()
        self.is_valid()
        start = self.cleaned_data.get("start") or dt.date(today.year, 1, 1)
        end = self.cleaned_data.get("end") or today
        return (start, end) if start <= end else (end, start)


# --- the ledger ----------------------------------------------------------------------------------


class ServiceFieldsForm(StyledFormMixin, forms.Form):
    """What one service entry says, shared by the single and the batch form."""

    served_on = forms.DateField(label=_("Date of service"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start"), required=False, widget=TimeInput())
    end_time = forms.TimeField(label=_("End"), required=False, widget=TimeInput())
    hours = forms.DecimalField(
        label=_("Hours"),
        required=False,
        max_digits=5,
        decimal_places=2,
        help_text=_("Actual service time only, no travel. Leave empty when you give the start and end."),
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
    )
    content = forms.CharField(
        label=_("Content of service"),
        max_length=200,
        error_messages={"required": _("Say what the service was, for example 'free clinic: taking blood pressure'.")},
    )
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    confirmed_by = forms.CharField(
        label=_("Confirmed by"),
        max_length=50,
        required=False,
        help_text=_("The organiser, or the person served, who confirms the service."),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("initial", {}).setdefault("served_on", timezone.localdate())
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict[str, Any]:
        names = ("served_on", "start_time", "end_time", "hours", "content", "place", "confirmed_by")
        return {name: self.cleaned_data[name] for name in names}


class RecordForm(ServiceFieldsForm):
    volunteer = VolunteerChoiceField(label=_("Volunteer"), queryset=Volunteer.objects.none())
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("No team"),
        help_text=_("A team leader records under the team they lead."),
    )
    field_order = ["volunteer", "team"]

    def __init__(self, user: Any, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = queries.recordable_volunteers(user).order_by("name", "number")
        self.fields["team"].queryset = queries.teams_for_user(user, queries.RECORD).order_by("name")

    def service_kwargs(self) -> dict[str, Any]:
        return super().service_kwargs() | {
            "volunteer": self.cleaned_data["volunteer"],
            "team": self.cleaned_data["team"],
        }


class BatchForm(ServiceFieldsForm):
    """One activity of one team, many volunteers: every entry is written, or none."""

    volunteers = VolunteersField(label=_("Volunteers who served"), queryset=Volunteer.objects.none(), required=False)
    field_order = ["volunteers"]

    def __init__(self, user: Any, team: Team, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.team = team
        self.fields["volunteers"].queryset = queries.recordable_volunteers(user, team).order_by("name", "number")

    def service_kwargs(self) -> dict[str, Any]:
        return super().service_kwargs() | {"team": self.team, "volunteers": self.cleaned_data["volunteers"]}


class CorrectForm(StyledFormMixin, forms.Form):
    hours = forms.DecimalField(
        label=_("Hours it should be"),
        max_digits=5,
        decimal_places=2,
        help_text=_("0 reverses the entry. The original stays in the ledger with this correction."),
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
    )
    reason = forms.CharField(label=_("Reason for the correction"), max_length=200, required=False)


class WithdrawForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is the entry withdrawn?"),
        max_length=200,
        required=False,
        help_text=_("For example an objection upheld during the notice period."),
    )

    prefix = "withdraw"


class CorrectionRequestForm(StyledFormMixin, forms.Form):
    proposed_hours = forms.DecimalField(
        label=CorrectionRequest._meta.get_field("proposed_hours").verbose_name,
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
    )
    reason = forms.CharField(
        label=_("What is wrong with the entry?"),
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CorrectionDecisionForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason (needed to decline)"),
        max_length=200,
        required=False,
        help_text=_("The volunteer reads it."),
    )

    prefix = "decide"


# --- leaderboards ----------------------------------------------------------------------------------


class LeaderboardForm(StyledFormMixin, forms.Form):
    community = forms.TypedChoiceField(label=_("Community"), coerce=int, required=False)
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("The whole community")
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    month = forms.TypedChoiceField(
        label=_("Month"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("The whole year")), *((m, str(m)) for m in range(1, 13))],
    )
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, user: Any, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        communities = list(queries.leaderboard_communities(user))
        self.community = _community_field(self, communities, empty=None)
        if self.community is not None:
            self.fields["team"].queryset = queries.community_teams(self.community)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(y, str(y)) for y in range(this_year, this_year - 10, -1)]

    def board(self) -> dict[str, Any]:
        """The community or team and the period chosen; a custom range wins over year and month."""
        self.is_valid()
        data = self.cleaned_data
        year = data.get("year") or timezone.localdate().year
        if data.get("start") and data.get("end"):
            start, end = sorted((data["start"], data["end"]))
        elif data.get("month"):
            start, end = queries.month_bounds(year, data["month"])
        else:
            start, end = queries.year_bounds(year)
        return {"community": self.community, "team": data.get("team"), "start": start, "end": end}
