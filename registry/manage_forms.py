"""Forms for managing the org tree, the grid and the party organisation (community staff)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import StyledFormMixin
from registry.models import GridUnit, OrgUnit, PartyMember, PartyOrg, Tag

DATE = forms.DateInput(attrs={"type": "date"})


class OrgUnitForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=pgettext_lazy("of a thing", "Name"), max_length=100)
    code = forms.CharField(label=_("Code"), max_length=40, help_text=_("A unique code, for example 350926100001-07."))


class GridUnitForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=GridUnit.Kind.choices)
    name = forms.CharField(label=pgettext_lazy("of a thing", "Name"), max_length=100)
    code = forms.CharField(label=_("Code"), max_length=40)
    zone = forms.ModelChoiceField(label=_("Zone (for a group)"), queryset=None, required=False)

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = GridUnit.objects.filter(community=community, kind=GridUnit.Kind.ZONE)


class PartyOrgForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PartyOrg.Kind.choices)
    name = forms.CharField(label=pgettext_lazy("of a thing", "Name"), max_length=100)
    status = forms.ChoiceField(label=_("Status"), choices=PartyOrg.Status.choices)
    founded_on = forms.DateField(label=_("Founded on"), widget=DATE)
    parent = forms.ModelChoiceField(label=_("Parent organisation"), queryset=None, required=False)
    compound = forms.ModelChoiceField(label=_("Compound (for a branch)"), queryset=None, required=False)
    building = forms.ModelChoiceField(label=_("Building (for a building party group)"), queryset=None, required=False)

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = PartyOrg.objects.filter(community=community)
        self.fields["compound"].queryset = OrgUnit.objects.filter(community=community, kind=OrgUnit.Kind.COMPOUND)
        self.fields["building"].queryset = OrgUnit.objects.filter(
            community=community, kind=OrgUnit.Kind.BUILDING
        ).select_related("parent")
        self.fields["building"].label_from_instance = lambda b: f"{b.parent.name} {b.name}"


class PartyMemberForm(StyledFormMixin, forms.Form):
    resident = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Kind of party member"), choices=PartyMember.Kind.choices)
    party_org = forms.ModelChoiceField(label=_("Party organisation"), queryset=None)
    joined_on = forms.DateField(label=_("Joined the party on"), required=False, widget=DATE)
    work_unit = forms.CharField(
        label=_("Work unit (for members in service at an agency)"), max_length=100, required=False
    )
    shows_identity = forms.BooleanField(
        label=_("Shows identity on the household (亮身份)"), required=False, initial=True
    )

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_org"].queryset = PartyOrg.objects.filter(community=community)


class TagForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Tag name (Chinese)"), max_length=40)
    name_en = forms.CharField(label=_("English name (optional)"), max_length=60, required=False)
    applies_to = forms.ChoiceField(label=_("Used on"), choices=Tag.AppliesTo.choices, initial=Tag.AppliesTo.BOTH)
