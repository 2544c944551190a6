"""Resident roster import: read an .xlsx file, check every row, then write all rows or none.

Rows go through `services.check_resident`, the validation the form and the API use, with
`check_database=False`; the database checks (ID numbers, heads, guardians) are then done
for the whole file in a few queries, so 50,000 rows are checked without a query per row.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import idcard, pii, spreadsheets
from core.audit import record_event
from core.spreadsheets import Roster, RosterFormat, RosterMessages, cell_text, read_roster_sheet
from registry import roster_files, services
from registry.models import Household, OrgUnit, Resident, ResidentSearchKey, RosterImport, Tag

logger = logging.getLogger(__name__)

# The file format: these headers are the contract between the template, the export and the
# import, so they are fixed Chinese words and not translated.
ROSTER_SHEET = "居民名册"
INSTRUCTIONS_SHEET = spreadsheets.INSTRUCTIONS_SHEET
COMPOUND, BUILDING, UNIT, ROOM = "小区", "楼栋", "单元", "房号"
NAME, RELATION, ID_NUMBER, GENDER, BIRTH_DATE = "姓名", "与户主关系", "身份证号", "性别", "出生日期"
PHONE, GUARDIAN, TAGS, NEW_HOUSEHOLD = "手机号", "监护人", "标签", "新建户"
COLUMNS = [COMPOUND, BUILDING, UNIT, ROOM, NAME, RELATION, ID_NUMBER, GENDER, BIRTH_DATE, PHONE, GUARDIAN, TAGS]
COLUMNS.append(NEW_HOUSEHOLD)
REQUIRED_COLUMNS = [COMPOUND, BUILDING, ROOM, NAME]
TEXT_COLUMNS = [UNIT, ROOM, ID_NUMBER, PHONE]  # formatted as Text so Excel keeps every digit
ROSTER_FORMAT = RosterFormat(sheet=ROSTER_SHEET, columns=COLUMNS, required=REQUIRED_COLUMNS, text_columns=TEXT_COLUMNS)

R = Resident.Relation
RELATION_LABELS = {
    R.HEAD: "户主",
    R.SPOUSE: "配偶",
    R.CHILD: "子女",
    R.PARENT: "父母",
    R.GRANDCHILD: "孙子女",
    R.GRANDPARENT: "祖父母",
    R.SIBLING: "兄弟姐妹",
    R.CHILD_IN_LAW: "儿媳女婿",
    R.TENANT: "租户",
    R.OTHER: "其他",
}
# Words people write in household registers for the same relations.
RELATION_WORDS = {label: value for value, label in RELATION_LABELS.items()} | {
    "本人": R.HEAD,
    "妻子": R.SPOUSE,
    "丈夫": R.SPOUSE,
    "妻": R.SPOUSE,
    "夫": R.SPOUSE,
    "儿子": R.CHILD,
    "女儿": R.CHILD,
    "子": R.CHILD,
    "女": R.CHILD,
    "父亲": R.PARENT,
    "母亲": R.PARENT,
    "孙子": R.GRANDCHILD,
    "孙女": R.GRANDCHILD,
    "外孙": R.GRANDCHILD,
    "外孙女": R.GRANDCHILD,
    "祖父": R.GRANDPARENT,
    "祖母": R.GRANDPARENT,
    "外祖父": R.GRANDPARENT,
    "外祖母": R.GRANDPARENT,
    "兄弟": R.SIBLING,
    "姐妹": R.SIBLING,
    "儿媳": R.CHILD_IN_LAW,
    "女婿": R.CHILD_IN_LAW,
    "租客": R.TENANT,
}
GENDER_LABELS = {"M": "男", "F": "女"}
GENDER_WORDS = {"男": "M", "女": "F", "M": "M", "F": "F"}
YES_WORDS = {"是", "Y", "YES", "1", "√", "TRUE"}
NO_WORDS = {"", "否", "N", "NO", "0", "FALSE"}
TAG_SEPARATORS = re.compile(r"[、,，;；/\s]+")
FIELD_COLUMNS = {
    "name": NAME,
    "relation": RELATION,
    "id_number": ID_NUMBER,
    "gender": GENDER,
    "birth_date": BIRTH_DATE,
    "phone": PHONE,
    "guardian": GUARDIAN,
}

MAX_ROWS = 100_000
PROGRESS_EVERY = 500
BATCH = 1000


def max_upload_bytes() -> int:
    return getattr(settings, "ROSTER_IMPORT_MAX_BYTES", 20 * 1024 * 1024)


# --- reading the file -------------------------------------------------------------------------


def check_upload(upload: UploadedFile) -> None:
    """Refuse a file that is not an .xlsx workbook, or too large, before it is stored."""
    if not (upload.name or "").lower().endswith(".xlsx"):
        raise ValidationError(
            _("Upload an Excel workbook in .xlsx format. Save .xls or .csv files as .xlsx first (File, Save As).")
        )
    if upload.size > max_upload_bytes():
        raise ValidationError(
            _("The file is larger than %(size)s MB. Split the roster into several files and upload them one by one.")
            % {"size": max_upload_bytes() // (1024 * 1024)}
        )
    try:
        spreadsheets.check_workbook(upload)
    except ValidationError as exc:
        if exc.code != "not_workbook":
            raise
        raise ValidationError(
            _(
                "This file cannot be read as an Excel workbook. Download the template, copy the roster into it, "
                "save it as .xlsx and upload it again."
            )
        ) from None


def read_roster(fh: IO[bytes]) -> Roster:
    """The resident roster's header and rows; ValidationError says what is wrong with the file."""
    messages = RosterMessages(
        no_sheet=_("The workbook has no roster sheet. Use the template and fill in its 居民名册 sheet."),
        empty=_("The roster sheet is empty. Keep the header row and write one resident per row."),
        no_rows=_("The roster sheet has a header but no residents. Write one resident per row."),
    )
    return read_roster_sheet(fh, ROSTER_FORMAT, max_rows=MAX_ROWS, messages=messages)


