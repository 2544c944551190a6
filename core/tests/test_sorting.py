from hypothesis import given
from hypothesis import strategies as st

from core.sorting import chinese_number, natural_key, sort_key


def test_buildings_sort_by_number():
    names = ["10栋", "2栋", "1栋", "11栋", "3栋"]
    assert sorted(names, key=natural_key) == ["1栋", "2栋", "3栋", "10栋", "11栋"]


def test_party_groups_sort_by_chinese_numeral():
    names = [f"锦绣小区第{n}楼栋党小组" for n in ("三", "一", "十一", "二", "十", "五")]
    assert [n[5:-5] for n in sorted(names, key=natural_key)] == ["一", "二", "三", "五", "十", "十一"]
    assert [n[5:-5] for n in sorted(names)] != ["一", "二", "三", "五", "十", "十一"]  # code points do not


def test_chinese_numbers():
    cases = {"一": 1, "十": 10, "十二": 12, "二十": 20, "二十三": 23, "一百零五": 105, "两千": 2000, "二〇二四": 2024}
    assert {text: chinese_number(text) for text in cases} == cases


def test_addresses_sort_by_building_then_entrance_then_room():
    addresses = ["锦绣小区 10栋 1单元 101", "锦绣小区 2栋 1单元 1001", "锦绣小区 2栋 1单元 201", "锦绣小区 1栋 101"]
    expected = ["锦绣小区 1栋 101", "锦绣小区 2栋 1单元 201", "锦绣小区 2栋 1单元 1001", "锦绣小区 10栋 1单元 101"]
    assert sorted(addresses, key=natural_key) == expected
    assert sorted(addresses, key=sort_key) == expected


def test_the_stored_key_is_ascii_letters_and_digits():
    key = sort_key("锦绣小区二期 10栋 A座 1203")
    assert key.isascii() and key.isalnum() and key == key.lower()


@given(st.lists(st.text(alphabet="栋单元区一二三十百05 19A-", max_size=12), min_size=2, max_size=8))
def test_the_stored_key_sorts_like_the_python_key(texts):
    by_python = sorted(texts, key=lambda t: (natural_key(t), t))
    by_column = sorted(texts, key=lambda t: (sort_key(t), t))
    assert [natural_key(t) for t in by_python] == [natural_key(t) for t in by_column]
