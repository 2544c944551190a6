"""Forms of the wish pages (staff, grid workers, residents). They parse types and offer only
residents and communities in the user's scope; the rules (the value cap, the open-wish limit,
who may post, verify or confirm) live in wishes.services, whose ValidationError lands on
these fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, RadioGroup, StyledFormMixin
from core.roles import Cap
from core.scoping import scope_for
from core.validators import record_id
from registry.models import OrgUnit, Resident
from registry.queries import communities_for_user, search_residents
from wishes.models import Wish, WishSettings

# A scope this small (a household, a small grid) is offered as a list; a larger one is searched.
LIST_ALL_UP_TO = 30


def _capitalised(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [(value, capfirst(label)) for value, label in choices]


class WishFilterForm(StyledFormMixin, forms.Form):
    """Filters of the wish list; a value that is not offered is ignored rather than refused."""

    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *_capitalised(Wish.Status.choices)], required=False
    )
    community = forms.TypedChoiceField(label=_("Community"), coerce=int, required=False, empty_value=None)
    q = forms.CharField(label=_("What is wished for, or the resident's name"), max_length=50, required=False)

    def __init__(self, user: Any, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Only readers of several communities (town and county) choose one; others are not asked.
        if len(scope_for(user).community_ids(Cap.WISHES_VIEW)) > 1:
            communities = communities_for_user(user, Cap.WISHES_VIEW).order_by("code", "name")
            self.fields["community"].choices = [("", _("All communities")), *((c.pk, c.name) for c in communities)]
        else:
            del self.fields["community"]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"status": data["status"], "community_id": data.get("community"), "q": data["q"].strip()}


def _resident_label(resident: Resident) -> str:
    return gettext("%(name)s, %(age)s years, %(address)s") % {
        "name": resident.name,
        "age": resident.age(),
        "address": resident.household.address,
    }


class BeneficiaryField(forms.ModelChoiceField):
    """Validated against every resident the user may post for; offered only the few found."""

    widget = RadioGroup

    def label_from_instance(self, obj: Resident) -> str:
        return _resident_label(obj)


def recordable_residents(user: Any) -> QuerySet[Resident]:
    """Residents the user may post a wish for: their household, their grid, their community."""
    return Resident.objects.for_user(user, Cap.WISHES_RECORD).filter(status=Resident.Status.ACTIVE)


def beneficiary_candidates(user: Any, *, q: str = "", selected: Any = None) -> tuple[list[Resident], bool]:
    """The residents to offer, and whether the scope is too large to list so that one must search."""
    scoped = recordable_residents(user)
    listed = scoped.select_related("household").order_by("household__sort_key", "name", "pk")
    if len(scoped.values_list("pk", flat=True)[: LIST_ALL_UP_TO + 1]) <= LIST_ALL_UP_TO:
        return list(listed), False
    found: list[Resident] = []
    if q:
        ids = [r.pk for r in search_residents(user, q)]
        found = list(listed.filter(pk__in=ids).order_by("name", "pk"))
    chosen = record_id(selected)
    if chosen is not None and all(r.pk != chosen for r in found):
        found[:0] = list(listed.filter(pk=chosen))
    return found, True


def value_cap_help(user: Any, candidates: list[Resident]) -> str:
    """The cap the intake form names: of the residents' communities, or of the user's scope."""
    ids = {r.community_id for r in candidates}
    if not ids:
        ids = set(recordable_residents(user).order_by().values_list("community_id", flat=True).distinct()[:10])
    caps = {s.community_id: s.value_cap for s in WishSettings.objects.filter(community_id__in=ids)}
    values = {caps.get(i, WishSettings.DEFAULT_VALUE_CAP) for i in ids} or {WishSettings.DEFAULT_VALUE_CAP}
    if len(values) == 1:
        return gettext("In whole yuan, at most %(cap)s: the community's cap. A wish over it is refused.") % {
            "cap": values.pop()
        }
    names = dict(OrgUnit.objects.filter(pk__in=ids).values_list("pk", "name"))
    caps_text = pgettext("between list items", ", ").join(
        gettext("%(community)s %(cap)s yuan")
        % {"community": names.get(i, ""), "cap": caps.get(i, WishSettings.DEFAULT_VALUE_CAP)}
        for i in sorted(ids)
    )
    return gettext("In whole yuan, at most the community's cap: %(caps)s. A wish over it is refused.") % {
        "caps": caps_text
    }


class WishForm(StyledFormMixin, forms.Form):
    """The intake form: a resident on their phone, or a grid worker on a home visit."""

    beneficiary = BeneficiaryField(
        label=_("For whom"),
        queryset=Resident.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Choose the resident the wish is for."),
            "invalid_choice": _("Choose one of the residents offered; find the resident first if none is."),
        },
    )
    title = forms.CharField(
        label=_("What is wished for"),
        max_length=100,
        error_messages={"required": _("Say what is wished for, e.g. a book or a visit.")},
        help_text=_("For example: the book 《优雅走过下雨天》, a doll for a child, a haircut at home."),
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", _("Choose a category")), *_capitalised(Wish.Category.choices)],
        error_messages={"required": _("Choose a category from the list.")},
    )
    value = forms.IntegerField(
        label=_("Estimated value (yuan)"),
        error_messages={
            "required": _("Enter the estimated value in whole yuan, at least 1."),
            "invalid": _("Enter the estimated value in whole yuan, for example 50."),
        },
    )
    reason = forms.CharField(
        label=_("Why (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown on the public wall with the wish. Say why it matters, without the resident's name, phone, "
            "room or illness; tell the staff the family's situation in person."
        ),
    )
    photo = forms.ImageField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
        help_text=_(
            "JPEG or PNG, at most 5 MB. Only those who look after the resident see it; the wall never shows it."
        ),
    )
    wanted_by = forms.DateField(
        label=_("Wanted until"),
        widget=DateInput,
        error_messages={
            "required": _("Enter the date until which the wish is wanted."),
            "invalid": _("Enter the date as year-month-day, for example 2025-06-30."),
        },
    )

    def __init__(self, user: Any, *args: Any, candidates: list[Resident], selected: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["beneficiary"]
        field.queryset = recordable_residents(user).select_related("household")
        field.widget.choices = [(r.pk, _resident_label(r)) for r in candidates]
        offered = {str(r.pk) for r in candidates}
        if str(selected or "") in offered:
            field.initial = int(selected)
        elif len(candidates) == 1:
            field.initial = candidates[0].pk
        self.fields["value"].help_text = value_cap_help(user, candidates)
        self.fields["value"].widget.attrs.update({"inputmode": "numeric", "min": 1})

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "beneficiary": data["beneficiary"],
            "title": data["title"],
            "category": data["category"],
            "value": data["value"],
            "reason": data["reason"],
            "photo": data["photo"] or None,
            "wanted_by": data["wanted_by"],
        }


class DeclineForm(StyledFormMixin, forms.Form):
    prefix = "decline"

    reason = forms.CharField(
        label=_("Reason for declining"),
        help_text=_("The resident sees it, so say it kindly and plainly."),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for declining; the resident will see it.")},
    )


class WithdrawForm(StyledFormMixin, forms.Form):
    prefix = "withdraw"

    reason = forms.CharField(
        label=_("Why is the wish no longer wanted?"),
        help_text=_("A claimant holding the wish is told; it leaves the wall."),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for withdrawing the wish.")},
    )


class ConfirmForm(StyledFormMixin, forms.Form):
    prefix = "confirm"

    thanks = forms.CharField(
        label=_("A thank-you for those who made it happen (optional)"),
        help_text=_("The claimants read it."),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StoryForm(StyledFormMixin, forms.Form):
    prefix = "story"

    story = forms.CharField(
        label=_("Story"),
        help_text=_("A few sentences for the public. Do not write the resident's full name, address or phone."),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.BooleanField(label=_("The resident agrees to a public story"), required=False)
    published = forms.BooleanField(label=_("Publish the story"), required=False)


class SettingsForm(StyledFormMixin, forms.Form):
    """Bounds match the database's check constraints, so the form explains them first."""

    value_cap = forms.IntegerField(
        label=_("Value cap (yuan)"),
        min_value=1,
        max_value=5000,
        help_text=_("A wish estimated above this is refused. Between 1 and 5000."),
    )
    open_limit = forms.IntegerField(
        label=_("Open wishes per resident"),
        min_value=1,
        max_value=20,
        help_text=_("Wishes waiting, on the wall, claimed or delivered at the same time. Between 1 and 20."),
    )
    claim_days = forms.IntegerField(
        label=_("Days to deliver a claimed wish"),
        min_value=1,
        max_value=90,
        help_text=_("After this a claim is released and the wish goes back on the wall. Between 1 and 90."),
    )
