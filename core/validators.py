"""Checks every piece of text and every number from outside passes before it reaches a service or a query.

Both databases must refuse alike: PostgreSQL refuses a NUL byte and a bigint past 64 bits where
SQLite would store or crash, so they are refused here, before either database sees them. Control
characters and bidirectional overrides (which make a title read backwards or hide text) have no place
in a name or a title, whatever the database.
"""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The largest id or offset either database can hold (PostgreSQL's bigint); a larger one is no record.
MAX_ID = 2**63 - 1

# C0 controls but tab, line feed and carriage return; DEL and the C1 controls; the bidirectional
# embeddings, overrides and isolates (U+202A-202E, U+2066-2069).
HOSTILE_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
HOSTILE_MESSAGE = _(
    "Remove the control or text-direction characters from this text (they are often pasted by accident)."
)
NUL_MESSAGE = _("The request holds a NUL character, which no text may contain. Remove it and send it again.")


def has_hostile_characters(value: str) -> bool:
    return HOSTILE_CHARACTERS.search(value) is not None


def reject_hostile_characters(value: object) -> None:
    """A form field's validator: no control or bidirectional-override characters in stored text."""
    if isinstance(value, str) and has_hostile_characters(value):
        raise ValidationError(HOSTILE_MESSAGE, code="hostile_characters")


# Free text stored in a TextField (notes, descriptions): the column has no limit, the forms and the
# API share this one, so that a page and a program are refused alike.
LONG_TEXT = 2000
# Search words and filter text in a query string: longer is no search anyone types.
QUERY_TEXT = 100

# The earliest day a record of what happened (a service, an activity) may carry: Linli's records
# begin this century; a year 1 or 1900 is a typing slip.
EARLIEST_DATE = dt.date(2000, 1, 1)


def record_id(value: object) -> int | None:
    """An id read from a query string, or None when the text is no id either database could hold
    ("²" is a digit to str.isdigit(), and int() refuses it; 2**64 is digits, and no row's id)."""
    text = str(value or "").strip()
    if not text.isascii() or not text.isdecimal():
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None