def _unit(value: str) -> str:
    return value.strip().removesuffix("单元").strip()


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")


def _date(value: Any) -> dt.date | str | None:
    """A birth-date cell as a date, None when empty, or "" when it cannot be read."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar date, not an instant)
        except ValueError:
            continue
    return ""


def _chunks(items: list, size: int | None = None) -> Iterable[list]:
    # SQLite refuses statements with more variables than its limit; PostgreSQL takes 65,535.
    size = size or (900 if connection.vendor == "sqlite" else 10_000)
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- checking the rows --------------------------------------------------------------------------


@dataclass
class _Plan:
    """One good row, ready to be written."""

    row: int
    cleaned: dict[str, Any]
    household_id: int | None
    new_household: tuple[int, str, str] | None  # (building id, unit, room) to create
    tag_ids: list[int]
    id_hash: str
    guardian_text: str
    guardian_id: int | None = None
    guardian_index: int | None = None  # a guardian who is another row of the file

    @property
    def household_key(self) -> Any:
        return self.household_id or self.new_household


@dataclass
class _Registry:
    """What the rows are checked against: one community's places, households and tags."""

    community: OrgUnit
    compounds: dict[str, int] = field(default_factory=dict)
    buildings: dict[tuple[int, str], int] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    parents: dict[int, int] = field(default_factory=dict)
    households: dict[tuple[int, str, str], int] = field(default_factory=dict)
    tags: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, community: OrgUnit) -> _Registry:
        reg = cls(community=community)
        places = OrgUnit.objects.filter(
            community=community, kind__in=[OrgUnit.Kind.COMPOUND, OrgUnit.Kind.BUILDING]
        ).values_list("pk", "kind", "name", "parent_id")
        for pk, kind, name, parent_id in places:
            reg.names[pk], reg.parents[pk] = name, parent_id
            if kind == OrgUnit.Kind.COMPOUND:
                reg.compounds[name.strip()] = pk
            else:
                reg.buildings[(parent_id, name.strip())] = pk
        for pk, building_id, unit, room in Household.objects.filter(community=community).values_list(
            "pk", "building_id", "unit", "room"
        ):
            reg.households[(building_id, _unit(unit), room.strip())] = pk
        for tag in services.tags_for_community(community, Tag.AppliesTo.RESIDENT):
            for label in (tag.name, tag.name_en.lower(), tag.code):
                if label:
                    reg.tags.setdefault(label, tag.pk)
        return reg

    def building(self, compound_id: int, name: str) -> int | None:
        # "1" written for "1栋" (or typed as a number) is the same building.
        for candidate in (name, f"{name}栋", f"{name}号楼", f"{name}幢"):
            if (compound_id, candidate) in self.buildings:
                return self.buildings[(compound_id, candidate)]
        return None


