"""The shape of the demo county: towns, communities, compounds and their buildings.

`demo` is the news report's community at its scale (~2,000 households, ~6,000 residents) and a
smaller neighbour; `tiny` is the same tree in miniature for tests; `county` adds 98 invented
communities of ~1,000 households each (~300,000 residents in all) for benchmarks.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CompoundSpec:
    name: str
    buildings: int
    floors: int
    entrances: int
    rooms: int  # per floor and entrance
    # A party branch: (founded on, became formal on); None for the second means still provisional.
    branch: tuple[dt.date, dt.date | None] | None = None
    party_groups: int = 0  # building party groups under the branch

    @property
    def room_count(self) -> int:
        return self.buildings * self.floors * self.entrances * self.rooms


@dataclass(frozen=True)
class CommunitySpec:
    name: str
    compounds: tuple[CompoundSpec, ...]
    occupancy: float = 0.93  # share of flats with a registered household
    group_size: int = 100  # households per grid group
    committee_founded: dt.date = dt.date(2003, 7, 1)
    chengnan: bool = False  # the report's community: partner units, demo logins, landmarks


@dataclass(frozen=True)
class TownSpec:
    name: str
    code: str
    communities: tuple[CommunitySpec, ...] = field(default=())


JINXIU_FOUNDED = dt.date(2016, 6, 18)  # the provisional branch (the report: 2016)
JINXIU_FORMAL = dt.date(2018, 7, 1)  # formal, with six building party groups (the report: 2018)

CHENGNAN = CommunitySpec(
    name="城南社区",
    chengnan=True,
    occupancy=0.95,
    compounds=(
        CompoundSpec("锦绣小区", 14, 6, 2, 2, branch=(JINXIU_FOUNDED, JINXIU_FORMAL), party_groups=6),
        CompoundSpec("城南花园", 10, 11, 2, 2, branch=(dt.date(2019, 7, 1), dt.date(2019, 7, 1))),
        CompoundSpec("富溪苑", 8, 18, 1, 4, branch=(dt.date(2024, 3, 5), None)),
        CompoundSpec("东源新村", 16, 5, 3, 2),
        CompoundSpec("龙井小区", 6, 7, 2, 2),
        CompoundSpec("南湖公寓", 4, 12, 1, 3),
    ),
)
CHENGBEI = CommunitySpec(
    name="城北社区",
    committee_founded=dt.date(2005, 7, 1),
    compounds=(
        CompoundSpec("北苑小区", 6, 6, 2, 2, branch=(dt.date(2017, 5, 4), dt.date(2017, 5, 4))),
        CompoundSpec("柳城新村", 5, 5, 2, 2),
        CompoundSpec("溪坪公寓", 3, 12, 1, 3),
    ),
)
TINY_CHENGNAN = CommunitySpec(
    name="城南社区",
    chengnan=True,
    group_size=10,
    compounds=(
        CompoundSpec("锦绣小区", 6, 2, 1, 2, branch=(JINXIU_FOUNDED, JINXIU_FORMAL), party_groups=6),
        CompoundSpec("城南花园", 1, 3, 1, 2, branch=(dt.date(2019, 7, 1), dt.date(2019, 7, 1))),
    ),
)
TINY_CHENGBEI = CommunitySpec(name="城北社区", group_size=10, compounds=(CompoundSpec("北苑小区", 1, 2, 1, 3),))

SHUANGCHENG = ("双城镇", "350926100")
# The other towns and townships of the county, with how many invented communities each gets.
OTHER_TOWNS = (
    ("富溪镇", "350926101", 12),
    ("城郊乡", "350926200", 10),
    ("乍洋乡", "350926201", 8),
    ("东源乡", "350926202", 8),
    ("黄柏乡", "350926203", 8),
    ("宅中乡", "350926204", 8),
    ("楮坪乡", "350926205", 8),
    ("英山乡", "350926206", 8),
)
SHUANGCHENG_EXTRA = 28  # with 城南 and 城北: 30 communities in the county town, 100 in all

PLACE_FIRST = "溪仙柳东西龙凤金银青石桥新富安宁福瑞和丰兴盛泰康华平长乐永"
PLACE_SECOND = "坪屏源湖山岭洋坂亭塘园岗阳门林洲埕岩"
STEMS = [
    "锦绣",
    "富溪",
    "东源",
    "龙井",
    "翠湖",
    "金桂",
    "银杏",
    "紫荆",
    "碧水",
    "阳光",
    "春晖",
    "康乐",
    "福寿",
    "瑞祥",
    "嘉禾",
    "丰泽",
    "华庭",
    "盛世",
    "凤凰",
    "星河",
    "柳岸",
    "仙屏",
    "书香",
    "幸福",
    "兴业",
    "新城",
    "江滨",
    "东湖",
    "南山",
    "溪畔",
    "茶香",
    "桂园",
]
SUFFIXES = ("小区", "花园", "苑", "新村", "家园", "公寓")
# (floors, entrances, rooms per floor and entrance): walk-ups, mid-rise and high-rise.
BUILDING_TYPES = ((6, 2, 2), (7, 2, 2), (5, 3, 2), (11, 2, 2), (18, 1, 4))


def towns_for(preset: str, seed: int) -> Iterator[TownSpec]:
    """The towns of a preset in load order; communities of `county` are drawn lazily."""
    if preset == "tiny":
        yield TownSpec(*SHUANGCHENG, (TINY_CHENGNAN, TINY_CHENGBEI))
        return
    if preset == "demo":
        yield TownSpec(*SHUANGCHENG, (CHENGNAN, CHENGBEI))
        return
    if preset != "county":
        raise ValueError(f"unknown preset {preset!r}")
    # A generator of its own, so 城南 and 城北 come out the same as in the demo preset.
    rng = random.Random(f"linli-county-{seed}")
    names = _community_names(rng)
    extra = tuple(_generic_community(rng, next(names)) for _ in range(SHUANGCHENG_EXTRA))
    yield TownSpec(*SHUANGCHENG, (CHENGNAN, CHENGBEI, *extra))
    for name, code, count in OTHER_TOWNS:
        yield TownSpec(name, code, tuple(_generic_community(rng, next(names)) for _ in range(count)))


def _community_names(rng: random.Random) -> Iterator[str]:
    pairs = [a + b for a in PLACE_FIRST for b in PLACE_SECOND]
    rng.shuffle(pairs)
    for pair in pairs:
        if pair not in ("城南", "城北"):
            yield f"{pair}社区"


def _generic_community(rng: random.Random, name: str) -> CommunitySpec:
    """About 1,080 flats (so ~1,000 households) in three to five compounds."""
    target = 1080
    compounds: list[CompoundSpec] = []
    used: set[str] = set()
    count = rng.randint(3, 5)
    for index in range(count):
        compound_name = ""
        while not compound_name or compound_name in used:
            compound_name = rng.choice(STEMS) + rng.choice(SUFFIXES)
        used.add(compound_name)
        floors, entrances, rooms = rng.choice(BUILDING_TYPES)
        share = (target - sum(c.room_count for c in compounds)) // (count - index)
        buildings = max(1, round(share / (floors * entrances * rooms)))
        branch = None
        if rng.random() < 0.6:
            founded = dt.date(rng.randint(2008, 2023), rng.choice((3, 5, 7, 10)), 1)
            branch = (founded, founded if rng.random() < 0.8 else None)
        compounds.append(CompoundSpec(compound_name, buildings, floors, entrances, rooms, branch=branch))
    founded = dt.date(rng.randint(1998, 2012), 7, 1)
    return CommunitySpec(name=name, compounds=tuple(compounds), committee_founded=founded)
