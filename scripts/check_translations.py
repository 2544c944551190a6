"""Check the translations and compile them, without GNU gettext.

Every zh_Hans message must be translated and not fuzzy, and its placeholders must match the
English ones. The .po files are read with polib (a hand parser once misread an entry after one
with a context). The .mo files are compiled here so a machine with only Python can build them;
`--check` fails instead when a committed .mo is out of date.
"""

import argparse
import re
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
REQUIRED = {"zh_Hans"}  # English msgids are the source; en.po may stay empty.


def parse_po(path: Path) -> polib.POFile:
    return polib.pofile(str(path), encoding="utf-8")


def compile_mo(po: polib.POFile) -> bytes:
    """The .mo of the translated, non-fuzzy entries (polib leaves obsolete and fuzzy ones out)."""
    return po.to_binary()


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def problems_in(path: Path, po: polib.POFile) -> list[str]:
    found = []
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        where = f"{path.relative_to(ROOT)}: {entry.msgid[:60]!r}" + (
            f" (context {entry.msgctxt!r})" if entry.msgctxt else ""
        )
        if entry.fuzzy:
            found.append(f"{where} is marked fuzzy")
            continue
        if entry.msgid_plural:
            translations = [s for _, s in sorted(entry.msgstr_plural.items())]
            # Chinese has one form: it may use the placeholders of either English form.
            allowed = [_placeholders(entry.msgid), _placeholders(entry.msgid_plural)]
        else:
            translations = [entry.msgstr]
            allowed = [_placeholders(entry.msgid)]
        if not translations or not all(translations):
            found.append(f"{where} has no translation")
            continue
        for text in translations:
            if _placeholders(text) not in allowed:
                found.append(f"{where} has placeholders {_placeholders(text)}, expected {allowed[-1]}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="fail when a .mo file is stale instead of writing it")
    args = parser.parse_args()
    failures = []
    for path in sorted(ROOT.glob("locale/*/LC_MESSAGES/*.po")):
        po = parse_po(path)
        if path.parts[-3] in REQUIRED:
            failures += problems_in(path, po)
        mo = path.with_suffix(".mo")
        data = compile_mo(po)
        if not mo.exists() or mo.read_bytes() != data:
            if args.check:
                failures.append(f"{mo.relative_to(ROOT)} is out of date: run `make messages`")
            else:
                mo.write_bytes(data)
    for line in failures:
        print(line)
    if failures:
        print(f"{len(failures)} translation problem(s).")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
