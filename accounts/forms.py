from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts.queries import area_model
from accounts.services import GRANTABLE_BY_STAFF
from core.forms import StyledFormMixin


class LoginForm(StyledFormMixin, AuthenticationForm):
    username = forms.CharField(
        label=_("Phone number or username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_messages = {
        "invalid_login": _("The phone number or username and the password do not match. Check both and try again."),
        "inactive": _("This account is switched off. Ask your community's staff."),
    }


class PasswordChangeForm(StyledFormMixin, forms.Form):
    """A new password, given only with the current one: a session left open on a shared computer
    must not be enough to take the account over."""

    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, not a common password."),
    )
    new_password2 = forms.CharField(
        label=_("New password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_old_password(self):
        password = self.cleaned_data["old_password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("This is not your current password. Type the password you logged in with."), code="password_incorrect"
            )
        return password

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_password1") and cleaned.get("new_password1") != cleaned.get("new_password2"):
            self.add_error("new_password2", _("The two passwords differ; type the same password twice."))
        return cleaned


class AccountForm(StyledFormMixin, forms.Form):
    """Staff create a login for a resident, who may have no phone."""

    username = forms.CharField(label=_("Username"), max_length=150)
    display_name = forms.CharField(label=_("Name"), max_length=50)
    phone = forms.CharField(label=_("Mobile phone (optional)"), max_length=20, required=False)


class TokenForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("What will use this token"), max_length=100)


class PersonForm(StyledFormMixin, forms.Form):
    """A new login with its first role, made by community staff."""

    username = forms.CharField(label=_("Username"), max_length=150, help_text=_("Letters, digits and @ . + - _ only."))
    display_name = forms.CharField(label=_("Name"), max_length=50)
    phone = forms.CharField(label=_("Mobile phone (optional)"), max_length=20, required=False)
    role = forms.ChoiceField(label=_("Role"))
    org_unit = forms.ModelChoiceField(
        label=_("Community or compound"),
        queryset=None,
        required=False,
        help_text=_("For staff, team leaders, volunteers, partner-unit contacts and paired cadres."),
    )
    grid_unit = forms.ModelChoiceField(
        label=_("Grid zone or group"),
        queryset=None,
        required=False,
        help_text=_("For grid workers and household-head representatives."),
    )
    partner_unit = forms.ModelChoiceField(
        label=_("Partner unit"), queryset=None, required=False, help_text=_("For partner-unit contacts.")
    )

    def __init__(self, *args, community_ids, **kwargs):
        super().__init__(*args, **kwargs)
        ids = sorted(community_ids)
        # The registry's models, reached through the memberships' own foreign keys: accounts sits
        # below the registry and imports none of it.
        OrgUnit, GridUnit, PartnerUnit = (area_model(name) for name in ("org_unit", "grid_unit", "partner_unit"))
        self.fields["role"].choices = [(r.value, r.label) for r in GRANTABLE_BY_STAFF]
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(
            community_id__in=ids, kind__in=["community", "compound"]
        )
        self.fields["grid_unit"].queryset = GridUnit.objects.filter(community_id__in=ids).select_related("parent")
        self.fields["partner_unit"].queryset = PartnerUnit.objects.filter(communities__in=ids).distinct()


class GrantForm(PersonForm):
    """Another role for an existing person: the same area fields, no account fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("username", "display_name", "phone"):
            del self.fields[name]
