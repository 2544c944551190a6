from django import forms
from django.template.loader import render_to_string


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
