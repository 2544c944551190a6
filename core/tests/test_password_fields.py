"""A password typed into a form is never sent back in the page, whatever form it is."""

import importlib
import inspect
from pathlib import Path

from django import forms
from django.apps import apps
from django.conf import settings


def _forms_with_password_fields():
    for config in apps.get_app_configs():
        if not config.path.startswith(str(settings.BASE_DIR)):
            continue
        for path in sorted(Path(config.path).glob("*forms.py")):
            module = importlib.import_module(f"{config.name}.{path.stem}")
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    for field_name, field in cls.base_fields.items():
                        if isinstance(field.widget, forms.PasswordInput):
                            yield cls, field_name, field.widget


def test_no_password_input_renders_its_value():
    found = list(_forms_with_password_fields())
    assert any(cls.__name__ == "JoinForm" for cls, _f, _w in found)  # the scan does reach the forms
    assert [f"{cls.__module__}.{cls.__name__}.{name}" for cls, name, widget in found if widget.render_value] == []
