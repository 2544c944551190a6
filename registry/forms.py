"""Forms of the registry pages: they parse types and offer only choices in the user's scope.

Business rules (ID checksums, a guardian for a child, one head per household) live in
registry.services, which these forms feed; a service's ValidationError lands on the fields.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import CheckboxGroup, DateInput, StyledFormMixin
from core.roles import Cap
from core.scoping import scope_for
from core.validators import LONG_TEXT, record_id
from registry import queries
from registry.models import GridUnit, Household, OrgUnit, PartnerUnit, Resident, Tag

AGE_BANDS = {
    "0-13": (0, 13),
    "14-17": (14, 17),
    "18-59": (18, 59),
    "60-79": (60, 79),
    "80+": (80, None),
}
AGE_BAND_CHOICES = [
    ("", _("All ages")),
    ("0-13", _("Under 14")),
    ("14-17", _("14 to 17")),
    ("18-59", _("18 to 59")),
    ("60-79", _("60 to 79")),
    ("80+", _("80 and over")),
]


class BuildingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{obj.parent.name} {obj.name}"


class GridGroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: GridUnit) -> str:
        return f"{obj.parent.name} / {obj.name}"


class TagsField(forms.ModelMultipleChoiceField):
    widget = CheckboxGroup

    def label_from_instance(self, obj: Tag) -> str:
        return obj.label


class TagChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Tag) -> str:
        return obj.label


def _tags(community_ids: list[int], applies_to: str):
    """Built-in tags and the communities' own, that can be put on this kind of record."""
    return Tag.objects.filter(
        Q(community__isnull=True) | Q(community_id__in=community_ids),
        applies_to__in=[applies_to, Tag.AppliesTo.BOTH],
    ).order_by("community_id", "code")


# --- filter bars --------------------------------------------------------------------------------