class _Checker:
    """Checks rows one by one, then the whole file against itself and the database."""

    def __init__(self, registry: _Registry, roster: Roster):
        self.reg = registry
        self.columns = roster.columns
        self.errors: list[dict[str, Any]] = []
        self.plans: list[_Plan] = []

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append({"row": row, "column": column, "message": str(message)})

    def cell(self, cells: list[Any], column: str) -> Any:
        index = self.columns.get(column)
        return cells[index] if index is not None and index < len(cells) else None

    def check_rows(self, rows: list[tuple[int, list[Any]]], progress: Callable[[int], None]) -> None:
        for done, (number, cells) in enumerate(rows, start=1):
            self.check_row(number, cells)
            if done % PROGRESS_EVERY == 0:
                progress(done)
        progress(len(rows))
        self.check_file()
        self.errors.sort(key=lambda e: (e["row"], COLUMNS.index(e["column"]) if e["column"] in COLUMNS else 99))

    def check_row(self, number: int, cells: list[Any]) -> None:
        bad_before = len(self.errors)
        household_id, new_household = self.check_place(number, cells)
        relation_word = cell_text(self.cell(cells, RELATION))
        relation = RELATION_WORDS.get(relation_word, R.OTHER if not relation_word else None)
        if relation is None:
            self.error(
                number,
                RELATION,
                _("%(value)s is not a relation this registry knows. Write one of: %(choices)s.")
                % {"value": relation_word, "choices": "、".join(RELATION_LABELS.values())},
            )
        gender_word = cell_text(self.cell(cells, GENDER)).upper()
        gender = GENDER_WORDS.get(gender_word)
        if gender_word and gender is None:
            self.error(number, GENDER, _("Write 男 or 女, or leave it empty to read it from the ID-card number."))
        birth_date = _date(self.cell(cells, BIRTH_DATE))
        if birth_date == "":
            self.error(
                number,
                BIRTH_DATE,
                _(
                    "Write the birth date as a date such as 1985-02-03, or leave it empty to read it from the ID-card number."
                ),
            )
        raw_id = self.cell(cells, ID_NUMBER)
        # A number cell has kept 15 significant digits at most, and never an X: it cannot be trusted.
        id_is_number = isinstance(raw_id, int | float) and not isinstance(raw_id, bool)
        id_number = "" if id_is_number else cell_text(raw_id)
        if id_is_number:
            self.error(
                number,
                ID_NUMBER,
                _(
                    "This ID-card number was saved as a number, so Excel has already changed its last digits "
                    "(and cannot keep an X). Format the %(column)s column as Text, type the number again and "
                    "upload the file again."
                )
                % {"column": ID_NUMBER},
            )
        elif "*" in id_number:
            id_number = ""
            self.error(
                number,
                ID_NUMBER,
                _("This ID-card number is masked. Type the full number, or start from an export with full values."),
            )
        tag_ids = self.check_tags(number, cell_text(self.cell(cells, TAGS)))
        guardian_text = cell_text(self.cell(cells, GUARDIAN))
        try:
            cleaned = services.check_resident(
                name=cell_text(self.cell(cells, NAME)),
                gender=gender,
                birth_date=birth_date or None,
                id_number=id_number,
                phone=cell_text(self.cell(cells, PHONE)),
                relation=relation or R.OTHER,
                household=None,
                guardian=None,
                guardian_name=guardian_text,
                check_database=False,
            )
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                column = FIELD_COLUMNS.get(name, NAME)
                if any(e["row"] == number and e["column"] == column for e in self.errors[bad_before:]):
                    continue  # the cell was already refused with a more precise message
                if name in ("birth_date", "gender") and any(
                    e["row"] == number and e["column"] == ID_NUMBER for e in self.errors[bad_before:]
                ):
                    continue  # they are read from the ID number once it is typed again
                self.error(number, column, messages[0])
            return
        if len(self.errors) > bad_before:
            return
        self.plans.append(
            _Plan(
                row=number,
                cleaned=cleaned,
                household_id=household_id,
                new_household=new_household,
                tag_ids=tag_ids,
                id_hash=pii.keyed_hash(cleaned["id_number"]),
                guardian_text=cleaned["guardian_name"],
            )
        )

    def check_place(self, number: int, cells: list[Any]) -> tuple[int | None, tuple[int, str, str] | None]:
        """The row's household id, or the address of a household to create; (None, None) when refused."""
        building_id = self.check_building(number, cells)
        unit, room = _unit(cell_text(self.cell(cells, UNIT))), cell_text(self.cell(cells, ROOM))
        create = cell_text(self.cell(cells, NEW_HOUSEHOLD)).upper()
        if create not in YES_WORDS | NO_WORDS:
            self.error(
                number, NEW_HOUSEHOLD, _("Write 是 to create a new household at this address, or leave it empty.")
            )
        if len(unit) > 10:
            self.error(number, UNIT, _("An entrance has at most 10 characters, for example 2 or 2单元."))
        if not room or len(room) > 20:
            self.error(number, ROOM, _("Enter the room number (at most 20 characters), for example 301."))
        elif building_id is not None and len(unit) <= 10:
            key = (building_id, unit, room)
            if key in self.reg.households:
                return self.reg.households[key], None
            if create in YES_WORDS:
                return None, key
            compound_name = self.reg.names[self.reg.parents[building_id]]
            address = Household.format_address(compound_name, self.reg.names[building_id], unit, room)
            self.error(
                number,
                ROOM,
                _(
                    "No household is registered at %(address)s. Register the household first, or write 是 in the "
                    "%(column)s column to create it with this import."
                )
                % {"address": address, "column": NEW_HOUSEHOLD},
            )
        return None, None

    def check_building(self, number: int, cells: list[Any]) -> int | None:
        """The building named by the row, among the community's own; None (and an error) otherwise."""
        compound_name = cell_text(self.cell(cells, COMPOUND))
        building_name = cell_text(self.cell(cells, BUILDING))
        compound_id = self.reg.compounds.get(compound_name)
        if not compound_name:
            self.error(number, COMPOUND, _("Enter the compound's name."))
        elif compound_id is None:
            self.error(
                number,
                COMPOUND,
                _("There is no compound named %(name)s in %(community)s. Check the spelling, or register it first.")
                % {"name": compound_name, "community": self.reg.community.name},
            )
        elif not building_name:
            self.error(number, BUILDING, _("Enter the building's name, for example 1栋."))
        elif (building_id := self.reg.building(compound_id, building_name)) is None:
            self.error(
                number,
                BUILDING,
                _("Compound %(compound)s has no building named %(name)s. Check the spelling, or register it first.")
                % {"compound": compound_name, "name": building_name},
            )
        else:
            return building_id
        return None

    def check_tags(self, number: int, text: str) -> list[int]:
        labels = [t for t in TAG_SEPARATORS.split(text) if t]
        unknown = [t for t in labels if t not in self.reg.tags and t.lower() not in self.reg.tags]
        if unknown:
            self.error(
                number,
                TAGS,
                _("There is no tag named %(names)s. Use the tag names of the registry, separated by 、.")
                % {"names": "、".join(unknown)},
            )
        return sorted({self.reg.tags.get(t) or self.reg.tags[t.lower()] for t in labels if t not in unknown})

    # The checks below see the whole file at once, and the database in a few queries.

    def check_file(self) -> None:
        self.check_id_numbers()
        self.check_heads()
        self.resolve_guardians()

    def check_id_numbers(self) -> None:
        rows: dict[str, list[int]] = defaultdict(list)
        for plan in self.plans:
            if plan.id_hash:
                rows[plan.id_hash].append(plan.row)
        for numbers in rows.values():
            if len(numbers) > 1:
                for number in numbers:
                    self.error(
                        number,
                        ID_NUMBER,
                        _("The same ID-card number is on rows %(rows)s. List each resident only once.")
                        % {"rows": "、".join(map(str, numbers))},
                    )
        registered: set[str] = set()
        for chunk in _chunks(list(rows)):
            registered.update(
                Resident.objects.filter(id_number_hash__in=chunk).values_list("id_number_hash", flat=True)
            )
        for plan in self.plans:
            if plan.id_hash in registered:
                self.error(plan.row, ID_NUMBER, _("A resident with this ID-card number is already registered."))

    def check_heads(self) -> None:
        heads: dict[Any, list[int]] = defaultdict(list)
        for plan in self.plans:
            if plan.cleaned["relation"] == R.HEAD:
                heads[plan.household_key].append(plan.row)
        existing = [k for k in heads if isinstance(k, int)]
        headed: set[int] = set()
        for chunk in _chunks(existing):
            headed.update(
                Resident.objects.filter(
                    household_id__in=chunk, relation=R.HEAD, status=Resident.Status.ACTIVE
                ).values_list("household_id", flat=True)
            )
        for key, numbers in heads.items():
            for number in numbers:
                if key in headed:
                    self.error(
                        number,
                        RELATION,
                        _("This household already has a head in the registry; choose another relation."),
                    )
                elif len(numbers) > 1:
                    self.error(
                        number,
                        RELATION,
                        _("Rows %(rows)s all name a head (户主) for the same household; a household has one head.")
                        % {"rows": "、".join(map(str, numbers))},
                    )

    def resolve_guardians(self) -> None:
        """A guardian named by ID number is found in the file or the community; by name, in the household."""
        wanted = [p for p in self.plans if p.guardian_text]
        if not wanted:
            return
        by_hash = {p.id_hash: i for i, p in enumerate(self.plans) if p.id_hash}
        by_name = {(p.household_key, p.cleaned["name"]): i for i, p in reversed(list(enumerate(self.plans)))}
        id_hashes = [
            pii.keyed_hash(idcard.normalize(p.guardian_text)) for p in wanted if _looks_like_id(p.guardian_text)
        ]
        names = sorted({p.guardian_text for p in wanted if not _looks_like_id(p.guardian_text)})
        db_by_hash: dict[str, int] = {}
        for chunk in _chunks(id_hashes):
            db_by_hash.update(
                Resident.objects.filter(community=self.reg.community, id_number_hash__in=chunk).values_list(
                    "id_number_hash", "pk"
                )
            )
        db_by_name: dict[tuple[int, str], int] = {}
        for chunk in _chunks(names):
            for pk, household_id, name in Resident.objects.filter(
                community=self.reg.community, name__in=chunk, status=Resident.Status.ACTIVE
            ).values_list("pk", "household_id", "name"):
                db_by_name.setdefault((household_id, name), pk)
        index = {id(p): i for i, p in enumerate(self.plans)}
        for plan in wanted:
            text = plan.guardian_text
            if _looks_like_id(text):
                digest = pii.keyed_hash(idcard.normalize(text))
                plan.guardian_index = by_hash.get(digest)
                plan.guardian_id = None if plan.guardian_index is not None else db_by_hash.get(digest)
                if plan.guardian_index is None and plan.guardian_id is None:
                    self.error(
                        plan.row,
                        GUARDIAN,
                        _(
                            "No resident with this ID-card number is in the file or registered in this community. "
                            "Write the guardian's name instead."
                        ),
                    )
                    continue
            else:
                plan.guardian_index = by_name.get((plan.household_key, text))
                if plan.guardian_index is None and isinstance(plan.household_key, int):
                    plan.guardian_id = db_by_name.get((plan.household_key, text))
            if plan.guardian_index == index[id(plan)]:
                self.error(plan.row, GUARDIAN, _("A resident cannot be their own guardian."))
            elif plan.guardian_index is not None or plan.guardian_id is not None:
                plan.guardian_text = ""  # linked to the registry record, not kept as a free name


