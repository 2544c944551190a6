"""Chinese resident ID-card numbers (GB 11643-1999): 17 digits and a check character."""

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
# First two digits: the province-level division (GB/T 2260).
_PROVINCES = {
    "11",
    "12",
    "13",
    "14",
    "15",
    "21",
    "22",
    "23",
    "31",
    "32",
    "33",
    "34",
    "35",
    "36",
    "37",
    "41",
    "42",
    "43",
    "44",
    "45",
    "46",
    "50",
    "51",
    "52",
    "53",
    "54",
    "61",
    "62",
    "63",
    "64",
    "65",
    "71",
    "81",
    "82",
    "83",
}
_SHAPE = re.compile(r"^\d{17}[\dX]$")

MSG_SHAPE = _("An ID-card number has 18 characters: 17 digits and a last digit or X.")
MSG_REGION = _("The first two digits of the ID-card number are not a province code; check the number.")
MSG_BIRTH = _("Digits 7 to 14 of the ID-card number are not a valid birth date; check the number.")
MSG_CHECKSUM = _("The ID-card number's check digit does not match; one of its digits is wrong.")


@dataclass(frozen=True)
class IdCard:
    number: str
    birth_date: dt.date
    gender: str  # "M" or "F", from the 17th digit's parity

    @property
    def last4(self) -> str:
        return self.number[-4:]


def check_digit(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def normalize(raw: str) -> str:
    return (raw or "").strip().replace(" ", "").upper()


def parse_id_number(raw: str, *, today: dt.date | None = None) -> IdCard:
    """Validate an ID-card number and read the birth date and gender it encodes."""
    number = normalize(raw)
    if not _SHAPE.match(number):
        raise ValidationError(MSG_SHAPE, code="id_shape")
    if number[:2] not in _PROVINCES:
        raise ValidationError(MSG_REGION, code="id_region")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(MSG_BIRTH, code="id_birth") from None
    today = today or dt.date.today()  # noqa: DTZ011 (a birth date is a calendar date, not an instant)
    if birth > today or birth.year < 1880:
        raise ValidationError(MSG_BIRTH, code="id_birth")
    if check_digit(number[:17]) != number[17]:
        raise ValidationError(MSG_CHECKSUM, code="id_checksum")
    return IdCard(number=number, birth_date=birth, gender="M" if int(number[16]) % 2 else "F")


def make_id_number(*, region: str, birth_date: dt.date, sequence: int, gender: str) -> str:
    """Build a valid number (demo data and tests); the sequence's last digit carries the gender."""
    order = (sequence % 500) * 2 + (1 if gender == "M" else 0)
    first17 = f"{region}{birth_date:%Y%m%d}{order:03d}"
    return first17 + check_digit(first17)
