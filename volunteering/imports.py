"""Volunteer roster import: read an .xlsx file, check every row, then register all rows or none.

Rows go through `services.check_volunteer`, the validation of the sign-up form and the API;
the file is then checked against itself (an ID number twice). Good rows are registered with
`services.register_volunteer`, one call per row inside one transaction, so numbering, resident
links, team memberships and audit rows are exactly those of a registration on the page.

The import runs in the request, for files of up to MAX_ROWS rows (about two seconds per
thousand rows on SQLite): there is no model to keep a volunteer import's progress and errors
for a background task, and registry.RosterImport is the residents' own (its list and result
pages would show a volunteer import as a resident import).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core import idcard, pii
from core.audit import record_event
from core.spreadsheets import INSTRUCTIONS_SHEET, Roster, RosterFormat, RosterMessages, cell_text, read_roster_sheet
from registry.imports import TAG_SEPARATORS, check_upload
from registry.models import OrgUnit
from volunteering import queries, services
from volunteering.models import Skill, Team, Volunteer

__all__ = ["COLUMNS", "INSTRUCTIONS_SHEET", "ROSTER_SHEET", "ImportResult", "check_upload", "import_roster"]

# The file format: these headers are the contract between the template and the import, so they
# are fixed Chinese words and not translated.
ROSTER_SHEET = "志愿者名册"
NAME, PHONE, ID_TYPE, ID_NUMBER = "姓名", "手机号", "证件类型", "证件号码"
SKILLS, QUALIFICATIONS, POLITICAL, TEAMS, AVAILABILITY = "技能", "专业资质", "政治面貌", "服务队", "可服务时间"
COLUMNS = [NAME, PHONE, ID_TYPE, ID_NUMBER, SKILLS, QUALIFICATIONS, POLITICAL, TEAMS, AVAILABILITY]
REQUIRED_COLUMNS = [NAME, PHONE, ID_NUMBER]
TEXT_COLUMNS = [PHONE, ID_NUMBER]  # formatted as Text so Excel keeps every digit
ROSTER_FORMAT = RosterFormat(sheet=ROSTER_SHEET, columns=COLUMNS, required=REQUIRED_COLUMNS, text_columns=TEXT_COLUMNS)
FIELD_COLUMNS = {"name": NAME, "phone": PHONE, "id_type": ID_TYPE, "id_number": ID_NUMBER}

T, P = Volunteer.IdType, Volunteer.PoliticalStatus
ID_TYPE_LABELS = {
    T.RESIDENT_ID: "居民身份证",
    T.HK_MACAO: "港澳居民来往内地通行证",
    T.TAIWAN: "台湾居民来往大陆通行证",
    T.PASSPORT: "护照",
}
ID_TYPE_WORDS = {label: value for value, label in ID_TYPE_LABELS.items()} | {
    "身份证": T.RESIDENT_ID,
    "居民身份证号": T.RESIDENT_ID,
    "港澳通行证": T.HK_MACAO,
    "回乡证": T.HK_MACAO,
    "台胞证": T.TAIWAN,
    "台湾通行证": T.TAIWAN,
}
POLITICAL_LABELS = {P.PARTY_MEMBER: "中共党员", P.LEAGUE_MEMBER: "共青团员", P.MASSES: "群众", P.OTHER: "其他"}
POLITICAL_WORDS = {label: value for value, label in POLITICAL_LABELS.items()} | {
    "党员": P.PARTY_MEMBER,
    "中共预备党员": P.PARTY_MEMBER,
    "预备党员": P.PARTY_MEMBER,
    "团员": P.LEAGUE_MEMBER,
}

MAX_ROWS = 2000


# --- reading the file -------------------------------------------------------------------------


def read_roster(fh: IO[bytes]) -> Roster:
    """The volunteer roster's header and rows; ValidationError says what is wrong with the file."""
    messages = RosterMessages(
        no_sheet=_("The workbook has no roster sheet. Use the template and fill in its %(sheet)s sheet.")
        % {"sheet": ROSTER_SHEET},
        empty=_("The roster sheet is empty. Keep the header row and write one volunteer per row."),
        no_rows=_("The roster sheet has a header but no volunteers. Write one volunteer per row."),
    )
    return read_roster_sheet(fh, ROSTER_FORMAT, max_rows=MAX_ROWS, messages=messages)


