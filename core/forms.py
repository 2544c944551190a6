from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.forms.widgets import ChoiceWidget


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


class StyledFormMixin:
    """Bootstrap classes on every widget, so templates render fields with one include."""

    fields: dict[str, forms.Field]  # the form's, set by forms.BaseForm.__init__

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
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
