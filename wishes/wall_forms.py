"""Forms of the wall and the claimants' pages. The rules (one claim per wish, who may claim or deliver,
a delivery not in the future) live in wishes.services; their ValidationError lands on these fields."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import RadioGroup, StyledFormMixin
from registry.models import OrgUnit
from wishes.models import Wish
from wishes.services import Identity


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class WallFilterForm(StyledFormMixin, forms.Form):
    """Filters of the public wall; a value that is not offered is ignored rather than refused."""

    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("All categories")), *Wish.Category.choices], required=False
    )
    compound = forms.ChoiceField(label=_("Compound"), required=False)

    def __init__(self, compounds: Sequence[OrgUnit], *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["compound"].choices = [("", _("All compounds")), *((str(c.pk), c.name) for c in compounds)]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"category": data["category"], "compound_id": int(data["compound"]) if data["compound"] else None}


class _IdentityForm(StyledFormMixin, forms.Form):
    """The way to claim, offered only when the user has more than one."""

    kind = forms.ChoiceField(label=_("Claim as"), widget=RadioGroup, required=False)

    def __init__(self, identities: Sequence[Identity], *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.identities = list(identities)
        self.fields["kind"].choices = [(i.kind, i.label) for i in self.identities]
        if self.identities:
            self.fields["kind"].initial = self.identities[0].kind
        if len(self.identities) < 2:
            self.fields["kind"].widget = forms.HiddenInput()

    @property
    def single_identity(self) -> Identity | None:
        return self.identities[0] if len(self.identities) == 1 else None

    def kind_value(self) -> str | None:
        return self.cleaned_data.get("kind") or None


class ClaimForm(_IdentityForm):
    is_group = forms.BooleanField(
        label=_("Others may join this claim (a group claim)"),
        help_text=_("For example a party branch or a team buying the wish together."),
        required=False,
    )
    note = forms.CharField(
        label=_("Note for the community (optional)"),
        help_text=_("For example when you plan to deliver. Do not write personal details here."),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"kind": self.kind_value(), "is_group": data["is_group"], "note": data["note"]}


class JoinClaimForm(_IdentityForm):
    def service_kwargs(self) -> dict[str, Any]:
        return {"kind": self.kind_value()}


class WithdrawClaimForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why are you giving the wish back?"),
        help_text=_("The community sees the reason; the wish goes back on the wall for others to claim."),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for withdrawing the claim.")},
    )


class DeliverForm(StyledFormMixin, forms.Form):
    deliverer_name = forms.CharField(
        label=_("Who delivered"),
        help_text=_("Your name, or the names of those who went together."),
        max_length=50,
        required=False,
    )
    delivered_at = forms.DateTimeField(
        label=_("Delivered at"),
        help_text=_("Leave empty if you delivered it just now."),
        widget=DateTimeInput,
        required=False,
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        help_text=_("For example: handed over to the resident at the door."),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    delivery_photo = forms.ImageField(
        label=_("Photo of the delivery (optional)"),
        help_text=_("JPEG or PNG, at most 5 MB. Take it only with the resident's agreement."),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/*"}),
    )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "deliverer_name": data["deliverer_name"],
            "delivered_at": data["delivered_at"],
            "note": data["note"],
            "photo": data["delivery_photo"],
        }