# --- checking the rows --------------------------------------------------------------------------


@dataclass
class _Plan:
    """One good row, ready to be registered."""

    row: int
    cleaned: dict[str, Any]
    skills: list[Skill]
    teams: list[Team]
    political_status: str
    qualifications: str
    availability: str


@dataclass
class _Checker:
    community: OrgUnit
    columns: dict[str, int]
    errors: list[dict[str, Any]] = field(default_factory=list)
    plans: list[_Plan] = field(default_factory=list)
    skills: dict[str, Skill] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # The skills on offer (built-in and the community's own) and the community's teams, by name.
        for skill in queries.skills_for([self.community.pk]):
            for label in (skill.name, skill.name_en.lower(), skill.code):
                if label:
                    self.skills.setdefault(label, skill)
        self.teams = {team.name: team for team in queries.community_teams(self.community)}

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append({"row": row, "column": column, "message": str(message)})

    def cell(self, cells: list[Any], column: str) -> Any:
        index = self.columns.get(column)
        return cells[index] if index is not None and index < len(cells) else None

    def check(self, rows: list[tuple[int, list[Any]]]) -> None:
        for number, cells in rows:
            self.check_row(number, cells)
        self.check_duplicates()
        self.errors.sort(key=lambda e: (e["row"] or 0, COLUMNS.index(e["column"]) if e["column"] in COLUMNS else 99))

    def check_row(self, number: int, cells: list[Any]) -> None:
        bad_before = len(self.errors)
        id_type = self.choice(number, ID_TYPE, cell_text(self.cell(cells, ID_TYPE)), ID_TYPE_WORDS, ID_TYPE_LABELS)
        political = self.choice(
            number, POLITICAL, cell_text(self.cell(cells, POLITICAL)), POLITICAL_WORDS, POLITICAL_LABELS
        )
        id_number = self.id_number(number, self.cell(cells, ID_NUMBER))
        skills = self.names(number, cells, SKILLS, self.skills, _("There is no skill named %(names)s."))
        teams = self.names(number, cells, TEAMS, self.teams, _("%(community)s has no team named %(names)s."))
        name = cell_text(self.cell(cells, NAME))
        qualifications = cell_text(self.cell(cells, QUALIFICATIONS))
        availability = cell_text(self.cell(cells, AVAILABILITY))
        for column, value, limit in (
            (NAME, name, 50),
            (QUALIFICATIONS, qualifications, 200),
            (AVAILABILITY, availability, 200),
        ):
            if len(value) > limit:
                self.error(number, column, _("Write at most %(count)s characters here.") % {"count": limit})
        # An ID number is checked by its type: with the type refused, its message would mislead.
        refused = {ID_NUMBER} if id_type is None and cell_text(self.cell(cells, ID_TYPE)) else set()
        try:
            cleaned = services.check_volunteer(
                name=name,
                phone=cell_text(self.cell(cells, PHONE)),
                id_type=id_type or T.RESIDENT_ID,
                id_number=id_number,
            )
        except ValidationError as exc:
            for field_name, messages in _by_field(exc).items():
                column = FIELD_COLUMNS.get(field_name, NAME)
                done = {e["column"] for e in self.errors[bad_before:]} | refused
                if column not in done:
                    self.error(number, column, messages[0])
            return
        if len(self.errors) > bad_before:
            return
        self.plans.append(_Plan(number, cleaned, skills, teams, political or P.MASSES, qualifications, availability))

    def choice(self, number: int, column: str, text: str, words: dict, labels: dict) -> str | None:
        """The value a word of a list column stands for; None when the cell is empty or refused."""
        if text and text not in words:
            self.error(
                number,
                column,
                _("%(value)s is not on the list. Write one of: %(choices)s.")
                % {"value": text, "choices": "、".join(labels.values())},
            )
        return words.get(text)

    def id_number(self, number: int, raw: Any) -> str:
        # A number cell has kept 15 significant digits at most, and never an X: it cannot be trusted.
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            self.error(
                number,
                ID_NUMBER,
                _(
                    "This ID number was saved as a number, so Excel has already changed its last digits "
                    "(and cannot keep an X). Format the %(column)s column as Text, type the number again and "
                    "upload the file again."
                )
                % {"column": ID_NUMBER},
            )
            return ""  # the column is refused already; the check's own message is left out
        text = cell_text(raw)
        if "*" in text:
            self.error(number, ID_NUMBER, _("This ID number is masked. Type the full number."))
            return ""
        return text

    def names(self, number: int, cells: list[Any], column: str, known: dict, message: str) -> list:
        labels = [t for t in TAG_SEPARATORS.split(cell_text(self.cell(cells, column))) if t]
        found = [known.get(t) or known.get(t.lower()) for t in labels]
        unknown = [t for t, item in zip(labels, found, strict=True) if item is None]
        if unknown:
            self.error(
                number,
                column,
                message % {"names": "、".join(unknown), "community": self.community.name}
                + " "
                + _("Use the names shown in Linli, separated by 、."),
            )
        return list({item.pk: item for item in found if item is not None}.values())

    def check_duplicates(self) -> None:
        rows: dict[str, list[int]] = defaultdict(list)
        for plan in self.plans:
            rows[pii.keyed_hash(idcard.normalize(plan.cleaned["id_number"]))].append(plan.row)
        for numbers in rows.values():
            if len(numbers) > 1:
                for number in numbers:
                    self.error(
                        number,
                        ID_NUMBER,
                        _("The same ID number is on rows %(rows)s. List each volunteer only once.")
                        % {"rows": "、".join(map(str, numbers))},
                    )


