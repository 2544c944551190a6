"""Search spellings of a Chinese name: every plausible full pinyin and initials.

pypinyin reads many surnames with their common-word reading (曾 ceng, 单 dan, 解 jie);
the table below gives the surname readings, and the heteronyms are kept as well so that
a user who types what pypinyin would say still finds the person.
"""

import itertools

from pypinyin import Style, lazy_pinyin, pinyin

# Surname readings that differ from the character's everyday reading.
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "曾": ("zeng",),
    "单": ("shan",),
    "解": ("xie",),
    "区": ("ou",),
    "仇": ("qiu",),
    "朴": ("piao",),
    "查": ("zha",),
    "乐": ("yue", "le"),
    "覃": ("qin", "tan"),
    "盖": ("ge", "gai"),
    "缪": ("miao",),
    "翟": ("zhai", "di"),
    "召": ("shao",),
    "种": ("chong",),
    "秘": ("bi",),
    "员": ("yun",),
    "繁": ("po",),
    "谌": ("chen", "shen"),
    "柏": ("bai",),
    "句": ("gou",),
    "折": ("she",),
    "隗": ("wei",),
    "尉": ("wei",),
    "燕": ("yan",),
    "华": ("hua",),
    "任": ("ren",),
    "纪": ("ji",),
    "沈": ("shen",),
    "石": ("shi",),
    "都": ("du",),
    "宁": ("ning",),
    "薄": ("bo",),
    "过": ("guo",),
    "长孙": ("zhangsun",),
    "尉迟": ("yuchi",),
    "万俟": ("moqi",),
    "单于": ("chanyu",),
    "澹台": ("tantai",),
}
COMPOUND_SURNAMES = {
    "欧阳": "ouyang",
    "司马": "sima",
    "诸葛": "zhuge",
    "上官": "shangguan",
    "东方": "dongfang",
    "皇甫": "huangfu",
    "公孙": "gongsun",
    "令狐": "linghu",
    "慕容": "murong",
    "宇文": "yuwen",
    "司徒": "situ",
    "夏侯": "xiahou",
    "轩辕": "xuanyuan",
    "呼延": "huyan",
    "端木": "duanmu",
}
MAX_VARIANTS = 8


def _char_readings(ch: str, *, limit: int = 2) -> list[str]:
    readings = pinyin(ch, style=Style.NORMAL, heteronym=True, errors=lambda s: [s.lower()])[0]
    return [r for r in readings if r][:limit] or [ch.lower()]


def name_readings(name: str) -> list[list[str]]:
    """Each syllable group's readings, the most likely first: [["zeng"], ["xiao"], ["ming"]]."""
    name = name.strip()
    if not name:
        return []
    for compound, reading in COMPOUND_SURNAMES.items():
        if name.startswith(compound):
            return [[reading, *[r for r in SURNAME_READINGS.get(compound, ()) if r != reading]], *_given(name[2:])]
    two = name[:2]
    if two in SURNAME_READINGS:
        return [list(SURNAME_READINGS[two]), *_given(name[2:])]
    surname = name[0]
    readings = list(SURNAME_READINGS.get(surname, ()))
    readings += [r for r in _char_readings(surname, limit=3) if r not in readings]
    return [readings, *_given(name[1:])]


def _given(given: str) -> list[list[str]]:
    if not given:
        return []
    # lazy_pinyin reads the given name in context; the heteronyms follow it.
    context = lazy_pinyin(given, errors=lambda s: list(s.lower()))
    groups = []
    for ch, likely in zip(given, context, strict=False):
        groups.append([likely, *[r for r in _char_readings(ch) if r != likely]])
    return groups


def search_keys(name: str) -> set[str]:
    """The name itself, and each reading's full pinyin and initials, lower case."""
    groups = name_readings(name)
    keys = {name.strip()} if name.strip() else set()
    for combo in itertools.islice(itertools.product(*groups), MAX_VARIANTS):
        keys.add("".join(combo))
        keys.add("".join(syllable[0] for syllable in combo if syllable))
    return {k[:64] for k in keys if k}


def upper_bound(prefix: str) -> str:
    """The smallest string above every string that starts with `prefix` (for index ranges)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)