def _looks_like_id(text: str) -> bool:
    return len(idcard.normalize(text)) == 18 and idcard.normalize(text)[:17].isdigit()


# --- writing ----------------------------------------------------------------------------------------


def _write(*, by: Any, roster_import: RosterImport, registry: _Registry, plans: list[_Plan]) -> None:
    """Write every planned row, their search keys and tags, and one audit row. Call inside a transaction."""
    community = registry.community
    new_keys = sorted({p.new_household for p in plans if p.new_household})
    households = []
    for building_id, unit, room in new_keys:
        compound_id = registry.parents[building_id]
        address = Household.format_address(registry.names[compound_id], registry.names[building_id], unit, room)
        households.append(
            Household(
                county_id=community.county_id,
                community=community,
                compound_id=compound_id,
                building_id=building_id,
                unit=unit,
                room=room,
                address=address,
                sort_key=Household.address_sort_key(address),
            )
        )
    Household.objects.bulk_create(households, batch_size=BATCH)
    new_ids = {key: h.pk for key, h in zip(new_keys, households, strict=True)}
    residents = []
    for plan in plans:
        c = plan.cleaned
        residents.append(
            Resident(
                county_id=community.county_id,
                community_id=community.pk,
                household_id=plan.household_id or new_ids[plan.new_household],
                relation=c["relation"],
                name=c["name"],
                gender=c["gender"],
                birth_date=c["birth_date"],
                guardian_id=plan.guardian_id,
                guardian_name=plan.guardian_text,
                **services.pii_columns(id_number=c["id_number"], phone=c["phone"]),
            )
        )
    Resident.objects.bulk_create(residents, batch_size=BATCH)
    wards = []
    for plan, resident in zip(plans, residents, strict=True):
        if plan.guardian_index is not None:
            resident.guardian_id = residents[plan.guardian_index].pk
            wards.append(resident)
    Resident.objects.bulk_update(wards, ["guardian"], batch_size=BATCH)
    keys = [key for resident in residents for key in services.search_key_rows(resident)]
    ResidentSearchKey.objects.bulk_create(keys, batch_size=BATCH * 2)
    through = Resident.tags.through
    links = [through(resident_id=r.pk, tag_id=t) for p, r in zip(plans, residents, strict=True) for t in p.tag_ids]
    through.objects.bulk_create(links, batch_size=BATCH * 2)
    record_event(
        by=by,
        action="registry.roster.import",
        obj=roster_import,
        community_id=community.pk,
        county_id=community.county_id,
        details={"rows": roster_import.total_rows, "residents": len(residents), "households_created": len(households)},
    )
    roster_import.created_rows = len(residents)


