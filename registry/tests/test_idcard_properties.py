"""Properties of the GB 11643 ID-card validator (core/idcard.py), checked with hypothesis."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from core.idcard import _PROVINCES, check_digit, make_id_number, parse_id_number

TODAY = dt.date(2025, 6, 1)
regions = st.builds(
    lambda province, rest: province + rest,
    st.sampled_from(sorted(_PROVINCES)),
    st.text(alphabet="0123456789", min_size=4, max_size=4),
)
births = st.dates(min_value=dt.date(1880, 1, 1), max_value=TODAY)
genders = st.sampled_from(["M", "F"])
sequences = st.integers(min_value=0, max_value=10_000)
numbers = st.builds(
    lambda region, birth, sequence, gender: make_id_number(
        region=region, birth_date=birth, sequence=sequence, gender=gender
    ),
    regions,
    births,
    sequences,
    genders,
)


@given(regions, births, sequences, genders)
def test_a_built_number_reads_back_its_birth_date_and_gender(region, birth, sequence, gender):
    number = make_id_number(region=region, birth_date=birth, sequence=sequence, gender=gender)
    card = parse_id_number(number, today=TODAY)

    assert (card.number, card.birth_date, card.gender) == (number, birth, gender)


@given(numbers, st.integers(min_value=0, max_value=17), st.integers(1, 10))
def test_changing_one_character_breaks_the_checksum(number, position, shift):
    alphabet = "0123456789X" if position == 17 else "0123456789"
    current = alphabet.index(number[position])
    replacement = alphabet[(current + shift) % len(alphabet)]
    assume(replacement != number[position])
    changed = number[:position] + replacement + number[position + 1 :]

    # GB 11643's weights are all non-zero mod 11, so any single change moves the check sum.
    assert check_digit(changed[:17]) != changed[17]
    with pytest.raises(ValidationError):
        parse_id_number(changed, today=TODAY)


@given(st.text(alphabet="0123456789Xx", min_size=18, max_size=18))
def test_random_numbers_never_crash_and_mostly_fail(text):
    card = _parse_or_none(text)
    if card is not None:
        assert card.number == text.upper()
        assert check_digit(card.number[:17]) == card.number[17]


@given(st.text(min_size=0, max_size=30))
def test_any_text_is_refused_with_a_validation_error_or_parsed(text):
    card = _parse_or_none(text)  # anything but ValidationError fails the test
    assert card is None or len(card.number) == 18


def test_random_digit_strings_rarely_pass():
    import random

    rng = random.Random(11643)
    passed = sum(
        _passes("".join(rng.choice("0123456789") for _ in range(17)) + rng.choice("0123456789X")) for _ in range(20_000)
    )
    # Region, birth date and check digit together let well under 1 in 100 random strings through.
    assert passed < 200


def _passes(text: str) -> bool:
    return _parse_or_none(text) is not None


def _parse_or_none(text: str):
    try:
        return parse_id_number(text, today=TODAY)
    except ValidationError:
        return None


@given(regions, births)
def test_lowercase_x_is_accepted_as_x(region, birth):
    # One number in 11 ends in X: take the first sequence that gives one.
    number = next(
        n
        for n in (make_id_number(region=region, birth_date=birth, sequence=s, gender="F") for s in range(500))
        if n.endswith("X")
    )
    assert parse_id_number(number.lower(), today=TODAY).number == number