def _by_field(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"name": exc.messages}


# --- the import as a whole ------------------------------------------------------------------------


@dataclass
class ImportResult:
    total: int = 0
    created: int = 0
    # [{"row": 7, "column": "证件号码", "message": "..."}]: every bad row, not just the first.
    errors: list[dict[str, Any]] = field(default_factory=list)


def _register(*, by: Any, community: OrgUnit, checker: _Checker, result: ImportResult) -> None:
    """Register every planned row, or roll all of them back; call inside a transaction."""
    for plan in checker.plans:
        try:
            services.register_volunteer(
                by=by,
                community=community,
                skills=plan.skills,
                teams=plan.teams,
                political_status=plan.political_status,
                qualifications=plan.qualifications,
                availability=plan.availability,
                **{k: plan.cleaned[k] for k in ("name", "phone", "id_type", "id_number")},
            )
        except ValidationError as exc:
            # Someone registered the same person between the check and now.
            for name, messages in _by_field(exc).items():
                checker.error(plan.row, FIELD_COLUMNS.get(name, NAME), messages[0])
    if checker.errors:
        transaction.set_rollback(True)
        result.errors = checker.errors
        return
    result.created = len(checker.plans)
    record_event(
        by=by,
        action="volunteering.roster.import",
        obj=community,
        community_id=community.pk,
        county_id=community.county_id,
        details={"rows": result.total, "volunteers": result.created},
    )


def import_roster(*, by: Any, community: OrgUnit, fh: IO[bytes]) -> ImportResult:
    """Check every row of a roster; register all of them in one transaction, or none.

    The caller checks that `by` manages `community`. Registrations by staff are approved at once.
    """
    try:
        roster = read_roster(fh)
    except ValidationError as exc:
        return ImportResult(errors=[{"row": 1, "column": "", "message": exc.messages[0]}])
    checker = _Checker(community=community, columns=roster.columns)
    checker.check(roster.rows)
    result = ImportResult(total=len(roster.rows), errors=checker.errors)
    if checker.errors:
        return result
    try:
        with transaction.atomic():
            _register(by=by, community=community, checker=checker, result=result)
    except IntegrityError:
        # A unique constraint caught what the checks could not see: a registration made meanwhile.
        message = _(
            "While the file was being checked, someone registered one of its volunteers. Nobody was "
            "registered; upload the file again to see which rows clash."
        )
        result.created, result.errors = 0, [{"row": None, "column": "", "message": message}]
    return result