# --- the import as a whole ------------------------------------------------------------------------------


def _finish(roster_import: RosterImport, status: str, errors: list[dict[str, Any]] | None = None) -> None:
    roster_import.status = status
    roster_import.errors = errors or []
    roster_import.finished_at = timezone.now()
    roster_import.save(update_fields=["status", "errors", "finished_at", "created_rows", "processed_rows"])


def import_roster(*, by: Any, roster_import: RosterImport) -> RosterImport:
    """Check every row of a queued import; write all of them in one transaction, or none.

    Messages are written in the active language. An import already started is left alone,
    so a task that runs twice does not import twice.
    """
    claimed = RosterImport.objects.filter(pk=roster_import.pk, status=RosterImport.Status.QUEUED).update(
        status=RosterImport.Status.VALIDATING
    )
    roster_import.refresh_from_db()
    if not claimed:
        return roster_import
    try:
        _run(by=by, roster_import=roster_import)
    except Exception:
        logger.exception("roster import %s stopped", roster_import.pk)
        roster_import.created_rows = 0
        message = _("The import stopped because of an unexpected error. No resident was written; try again later.")
        _finish(roster_import, RosterImport.Status.ERROR, [{"row": None, "column": "", "message": message}])
        raise
    finally:
        # The upload holds every resident's ID number: keep it no longer than needed. (A worker
        # killed before this point leaves it, encrypted, for a retry: see registry.import_runs.)
        roster_files.delete_stored(roster_import)
    return roster_import