class AreaFilterForm(StyledFormMixin, forms.Form):
    """The filter bar's shared part. Place choices follow one community: the user's only one,
    or the one chosen first by users who oversee several (a county has thousands of buildings)."""

    tag_applies_to = Tag.AppliesTo.HOUSEHOLD

    community = forms.TypedChoiceField(label=_("Community"), coerce=int, required=False, empty_value=None)
    compound = forms.ModelChoiceField(
        label=_("Compound"), queryset=OrgUnit.objects.none(), required=False, empty_label=_("All compounds")
    )
    grid_group = GridGroupChoiceField(
        label=_("Grid group"), queryset=GridUnit.objects.none(), required=False, empty_label=_("All grid groups")
    )
    tag = TagChoiceField(label=_("Tag"), queryset=Tag.objects.none(), required=False, empty_label=_("All tags"))

    def __init__(self, user: Any, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        communities = list(queries.communities_for_user(user))
        self.community = communities[0] if len(communities) == 1 else None
        if len(communities) > 1:
            self.fields["community"].choices = [("", _("All communities")), *((c.pk, c.name) for c in communities)]
            self.community = next((c for c in communities if str(c.pk) == self.data.get("community")), None)
        else:
            del self.fields["community"]
        units = OrgUnit.objects.for_user(user)
        groups = GridUnit.objects.for_user(user).filter(kind=GridUnit.Kind.GROUP).select_related("parent")
        if self.community is not None:
            self.fields["compound"].queryset = units.filter(kind=OrgUnit.Kind.COMPOUND, community=self.community)
            self.fields["grid_group"].queryset = groups.filter(community=self.community)
        else:
            for name in ("compound", "building"):
                self.fields.pop(name, None)
            # Grid workers oversee no community but do have grid groups to choose from.
            if not communities and set(scope_for(user).areas.get(Cap.REGISTRY_VIEW, {})) & {"grid_group", "grid_zone"}:
                self.fields["grid_group"].queryset = groups
            else:
                del self.fields["grid_group"]
        ids = [self.community.pk] if self.community else []
        self.fields["tag"].queryset = _tags(ids, self.tag_applies_to)

    def filters(self) -> dict[str, Any]:
        """The chosen filters; a choice that does not parse is ignored rather than shown as an error."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "community": self.community,
            "compound": data.get("compound"),
            "grid_group": data.get("grid_group"),
            "tag": data.get("tag"),
        }


class HouseholdFilterForm(AreaFilterForm):
    building = BuildingChoiceField(
        label=_("Building"), queryset=OrgUnit.objects.none(), required=False, empty_label=_("All buildings")
    )
    q = forms.CharField(label=_("Address contains"), required=False, max_length=100)

    field_order = ["community", "compound", "building", "grid_group", "tag", "q"]

    def __init__(self, user: Any, *args: Any, **kwargs: Any):
        super().__init__(user, *args, **kwargs)
        if "building" in self.fields:
            buildings = OrgUnit.objects.for_user(user).filter(kind=OrgUnit.Kind.BUILDING, community=self.community)
            compound = record_id(self.data.get("compound"))
            if compound is not None:
                buildings = buildings.filter(parent_id=compound)
            self.fields["building"].queryset = buildings.select_related("parent")

    def filters(self) -> dict[str, Any]:
        filters = super().filters()
        return filters | {"building": self.cleaned_data.get("building"), "text": self.cleaned_data.get("q", "")}


class ResidentFilterForm(AreaFilterForm):
    tag_applies_to = Tag.AppliesTo.RESIDENT

    gender = forms.ChoiceField(
        label=_("Gender"), required=False, choices=[("", _("Any gender")), *Resident.Gender.choices]
    )
    age_band = forms.ChoiceField(label=_("Age"), required=False, choices=AGE_BAND_CHOICES)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Resident.Status.choices]
    )
    minors = forms.BooleanField(label=_("Children under 14 only"), required=False)

    def filters(self) -> dict[str, Any]:
        filters = super().filters()
        age_min, age_max = AGE_BANDS.get(self.cleaned_data.get("age_band") or "", (None, None))
        return filters | {
            "gender": self.cleaned_data.get("gender", ""),
            "status": self.cleaned_data.get("status", ""),
            "minors": self.cleaned_data.get("minors", False),
            "age_min": age_min,
            "age_max": age_max,
        }


# --- households ---------------------------------------------------------------------------------


class HouseholdCreateForm(StyledFormMixin, forms.Form):
    building = BuildingChoiceField(label=_("Building"), queryset=OrgUnit.objects.none())
    unit = forms.CharField(
        label=_("Entrance"),
        max_length=10,
        required=False,
        help_text=_("The entrance (单元) number, for example 1. Leave blank if the building has one entrance."),
    )
    room = forms.CharField(label=_("Room"), max_length=20, help_text=_("For example 301."))
    grid_group = GridGroupChoiceField(
        label=_("Grid group"), queryset=GridUnit.objects.none(), required=False, empty_label=_("Not placed yet")
    )
    tags = TagsField(label=_("Tags"), queryset=Tag.objects.none(), required=False)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=LONG_TEXT
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        manage = Cap.REGISTRY_MANAGE
        self.fields["building"].queryset = (
            OrgUnit.objects.for_user(user, manage).filter(kind=OrgUnit.Kind.BUILDING).select_related("parent")
        )
        self.fields["grid_group"].queryset = (
            GridUnit.objects.for_user(user, manage).filter(kind=GridUnit.Kind.GROUP).select_related("parent")
        )
        community_ids = sorted(scope_for(user).community_ids(manage))
        self.fields["tags"].queryset = _tags(community_ids, Tag.AppliesTo.HOUSEHOLD)


class HouseholdEditForm(StyledFormMixin, forms.Form):
    grid_group = GridGroupChoiceField(
        label=_("Grid group"), queryset=GridUnit.objects.none(), required=False, empty_label=_("Not placed yet")
    )
    tags = TagsField(label=_("Tags"), queryset=Tag.objects.none(), required=False)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=LONG_TEXT
    )

    def __init__(self, user: Any, household: Household, *args: Any, **kwargs: Any):
        kwargs.setdefault(
            "initial",
            {"grid_group": household.grid_group_id, "tags": list(household.tags.all()), "notes": household.notes},
        )
        super().__init__(*args, **kwargs)
        # A grid worker may keep the household in their group but not hand it to another grid.
        changeable = GridUnit.objects.for_user(user, Cap.REGISTRY_CHANGE).values("pk")
        self.fields["grid_group"].queryset = GridUnit.objects.filter(
            Q(pk__in=changeable) | Q(pk=household.grid_group_id),
            community=household.community_id,
            kind=GridUnit.Kind.GROUP,
        ).select_related("parent")
        self.fields["tags"].queryset = _tags([household.community_id], Tag.AppliesTo.HOUSEHOLD)
        scope = scope_for(user)
        if not scope.is_superuser and household.community_id not in scope.community_ids(Cap.REGISTRY_CHANGE):
            # Taking the household out of every group would also take it out of the worker's own reach.
            self.fields["grid_group"].required = True


# --- residents ----------------------------------------------------------------------------------


class HouseholdPickForm(StyledFormMixin, forms.Form):
    """The first step of registering a resident away from a household's page."""

    household = forms.ModelChoiceField(
        label=_("Household"),
        queryset=Household.objects.none(),
        help_text=_("Choose the household the resident lives in."),
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = queries.households_for_user(user, Cap.REGISTRY_CHANGE)


class ResidentForm(StyledFormMixin, forms.Form):
    """Create a resident in a household, or edit one; the household is fetched by the view, in scope."""

    name = forms.CharField(label=_("Name"), max_length=50)
    id_number = forms.CharField(
        label=_("ID-card number"),
        max_length=30,
        required=False,
        help_text=_("18 characters. Birth date and gender are read from it when you leave them empty."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    gender = forms.ChoiceField(
        label=_("Gender"), required=False, choices=[("", _("Read from the ID-card number")), *Resident.Gender.choices]
    )
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DateInput())
    relation = forms.ChoiceField(
        label=_("Relation to the head of household"),
        choices=Resident.Relation.choices,
        initial=Resident.Relation.OTHER,
        required=False,
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    guardian = forms.ModelChoiceField(
        label=_("Guardian in the household"),
        queryset=Resident.objects.none(),
        required=False,
        help_text=_("Needed for a child under 14."),
    )
    guardian_name = forms.CharField(
        label=_("Guardian not in the registry"),
        max_length=50,
        required=False,
        help_text=_("The guardian's name, when they are not registered in this household."),
    )
    tags = TagsField(label=_("Tags"), queryset=Tag.objects.none(), required=False)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=LONG_TEXT
    )
    status = forms.ChoiceField(label=_("Status"), choices=Resident.Status.choices, initial="active")

    def __init__(
        self, user: Any, *args: Any, household: Household | None = None, resident: Resident | None = None, **kwargs: Any
    ):
        self.resident = resident
        self.household = resident.household if resident else household
        # With the masked ID, a birth date would give the number away: only revealers see it prefilled.
        self.hide_birth_date = bool(
            resident is not None and resident.id_number_hash and not scope_for(user).has(Cap.REGISTRY_REVEAL)
        )
        if resident is not None:
            initial = self._initial(resident)
            if self.hide_birth_date:
                initial.pop("birth_date")
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        if resident is None:
            del self.fields["status"]
        else:
            keep = _("Leave blank to keep the stored value; it is never shown here. Type a new one only to replace it.")
            self.fields["id_number"].help_text = self.fields["phone"].help_text = keep
            if self.hide_birth_date:
                self.fields["birth_date"].help_text = _("Leave blank to keep the date the ID-card number gives.")
        members = self.household.members.filter(status=Resident.Status.ACTIVE).order_by("birth_date")
        self.fields["guardian"].queryset = members.exclude(pk=resident.pk) if resident else members
        self.fields["tags"].queryset = _tags([self.household.community_id], Tag.AppliesTo.RESIDENT)

    @staticmethod
    def _initial(resident: Resident) -> dict[str, Any]:
        fields = ("name", "gender", "birth_date", "relation", "guardian", "guardian_name", "notes", "status")
        return {f: getattr(resident, f) for f in fields} | {"tags": list(resident.tags.all())}

    def service_kwargs(self) -> dict[str, Any]:
        """Arguments for services.create_resident / update_resident; a blank number on edit keeps it."""
        data = dict(self.cleaned_data)
        data["gender"] = data["gender"] or None
        if self.resident is None:
            data["household"] = self.household
        else:
            data["id_number"] = data["id_number"] or None
            data["phone"] = data["phone"] or None
        return data

    def check_kwargs(self) -> dict[str, Any]:
        """Arguments for services.check_resident from whatever parsed, for inline validation."""
        data = self.cleaned_data
        return {
            "name": data.get("name", ""),
            "gender": data.get("gender") or None,
            "birth_date": data.get("birth_date"),
            "id_number": data.get("id_number", ""),
            "phone": data.get("phone", ""),
            "relation": data.get("relation") or Resident.Relation.OTHER,
            "household": self.household,
            "guardian": data.get("guardian"),
            "guardian_name": data.get("guardian_name", ""),
            "exclude_pk": self.resident.pk if self.resident else None,
        }

    def add_inline_errors(self, exc: ValidationError) -> None:
        """Show a check's errors while typing: only on fields already filled in, and the guardian.

        An empty field is not yet an error on the way through the form, and a field that did not
        parse already says so.
        """
        messages = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
        for field, errors in messages.items():
            if field not in self.errors:
                self.add_error(field if field in self.fields else None, errors)
        for name in list(self.errors):
            if name in self.fields and name != "guardian" and not self.data.get(self.add_prefix(name)):
                del self.errors[name]


class ResidentAccountForm(StyledFormMixin, forms.Form):
    username = forms.CharField(
        label=_("Username for the new login"),
        max_length=150,
        help_text=_("Letters and digits, for example the resident's name in pinyin and a number."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


# --- party and partners -------------------------------------------------------------------------


class PartyFormalizeForm(StyledFormMixin, forms.Form):
    formalized_on = forms.DateField(label=_("Became formal on"), widget=DateInput())


class PartnerUnitForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnerUnit.Kind.choices)
    contact_name = forms.CharField(label=_("Contact person"), max_length=50, required=False)
    contact_phone = forms.CharField(
        label=_("Contact phone"), max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    communities = forms.ModelMultipleChoiceField(
        label=_("Communities co-built with"),
        queryset=OrgUnit.objects.none(),
        widget=CheckboxGroup,
        error_messages={"required": _("Choose at least one community the unit co-builds with.")},
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["communities"].queryset = queries.communities_for_user(user, Cap.REGISTRY_MANAGE).select_related(
            "county"
        )

    def service_kwargs(self) -> dict[str, Any]:
        """Arguments for services.create_partner_unit; the county is the chosen communities' county."""
        communities = list(self.cleaned_data["communities"])
        return self.cleaned_data | {"communities": communities, "county": communities[0].county}
