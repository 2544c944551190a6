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
    assert [(e.msgctxt, e.msgid, e.msgstr) for e in entries] == [
        ("between list items", ", ", "、"),
        (None, "You have a place.", "报名成功。"),
    ]


def _problems(tmp_path, body):
    po = tmp_path / "django.po"
    po.write_text('msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n' + body, encoding="utf-8")
    return check_translations.problems_in(po, check_translations.parse_po(po))


def test_missing_fuzzy_and_wrong_placeholders_are_problems(tmp_path, monkeypatch):
    monkeypatch.setattr(check_translations, "ROOT", tmp_path)
    found = _problems(
        tmp_path,
        'msgid "Untranslated"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Guessed"\nmsgstr "猜的"\n\n'
        'msgid "Hello %(name)s"\nmsgstr "你好 %(名字)s"\n\n'
        'msgid "Fine %(name)s"\nmsgstr "好 %(name)s"\n\n'
        'msgid "%(n)s place"\nmsgid_plural "%(n)s places"\nmsgstr[0] "%(n)s个名额"\n\n'
        'msgid "one"\nmsgid_plural "%(n)s many"\nmsgstr[0] ""\n',
    )
    assert len(found) == 4, found
    assert "'Untranslated' has no translation" in found[0]
    assert "'Guessed' is marked fuzzy" in found[1]
    assert "'Hello %(name)s' has placeholders" in found[2]
    assert "'one' has no translation" in found[3]