# Re-analyse only when an import grew the registry by more than a tenth: ANALYZE of three
# county-sized tables costs seconds, and a few hundred rows more do not change any plan.
ANALYZE_FRACTION = 10


def refresh_statistics(*, written: int) -> bool:
    """After a large bulk write, let the planner see the new rows; answers whether it analysed.

    The size check counts at most `written * ANALYZE_FRACTION + 1` residents, so it costs no
    more than the import itself, however large the county.
    """
    if written <= 0:
        return False
    bound = written * ANALYZE_FRACTION
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM (SELECT 1 FROM registry_resident LIMIT %s) AS bounded", [bound + 1])
        if cursor.fetchone()[0] > bound:
            return False
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA optimize")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE registry_resident, registry_residentsearchkey, registry_household")
    return True


def _run(*, by: Any, roster_import: RosterImport) -> None:
    try:
        with roster_files.open_stored(roster_import) as fh:
            roster = read_roster(fh)
    except ValidationError as exc:
        _finish(roster_import, RosterImport.Status.FAILED, [{"row": 1, "column": "", "message": exc.messages[0]}])
        return
    roster_import.total_rows = len(roster.rows)
    roster_import.save(update_fields=["total_rows"])

    def progress(done: int) -> None:
        roster_import.processed_rows = done
        RosterImport.objects.filter(pk=roster_import.pk).update(processed_rows=done)

    registry = _Registry.load(roster_import.community)
    checker = _Checker(registry, roster)
    checker.check_rows(roster.rows, progress)
    if checker.errors:
        _finish(roster_import, RosterImport.Status.FAILED, checker.errors)
        return
    roster_import.status = RosterImport.Status.WRITING
    roster_import.save(update_fields=["status"])
    try:
        with transaction.atomic():
            _write(by=by, roster_import=roster_import, registry=registry, plans=checker.plans)
            roster_files.wait_at_write_gate()
            _finish(roster_import, RosterImport.Status.DONE)
        refresh_statistics(written=roster_import.created_rows)
    except IntegrityError:
        # Someone registered one of these residents (or a head) between the check and the write.
        roster_import.created_rows = 0
        message = _(
            "While the file was being checked, someone registered one of its residents or heads of household. "
            "No resident was written; upload the file again to see which rows clash."
        )
        _finish(roster_import, RosterImport.Status.FAILED, [{"row": None, "column": "", "message": message}])
