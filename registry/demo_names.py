"""Invented people for the demo data: names, birth dates, ID-card numbers and phones.

Everything is drawn from one random.Random, so the same seed gives the same people.
No name is taken from the news report the demo is modelled on.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from core.idcard import make_id_number

# Ages are counted from a fixed day, so the data does not drift from one day to the next.
# Everyone under 18 on this day gets a guardian, which covers "under 14 today" until 2030.
ANCHOR = dt.date(2026, 1, 1)
HOME_REGION = "350926"  # 柘荣县
# Spouses and floating residents born elsewhere: nearby counties of Ningde and Fuzhou.
OTHER_REGIONS = ("350902", "350981", "350982", "350921", "350922", "350924", "350925", "350102", "350111")

# (surname, weight). Zherong's common surnames lead; 雷 蓝 钟 are the She people's; 曾 单 解 覃
# 缪 翟 欧阳 are read wrongly by pypinyin, so searching by initials meets them in the demo.
SURNAMES: tuple[tuple[str, int], ...] = (
    ("林", 60),
    ("陈", 55),
    ("黄", 40),
    ("吴", 30),
    ("郑", 28),
    ("游", 22),
    ("袁", 20),
    ("孔", 16),
    ("张", 24),
    ("李", 22),
    ("王", 22),
    ("刘", 16),
    ("杨", 12),
    ("周", 14),
    ("叶", 16),
    ("徐", 10),
    ("魏", 10),
    ("雷", 12),
    ("蓝", 8),
    ("钟", 10),
    ("曾", 12),
    ("缪", 8),
    ("肖", 6),
    ("谢", 8),
    ("高", 6),
    ("汤", 5),
    ("蔡", 6),
    ("何", 6),
    ("彭", 5),
    ("潘", 5),
    ("宋", 4),
    ("詹", 6),
    ("范", 4),
    ("孙", 4),
    ("单", 3),
    ("解", 3),
    ("覃", 3),
    ("翟", 2),
    ("欧阳", 3),
)
_SURNAME_LIST = [s for s, _ in SURNAMES]
_SURNAME_WEIGHTS = [w for _, w in SURNAMES]

# Characters of given names by the decade people were born in, as naming fashions changed.
GIVEN = {
    ("M", "old"): "金水福生德清祥荣财根土春宗明华国兴炳发贵昌永忠义仁",
    ("F", "old"): "秀英桂兰玉珍凤梅美娇淑金花莲春香翠菊月娥素云",
    ("M", "mid"): "建国明华伟强军勇文志海平东林峰辉斌庆宏兴荣锦新春清",
    ("F", "mid"): "秀丽芳敏静燕霞红梅琴萍娟玲玉英华兰珍艳丹慧雪",
    ("M", "young"): "杰涛斌超鹏浩宇俊磊鑫晨昊航博伟凯宁杭毅健帆彬斌",
    ("F", "young"): "婷雪慧丹颖艳佳欣怡琳倩莹洁晶璐瑶蕾婧薇露雯",
    ("M", "child"): "子轩宇涵浩然梓睿博文泽一诺晨皓俊熙铭辰奕航",
    ("F", "child"): "梓涵欣怡雨萱诗琪一诺若汐可馨梦瑶语嫣思彤佳",
}

# The people named in the news report: the demo must not put their names on invented records.
REPORT_NAMES = frozenset({"袁长", "黄秀琴", "汪雪琴", "王彩民", "黄松", "陈小妹", "叶陈芬", "林颖", "郑力炜"})

MOBILE_PREFIXES = (
    "130",
    "131",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "155",
    "157",
    "158",
    "159",
    "177",
    "180",
    "181",
    "183",
    "186",
    "187",
    "188",
    "189",
    "199",
)


def _era(birth_year: int) -> str:
    if birth_year < 1960:
        return "old"
    if birth_year < 1985:
        return "mid"
    if birth_year < 2005:
        return "young"
    return "child"


class People:
    """Draws names, birth dates, ID numbers and phones; ID numbers and phones never repeat."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self._orders: dict[tuple[str, dt.date], set[int]] = defaultdict(set)
        self._phones: set[str] = set()

    def surname(self) -> str:
        return self.rng.choices(_SURNAME_LIST, _SURNAME_WEIGHTS)[0]

    def name(self, gender: str, birth_date: dt.date, surname: str | None = None) -> str:
        surname = surname or self.surname()
        pool = GIVEN[(gender, _era(birth_date.year))]
        while True:
            length = 1 if self.rng.random() < 0.3 else 2
            name = surname + "".join(self.rng.choice(pool) for _ in range(length))
            if name not in REPORT_NAMES and name[-1] != name[-2]:
                return name

    def birth_date(self, age: int) -> dt.date:
        """A birth date that makes the person `age` years old on ANCHOR."""
        return dt.date(ANCHOR.year - age - 1, 1, 1) + dt.timedelta(days=self.rng.randrange(365))

    def id_number(self, birth_date: dt.date, gender: str, *, elsewhere: bool = False) -> str:
        region = self.rng.choice(OTHER_REGIONS) if elsewhere else HOME_REGION
        used = self._orders[(region, birth_date)]
        # Order codes are even for women and odd for men: 500 of each per region and day.
        while True:
            sequence = self.rng.randrange(500)
            order = sequence * 2 + (1 if gender == "M" else 0)
            if order not in used:
                used.add(order)
                return make_id_number(region=region, birth_date=birth_date, sequence=sequence, gender=gender)

    def mobile(self) -> str:
        while True:
            phone = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(100_000_000):08d}"
            if phone not in self._phones:
                self._phones.add(phone)
                return phone
