import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from core import idcard, pii


def test_encrypt_round_trip_and_ciphertext_hides_value():
    token = pii.encrypt("350926196005171234")
    assert "350926" not in token
    assert pii.decrypt(token) == "350926196005171234"


def test_keyed_hash_is_stable_and_not_plain_sha():
    import hashlib

    assert pii.keyed_hash("13805931234") == pii.keyed_hash("13805931234")
    assert pii.keyed_hash("13805931234") != hashlib.sha256(b"13805931234").hexdigest()


def test_masks():
    assert pii.mask_id_number("35092619600517123X") == "3509**********123X"
    assert pii.mask_phone("13805931234") == "138****1234"
    assert pii.mask_name("黄秀琴") == "黄**"


def test_the_stored_columns_of_a_phone_and_an_id_number():
    phone = pii.phone_columns("13805931234", last4="phone_last4")
    assert pii.decrypt(phone.pop("phone_enc")) == "13805931234"
    assert phone == {
        "phone_hash": pii.keyed_hash("13805931234"),
        "phone_masked": "138****1234",
        "phone_last4": "1234",
    }
    number = pii.id_columns("35092619600517123X", last4="id_last4")
    assert pii.decrypt(number.pop("id_number_enc")) == "35092619600517123X"
    assert number == {
        "id_number_hash": pii.keyed_hash("35092619600517123X"),
        "id_number_masked": "3509**********123X",
        "id_last4": "123X",
    }
    # A contact phone kept only to be shown: no hash column, the columns named after the field.
    assert set(pii.phone_columns("13805931234", prefix="contact_phone", hashed=False)) == {
        "contact_phone_enc",
        "contact_phone_masked",
    }


def test_no_value_stores_empty_columns_not_a_mask():
    assert set(pii.phone_columns("", last4="phone_last4").values()) == {""}
    assert set(pii.id_columns("").values()) == {""}


@pytest.mark.parametrize(
    "phone,ok",
    [
        ("13805931234", True),
        ("+86 138 0593 1234", True),
        ("0593-5123456", True),
        ("12805931234", False),
        ("1380593123", False),
        ("abc", False),
    ],
)
def test_phone_validation(phone, ok):
    assert pii.is_valid_phone(pii.normalize_phone(phone)) is ok


def test_known_valid_id_number():
    # The sample number from GB 11643's own worked example.
    card = idcard.parse_id_number("11010519491231002X")
    assert card.birth_date == dt.date(1949, 12, 31) and card.gender == "F"


@pytest.mark.parametrize(
    "bad,code",
    [
        ("1101051949123100", "id_shape"),
        ("99010519491231002X", "id_region"),
        ("110105194913310020", "id_birth"),
        ("110105194912310021", "id_checksum"),
    ],
)
def test_invalid_id_numbers_say_why(bad, code):
    with pytest.raises(ValidationError) as exc:
        idcard.parse_id_number(bad)
    assert exc.value.code == code
