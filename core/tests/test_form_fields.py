from django import forms
from django.template.loader import render_to_string

from core.forms import StyledFormMixin
from registry.forms import CheckboxesWidget


class _Form(forms.Form):
    title = forms.CharField(label="Title")
    days = forms.MultipleChoiceField(
        label="Weekdays", choices=[("1", "Mon"), ("2", "Tue")], widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(label="Agree", required=False)


def test_a_group_of_checkboxes_is_a_fieldset_with_a_legend_and_no_empty_label():
    html = render_to_string("includes/form_fields.html", {"form": _Form()})
    assert 'for=""' not in html
    assert "<legend" in html and "Weekdays" in html.split("<legend", 1)[1].split("</legend>", 1)[0]
    assert '<label class="form-label" for="id_title">' in html
    assert 'for="id_agree"' in html


class _GroupForm(StyledFormMixin, forms.Form):
    days = forms.MultipleChoiceField(
        label="Weekdays", choices=[("1", "Mon"), ("2", "Tue")], widget=forms.CheckboxSelectMultiple
    )
    size = forms.ChoiceField(label="Size", choices=[("s", "Small"), ("l", "Large")], widget=forms.RadioSelect)
    teams = forms.MultipleChoiceField(label="Teams", choices=[("1", "Patrol")], widget=CheckboxesWidget)


def test_every_option_of_a_group_is_a_bootstrap_row_and_the_wrapper_no_input():
    # The wrapper of the group once carried form-check-input: a 1em box squeezing every label to a
    # character a line over the fields below.
    form = _GroupForm()
    for template in ("includes/form_fields.html", "registry/_form_fields.html", "wishes/_form_fields.html"):
        html = render_to_string(template, {"form": form})
        assert 'class="form-check-input"><div' not in html
        assert html.count('<div class="form-check') == 5, template
        for i, value in enumerate(("1", "2")):
            assert f'value="{value}" class="form-check-input" id="id_days_{i}"' in html
            assert f'<label class="form-check-label" for="id_days_{i}">' in html
        assert 'type="radio" name="size" value="l" class="form-check-input"' in html
        assert html.count("<fieldset") == 3 and html.count("<legend") == 3, template


def test_a_group_rendered_whole_has_no_class_on_its_wrapper():
    html = str(_GroupForm()["teams"])
    assert html.startswith('<div id="id_teams" class="choice-group">')
    assert '<div class="form-check"><input type="checkbox" name="teams" value="1" class="form-check-input"' in html
