from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.renderers import DjangoTemplates
from django.forms.widgets import ChoiceWidget

from core.validators import MAX_ID, reject_hostile_characters


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where the form has the field."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class FormRenderer(DjangoTemplates):
    """`{{ form }}` renders every form of the site with one template (settings.FORM_RENDERER): labels,
    legends of groups, help text and errors tied to their inputs, the same on every page."""

    form_template_name = "core/forms/fields.html"


GROUP_TEMPLATE = "core/widgets/choice_group.html"
OPTION_TEMPLATE = "core/widgets/choice_option.html"


def _check_class(attrs: dict) -> dict:
    classes = attrs.get("class", "").split()
    return {
        **attrs,
        "class": " ".join([*classes, "form-check-input"] if "form-check-input" not in classes else classes),
    }


class _ChoiceGroup(ChoiceWidget):
    """A group of checkboxes or radios as Bootstrap rows: each option a `.form-check` holding its
    input.form-check-input and label.form-check-label. Django's own template puts the widget's
    class on the wrapper too, and a wrapper with `form-check-input` is a 1em box that squeezes
    every label to a character a line over the fields below. The legend is the form template's."""

    template_name: str = GROUP_TEMPLATE
    option_template_name: str = OPTION_TEMPLATE

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["attrs"] = _check_class(option["attrs"])
        return option


class CheckboxGroup(_ChoiceGroup, forms.CheckboxSelectMultiple):
    pass


class RadioGroup(_ChoiceGroup, forms.RadioSelect):
    pass


class DateInput(forms.DateInput):
    """A browser date picker; the value is always ISO, whatever the language's date format."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None):
        super().__init__(attrs, format="%Y-%m-%d")


def _guard(field: forms.Field) -> None:
    """What every field of every form refuses, so that no form can forget it: control and
    text-direction characters in text, and whole numbers neither database can hold."""
    if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput):
        field.validators.append(reject_hostile_characters)
    if isinstance(field, forms.IntegerField):
        if field.max_value is None:
            field.validators.append(MaxValueValidator(MAX_ID))
        if field.min_value is None:
            field.validators.append(MinValueValidator(-MAX_ID))
    if isinstance(field, forms.ModelChoiceField):
        field.clean = _refusing_huge_ids(field, field.clean)  # type: ignore[method-assign]


def _refusing_huge_ids(field: forms.ModelChoiceField, clean: Any) -> Any:
    """A choice of record by an id no database can hold is no choice: refused as any unknown choice
    before the lookup, which SQLite cannot even run."""

    def guarded(value: Any) -> Any:
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            text = str(item).strip().lstrip("+-")
            if text.isdecimal() and int(text) > MAX_ID:
                raise ValidationError(
                    field.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return clean(value)

    return guarded


class StyledFormMixin:
    """Bootstrap classes on every widget, so templates render fields with one include; every field
    guarded against hostile text and numbers past 64 bits."""

    fields: dict[str, forms.Field]  # the form's, set by forms.BaseForm.__init__

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _guard(field)
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.RadioSelect):  # CheckboxSelectMultiple is one too
                # Each form has its own copy of the widget: rows of .form-check, whatever widget class
                # the field was declared with.
                widget.template_name = GROUP_TEMPLATE
                widget.option_template_name = OPTION_TEMPLATE
                widget.attrs = _check_class(widget.attrs)
                continue
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
