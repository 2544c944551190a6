import importlib.util
from pathlib import Path

from django.conf import settings

_spec = importlib.util.spec_from_file_location(
    "check_translations", Path(settings.BASE_DIR) / "scripts" / "check_translations.py"
)
check_translations = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_translations)


def test_an_entry_after_one_with_a_context_is_its_own(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n\n'
        'msgctxt "between list items"\nmsgid ", "\nmsgstr "、"\n\n'
        '#: activities/views.py:235\nmsgid "You have a place."\nmsgstr "报名成功。"\n',
        encoding="utf-8",
    )
    entries = check_translations.parse_po(po)
    assert [(e.get("msgctxt"), e["msgid"], e["msgstr"]) for e in entries[1:]] == [
        ("between list items", ", ", "、"),
        (None, "You have a place.", "报名成功。"),
    ]
