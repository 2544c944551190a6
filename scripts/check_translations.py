"""Check the translations and compile them, without GNU gettext.

Every zh_Hans message must be translated and not fuzzy, and its placeholders must match
the English ones. The .mo files are compiled here (pure Python) so a machine with only
Python can build them; `--check` fails instead when a committed .mo is out of date.
"""

import argparse
import ast
import re
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
REQUIRED = {"zh_Hans"}  # English msgids are the source; en.po may stay empty.


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file as dicts of msgctxt/msgid/msgid_plural/msgstr[n] and flags."""
    entries: list[dict] = []
    entry: dict = {}
    key = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        # A msgid starts a new entry unless it follows its own msgctxt (which has no msgstr yet).
        starts_entry = line.startswith(("#,", "msgctxt ", "msgid "))
        if starts_entry and any(k.startswith("msgstr") for k in entry):
            entries.append(entry)
            entry, key = {}, None
        if line.startswith("#~"):  # obsolete entries do not count
            key = None
            continue
        if line.startswith("#,"):
            entry["flags"] = {f.strip() for f in line[2:].split(",")}
        elif match := re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$", line):
            key = match.group(1)
            entry[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and key:
            entry[key] += ast.literal_eval(line)
    if any(k.startswith("msgstr") for k in entry):
        entries.append(entry)
    return entries


def compile_mo(entries: list[dict]) -> bytes:
    messages = {}
    for e in entries:
        if "fuzzy" in e.get("flags", set()) and e["msgid"]:
            continue
        msgid = e["msgid"]
        if "msgid_plural" in e:
            msgid += "\0" + e["msgid_plural"]
            strs = [e[k] for k in sorted(k for k in e if k.startswith("msgstr["))]
            if not all(strs):
                continue
            msgstr = "\0".join(strs)
        else:
            msgstr = e.get("msgstr", "")
            if not msgstr:
                continue
        if "msgctxt" in e:
            msgid = e["msgctxt"] + "\x04" + msgid
        messages[msgid] = msgstr
    keys = sorted(messages)
    ids = b"".join(k.encode() + b"\0" for k in keys)
    strs = b"".join(messages[k].encode() + b"\0" for k in keys)
    n = len(keys)
    key_start = 7 * 4 + 16 * n
    value_start = key_start + len(ids)
    koffsets, voffsets, ko, vo = [], [], 0, 0
    for k in keys:
        kb, vb = k.encode(), messages[k].encode()
        koffsets += [len(kb), key_start + ko]
        voffsets += [len(vb), value_start + vo]
        ko += len(kb) + 1
        vo += len(vb) + 1
    header = struct.pack("Iiiiiii", 0x950412DE, 0, n, 7 * 4, 7 * 4 + n * 8, 0, 0)
    return header + struct.pack(f"{2 * n}i", *koffsets) + struct.pack(f"{2 * n}i", *voffsets) + ids + strs


def problems_in(path: Path, entries: list[dict]) -> list[str]:
    found = []
    for e in entries:
        if not e["msgid"]:
            continue
        where = f"{path.relative_to(ROOT)}: {e['msgid'][:60]!r}"
        strs = [e[k] for k in e if k.startswith("msgstr")]
        if "fuzzy" in e.get("flags", set()):
            found.append(f"{where} is marked fuzzy")
        elif not all(strs):
            found.append(f"{where} has no translation")
        else:
            want = sorted(PLACEHOLDER.findall(e["msgid"]))
            for s in strs:
                if sorted(PLACEHOLDER.findall(s)) != want and "msgid_plural" not in e:
                    found.append(f"{where} has placeholders {sorted(PLACEHOLDER.findall(s))}, expected {want}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="fail when a .mo file is stale instead of writing it")
    args = parser.parse_args()
    failures = []
    for po in sorted(ROOT.glob("locale/*/LC_MESSAGES/*.po")):
        entries = parse_po(po)
        if po.parts[-3] in REQUIRED:
            failures += problems_in(po, entries)
        mo = po.with_suffix(".mo")
        data = compile_mo(entries)
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
