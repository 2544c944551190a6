from django import forms

from core.forms import CheckboxGroup, StyledFormMixin


class _Form(forms.Form):
    title = forms.CharField(label="Title")
    days = forms.MultipleChoiceField(
        label="Weekdays", choices=[("1", "Mon"), ("2", "Tue")], widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(label="Agree", required=False)


def test_a_group_of_checkboxes_is_a_fieldset_with_a_legend_and_no_empty_label():
    html = str(_Form())
    assert 'for=""' not in html
    assert "<legend" in html and "Weekdays" in html.split("<legend", 1)[1].split("</legend>", 1)[0]
    assert '<label class="form-label" for="id_title">' in html
    assert 'for="id_agree"' in html


class _GroupForm(StyledFormMixin, forms.Form):
    days = forms.MultipleChoiceField(
        label="Weekdays", choices=[("1", "Mon"), ("2", "Tue")], widget=forms.CheckboxSelectMultiple
    )
    size = forms.ChoiceField(label="Size", choices=[("s", "Small"), ("l", "Large")], widget=forms.RadioSelect)
    teams = forms.MultipleChoiceField(label="Teams", choices=[("1", "Patrol")], widget=CheckboxGroup)


def test_every_option_of_a_group_is_a_bootstrap_row_and_the_wrapper_no_input():
    # The wrapper of the group once carried form-check-input: a 1em box squeezing every label to a
    # character a line over the fields below.
    html = str(_GroupForm())
    assert 'class="form-check-input"><div' not in html
    assert html.count('<div class="form-check') == 5
    for i, value in enumerate(("1", "2")):
        assert f'value="{value}" class="form-check-input" id="id_days_{i}"' in html
        assert f'<label class="form-check-label" for="id_days_{i}">' in html
    assert 'type="radio" name="size" value="l" class="form-check-input"' in html
    assert html.count("<fieldset") == 3 and html.count("<legend") == 3


def test_a_group_rendered_whole_has_no_class_on_its_wrapper():
    html = str(_GroupForm()["teams"])
    assert html.startswith('<div id="id_teams" class="choice-group">')
    assert '<div class="form-check"><input type="checkbox" name="teams" value="1" class="form-check-input"' in html


class _HelpForm(forms.Form):
    title = forms.CharField(label="Title", help_text="A short title.")
    days = forms.MultipleChoiceField(
        label="Weekdays", choices=[("1", "Mon")], help_text="Pick one.", widget=forms.CheckboxSelectMultiple
    )
    none = forms.MultipleChoiceField(label="Nothing", choices=[], required=False, widget=forms.CheckboxSelectMultiple)
    token = forms.CharField(widget=forms.HiddenInput)


def test_one_template_ties_help_and_errors_to_their_inputs():
    # {{ form }} on every page: the site's renderer, the same ids and announcements everywhere.
    form = _HelpForm(data={"token": ""}, prefix="p")
    form.add_error(None, "Something is wrong.")
    html = str(form)
    assert '<div id="p-errors" aria-live="polite"><div class="alert alert-danger" role="alert">' in html
    assert 'id="field-p-title"' in html and 'id="field-p-days"' in html
    assert 'aria-describedby="id_p-title_helptext id_p-title_error"' in html
    assert '<fieldset class="mb-3" id="field-p-days" aria-describedby="id_p-days_helptext id_p-days_error">' in html
    # A live region for errors checked as the user types, the submitted form's errors an alert in it.
    assert (
        '<div id="id_p-title_errors" aria-live="polite"><div class="invalid-feedback d-block" id="id_p-title_error" role="alert">'
        in html
    )
    assert '<div id="id_p-none_errors" aria-live="polite"></div>' in html
    assert "Nothing to choose from yet." in html
    assert 'role="alert">token: ' in html.lower()
