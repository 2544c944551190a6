"""The wish wall part of the demo, built on the registry and volunteering parts (registry.demo calls `load`).

城南社区 gets forty wishes over the past year, written as its wall would have seen them: most for
residents living alone, disabled or on 低保 (the registry's tags pick them), recorded by their
grid worker on a home visit or by staff, a few declined or withdrawn, a dozen open on the wall
(one released back after its claimant missed the deadline, one given back by its claimant),
claimed by the partner-unit contact (`partner`), two more partner units, the party member who
leads the patrol team (`leader`) and volunteers (`volunteer` and three others), one as a group,
three delivered and waiting for confirmation, fourteen fulfilled with thank-yous and two of them
published as stories with the resident's consent. Every step goes through the services, so each
has its history row, audit row and notification; the timestamps are then moved back with
queryset updates so the figures span the year (audit rows keep the load time: they are
append-only). Deterministic for a seed and a day.

The county preset adds 10,000 open wishes spread over the county's communities, written in bulk
with their history rows, for the benchmark of a county's wall; one audit row per community
records the bulk load.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import RoleMembership, User
from accounts.services import grant_role
from core.audit import record_event
from core.pii import mask_name
from core.roles import Role
from registry.models import OrgUnit, PartnerUnit, PartyMember, Resident
from volunteering.models import Volunteer
from wishes import services
from wishes.models import Wish, WishClaim, WishClaimMember, WishEvent

CHENGNAN = "城南社区"
COUNTY_OPEN_WISHES = 10_000
BATCH = 2000
G, S, C, OTHER = Wish.Category.GOODS, Wish.Category.SERVICE, Wish.Category.COMPANIONSHIP, Wish.Category.OTHER
# The two other partner units whose contacts claim in the demo (the `partner` login speaks for 人社局).
OTHER_PARTNERS = (("women", "柘荣县妇联"), ("bank", "柘荣仙屏村镇银行"))


@dataclass(frozen=True)
class Spec:
    """One wish of 城南 and what became of it; days are counted back from today."""

    title: str
    category: str
    value: int
    reason: str
    tag: str  # whom it is for: a registry tag, or "self" for the `resident` login's own household
    outcome: str  # pending, declined, withdrawn, open, reopened, released, claimed, group, delivered, fulfilled, story
    days: tuple[int, ...]  # posted, verified, claimed, delivered, confirmed (as far as the wish got)
    claimant: str = ""  # partner, women, bank, party, volunteer, vol1, vol2, vol3
    note: str = ""  # the decline, withdrawal or claim-withdrawal reason, or the thank-you


SPECS = (
    # Fulfilled, over the year.
    Spec("《优雅走过下雨天》", G, 45, "喜欢读书，眼睛不好，想要一本大字版。", "elderly-alone", "story",
         (340, 338, 335, 330, 329), "partner", "字大，看得清楚，谢谢人社局的同志。"),
    Spec("会眨眼睛的布娃娃", G, 60, "生日快到了，爸爸妈妈在外地打工，想要一个布娃娃陪着睡觉。", "left-behind-child",
         "story", (300, 299, 297, 292, 291), "volunteer", "谢谢志愿者姐姐，我给它取名叫朵朵。"),
    Spec("轮椅维修", S, 80, "轮椅刹车失灵，推出门不安全。", "disability", "fulfilled",
         (280, 279, 278, 275, 274), "vol1", "刹车修好了，又能下楼晒太阳了。"),
    Spec("上门理发", S, 20, "腿脚不便，好几个月没理发了。", "disability", "fulfilled",
         (250, 249, 247, 246, 246), "volunteer", "头发剪短了，清爽多了。"),
    Spec("冬天的棉被", G, 150, "被子盖了十多年，冬天太冷。", "low-income", "fulfilled",
         (230, 228, 226, 220, 219), "women", "被子又厚又软，谢谢妇联。"),
    Spec("助听器电池", G, 40, "助听器没电了，听不清电视。", "elderly-alone", "fulfilled",
         (200, 199, 198, 196, 195), "party", "又能听见孙子打电话了。"),
    Spec("陪同去医院复查", C, 20, "子女在外地，一个人去医院挂号、排队不方便。", "empty-nest", "fulfilled",
         (180, 179, 176, 170, 170), "vol2", "有人陪着，心里踏实。"),
    Spec("电饭煲", G, 160, "旧电饭煲坏了，只能用铁锅煮饭。", "low-income", "fulfilled",
         (160, 158, 150, 145, 144), "bank", "谢谢银行的同志，饭煮得很香。"),
    Spec("小学数学练习册", G, 35, "孩子上四年级，想要课外练习册。", "left-behind-child", "fulfilled",
         (140, 139, 138, 136, 135), "party", "谢谢叔叔，我每天做一页。"),
    Spec("学用智能手机", S, 10, "想学会视频通话，和在外地的儿子说说话。", "empty-nest", "fulfilled",
         (120, 119, 117, 110, 109), "vol3", "学会了，昨天和儿子视频了半个钟头。"),
    Spec("防滑棉鞋", G, 90, "下雨天路滑，怕摔跤。", "elderly-alone", "fulfilled",
         (95, 94, 92, 88, 88), "partner", "鞋子暖和又防滑，谢谢。"),
    Spec("收音机", G, 70, "喜欢听闽剧，旧收音机坏了。", "elderly-alone", "fulfilled",
         (70, 69, 66, 60, 59), "partner", "每天都听戏，开心。"),
    Spec("修理漏水的水龙头", S, 40, "厨房水龙头一直滴水。", "hardship", "fulfilled",
         (55, 54, 54, 53, 52), "vol1", "不滴水了，谢谢小伙子。"),
    Spec("一箱牛奶", G, 70, "医生让多补充营养。", "elderly-alone", "fulfilled",
         (45, 44, 43, 41, 40), "party", "谢谢党员同志惦记。"),
    # Delivered, waiting for the resident to confirm.
    Spec("护眼台灯", G, 60, "孩子写作业，屋里光线暗。", "low-income", "delivered", (25, 24, 20, 2), "partner"),
    Spec("电子血压计", G, 120, "有高血压，想每天在家量一量。", "elderly-alone", "delivered", (18, 17, 15, 1), "party"),
    Spec("换个灯泡", S, 15, "卫生间的灯坏了，自己够不着。", "elderly-alone", "delivered", (9, 8, 8, 1), "volunteer"),
    # Claimed, on their way.
    Spec("电暖器", G, 180, "房间冬天很冷，没有取暖设备。", "low-income", "group", (15, 14, 8), "partner"),
    Spec("绘本《猜猜我有多爱你》", G, 40, "想给孩子讲睡前故事。", "left-behind-child", "claimed", (12, 11, 6), "women"),
    Spec("四脚拐杖", G, 55, "旧拐杖断了，走路不稳。", "disability", "claimed", (10, 9, 5), "party"),
    Spec("陪老人下象棋", C, 10, "以前和老伙计下棋，现在一个人闷得慌。", "elderly-alone", "claimed", (8, 7, 4), "vol2"),
    Spec("帮忙打扫卫生", S, 20, "年纪大了，搞不动大扫除。", "elderly-alone", "claimed", (6, 5, 2), "vol3"),
    # Open on the wall.
    Spec("一副老花镜", G, 50, "看报纸看不清字。", "elderly-alone", "reopened", (40, 39, 35, 33), "vol1",
         "临时要出差，没法按时送到，先退回让别人认领。"),
    Spec("保温杯", G, 45, "冬天想随时喝上热水。", "empty-nest", "released", (35, 34, 31), "bank"),
    Spec("护膝", G, 60, "膝盖不好，天一冷就疼。", "disability", "open", (28, 27)),
    Spec("新书包", G, 80, "书包背带断了，孩子天天要上学。", "left-behind-child", "open", (25, 24)),
    Spec("毛线和毛衣针", G, 50, "想给孙子织一件毛衣。", "empty-nest", "open", (22, 21)),
    Spec("修理自行车", S, 30, "自行车链条老掉，买菜要骑。", "low-income", "open", (20, 18)),
    Spec("读报给我听", C, 5, "眼睛不好，想有人读读报纸、说说新闻。", "elderly-alone", "open", (18, 17)),
    Spec("拍一张全家福", OTHER, 100, "老伴八十大寿，想拍一张全家福。", "empty-nest", "open", (14, 13)),
    Spec("一盆绿萝", G, 25, "屋里想添点绿色。", "elderly-alone", "open", (10, 9)),
    Spec("陪我去公园走走", C, 5, "一个人不敢走远。", "disability", "open", (7, 6)),
    Spec("血糖试纸", G, 90, "有糖尿病，试纸用完了。", "serious-illness", "open", (5, 4)),
    Spec("英汉词典", G, 60, "孩子上初中了，想要一本英汉词典。", "low-income", "open", (3, 2)),
    # Waiting for verification.
    Spec("恐龙科普书", G, 50, "孩子喜欢恐龙，想要一本恐龙科普书。", "self", "pending", (4,)),
    Spec("电视机遥控器", G, 30, "遥控器坏了，看不了电视。", "elderly-alone", "pending", (3,)),
    Spec("教我用手机缴水电费", S, 5, "不会用手机缴费，每次都要跑营业厅。", "empty-nest", "pending", (1,)),
    # Declined and withdrawn.
    Spec("大米和食用油", G, 100, "家里米快吃完了。", "low-income", "declined", (30, 28), "",
         "本月社区已为您家发放慰问米油，心愿墙先留给其他困难群众；如有新的困难请联系网格员。"),
    Spec("新手机", G, 200, "旧手机太卡，想换一部。", "empty-nest", "declined", (12, 10), "",
         "家中已有可用手机，志愿者可以上门帮您清理手机、教您使用，请和网格员预约。"),
    Spec("羽绒服", G, 150, "冬天的外套旧了。", "elderly-alone", "withdrawn", (60, 59, 50), "",
         "女儿已经从外地寄来了，不需要了。"),
)  # fmt: skip

STORIES = {
    "《优雅走过下雨天》": "独居在{compound}的{who}最喜欢读书，可眼睛越来越不好。柘荣县人社局的同志认领了{ta}的心愿，"
    "志愿者把大字版《优雅走过下雨天》送到了家门口。{who}说：“字大，看得清楚，像有人陪我说话。”",
    "会眨眼睛的布娃娃": "{compound}的{who}，爸爸妈妈在外地打工，平时和奶奶住。志愿者认领了{ta}的心愿，"
    "赶在生日前把会眨眼睛的布娃娃送到{ta}手里，{ta}给娃娃取名叫朵朵。",
}
DELIVERY_NOTES = ("已送到家中，当面交给本人。", "送到家里，顺便帮老人检查了水电。", "送到家门口，老人很高兴。")
BULK_TITLES = (
    ("老花镜", G, 50),
    ("助听器电池", G, 40),
    ("防滑拖鞋", G, 35),
    ("冬天的棉被", G, 150),
    ("电饭煲", G, 160),
    ("课外书", G, 40),
    ("书包", G, 80),
    ("台灯", G, 60),
    ("上门理发", S, 20),
    ("修理水龙头", S, 40),
    ("陪同就医", C, 20),
    ("陪伴聊天", C, 5),
    ("读报给我听", C, 5),
    ("拍一张全家福", OTHER, 100),
)
STEPS = ("posted", "verified", "claimed", "delivered", "confirmed")
# What the days of a spec name when they are not STEPS.
STEP_NAMES = {
    "withdrawn": ("posted", "verified", "withdrawn"),
    "reopened": ("posted", "verified", "claimed", "claim_withdrawn"),
}
NEEDY = ("elderly-alone", "disability", "low-income", "empty-nest", "hardship", "serious-illness")


def load(*, preset: str, seed: int, log: Callable[[str], None] = lambda line: None) -> Counter:
    """Add the wish wall to the communities the registry part built; return what was written."""
    counts: Counter = Counter()
    chengnan = OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNITY, name=CHENGNAN).order_by("pk").first()
    staff = User.objects.filter(username="staff").first()
    if chengnan is not None and staff is not None:
        started = time.monotonic()
        with transaction.atomic():
            counts["wishes"] += _Chengnan(chengnan, staff, seed=seed).run()
        log(f"  {counts['wishes']} wishes on the wall of {CHENGNAN}, {time.monotonic() - started:.1f} s")
    if preset == "county":
        with transaction.atomic():
            counts["wishes"] += _county_wall(seed=seed, log=log)
    return counts


def _at(days_ago: int, hour: int) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return dt.datetime.combine(day, dt.time(hour, (days_ago * 7) % 60), tzinfo=timezone.get_current_timezone())


class _Chengnan:
    def __init__(self, community: OrgUnit, staff: User, *, seed: int):
        self.community = community
        self.staff = staff
        self.rng = random.Random(f"wishes-{seed}")
        self.moves: list[tuple[Wish, Spec, dict[str, Any]]] = []

    def run(self) -> int:
        self.claimants = self.find_claimants()
        memberships = RoleMembership.objects.filter(role=Role.GRID_WORKER, grid_unit__community=self.community)
        self.grid_workers = {m.grid_unit_id: m.user for m in memberships.select_related("user")}
        chosen = self.choose_beneficiaries()
        residents = Resident.objects.select_related("household").in_bulk([pk for pk, _poster in chosen])
        for index, (spec, (pk, poster)) in enumerate(zip(SPECS, chosen, strict=True)):
            self.make(index, spec, residents[pk], poster)
        self.backdate()
        return len(SPECS)

    # --- who takes part ---------------------------------------------------------------------

    def find_claimants(self) -> dict[str, User]:
        """The logins and the few extra accounts that claim: partner contacts, a party member, volunteers."""
        found = {u.username: u for u in User.objects.filter(username__in=["partner", "leader", "volunteer"])}
        claimants = {"partner": found["partner"], "volunteer": found["volunteer"]}
        units = {u.name: u for u in PartnerUnit.objects.filter(county_id=self.community.county_id)}
        for key, name in OTHER_PARTNERS:
            if name in units:
                claimants[key] = self.account(
                    f"partner-{key}", units[name].contact_name or name, Role.PARTNER_CONTACT, partner_unit=units[name]
                )
        leader = found.get("leader")
        if leader and PartyMember.objects.filter(resident_id=leader.resident_id).exists():
            claimants["party"] = leader
        else:  # the tiny preset's leader may not be a member: another member of 城南 claims
            member = (
                PartyMember.objects.filter(community=self.community, resident__status=Resident.Status.ACTIVE)
                .filter(resident__user__isnull=True)
                .select_related("resident")
                .order_by("pk")
                .first()
            )
            if member:
                claimants["party"] = self.account("party-member", member.resident.name, None, resident=member.resident)
        volunteers = (
            Volunteer.objects.filter(community=self.community, status=Volunteer.Status.ACTIVE, user__isnull=True)
            .filter(Q(resident__isnull=True) | Q(resident__user__isnull=True))
            .order_by("number")[:3]
        )
        for n, volunteer in enumerate(volunteers, start=1):
            user = self.account(f"vol-{self.community.code}-{n}", volunteer.name, Role.VOLUNTEER)
            if volunteer.resident_id:
                User.objects.filter(pk=user.pk).update(resident_id=volunteer.resident_id)
                user.resident_id = volunteer.resident_id
            Volunteer.objects.filter(pk=volunteer.pk).update(user=user)
            claimants[f"vol{n}"] = user
        return claimants

    def account(self, username: str, name: str, role: str | None, **kw: Any) -> User:
        """A login without a usable password, as the registry part makes its grid accounts."""
        resident = kw.pop("resident", None)
        user = User.objects.create(
            username=username, display_name=name, password=make_password(None), resident=resident
        )
        if role:
            grant_role(by=None, user=user, role=role, org_unit=self.community, **kw)
        return user

    def candidates(self, tag: str | None) -> list[int]:
        """Living residents of 城南 with the tag (on them or their household), in a seeded order.

        Without a tag: everyone, the elderly first, for a small community short of tagged residents.
        """
        residents = Resident.objects.filter(community=self.community, status=Resident.Status.ACTIVE)
        if tag:
            residents = residents.filter(Q(tags__code=tag) | Q(household__tags__code=tag))
        found = sorted(set(residents.values_list("pk", "birth_date")))
        self.rng.shuffle(found)
        if not tag:
            today = timezone.localdate()
            elderly, adult = today - dt.timedelta(days=365 * 60), today - dt.timedelta(days=365 * 18)
            found.sort(key=lambda row: (row[1] > elderly, row[1] > adult))
        return [pk for pk, _born in found]

    def choose_beneficiaries(self) -> list[tuple[int, User | None]]:
        """For each spec, whom the wish is for (a different resident each) and, for their own, who posts it."""
        pools = {tag: self.candidates(tag) for tag in sorted({s.tag for s in SPECS} - {"self"})}
        fallback: list[int] | None = None
        resident_user = User.objects.filter(username="resident", resident__isnull=False).first()
        used = {resident_user.resident_id} if resident_user else set()
        chosen: list[tuple[int, User | None]] = []
        for spec in SPECS:
            if spec.tag == "self" and resident_user:
                chosen.append((resident_user.resident_id, resident_user))
                continue
            pick = next((pk for pk in pools.get(spec.tag, []) if pk not in used), None)
            if pick is None:
                fallback = fallback if fallback is not None else self.candidates(None)
                pick = next((pk for pk in fallback if pk not in used), None)
            if pick is None:
                raise RuntimeError("The demo community has too few residents for its wishes.")
            used.add(pick)
            chosen.append((pick, None))
        return chosen

    # --- one wish through the services ---------------------------------------------------------

    def make(self, index: int, spec: Spec, resident: Resident, poster: User | None) -> None:
        worker = self.grid_workers.get(resident.household.grid_group_id)
        poster = poster or (worker if worker and index % 3 else self.staff)
        confirmer = worker or self.staff
        wanted = timezone.localdate() + dt.timedelta(days=60 + (index * 11) % 120)
        wish = services.post_wish(
            by=poster,
            beneficiary=resident,
            title=spec.title,
            category=spec.category,
            value=spec.value,
            wanted_by=wanted,
            reason=spec.reason,
        )
        extra: dict[str, Any] = {}
        outcome = spec.outcome
        if outcome == "pending":
            self.moves.append((wish, spec, extra))
            return
        if outcome == "declined":
            services.decline_wish(by=self.staff, wish=wish, reason=spec.note)
            self.moves.append((wish, spec, extra))
            return
        services.approve_wish(by=self.staff, wish=wish)
        if outcome == "withdrawn":
            services.withdraw_wish(by=confirmer, wish=wish, reason=spec.note)
        elif outcome in ("reopened", "released"):
            claim = services.claim_wish(by=self.claimant(spec), wish=wish)
            if outcome == "reopened":
                services.withdraw_claim(by=claim.user, claim=claim, reason=spec.note)
            else:  # its deadline passed: the nightly release puts it back on the wall
                WishClaim.objects.filter(pk=claim.pk).update(due_at=timezone.now() - dt.timedelta(minutes=1))
                services.release_overdue_claims()
        elif outcome != "open":
            self.claim_and_deliver(wish, spec, confirmer, extra)
        self.moves.append((wish, spec, extra))

    def claimant(self, spec: Spec) -> User:
        return self.claimants.get(spec.claimant) or self.claimants["volunteer"]

    def claim_and_deliver(self, wish: Wish, spec: Spec, confirmer: User, extra: dict[str, Any]) -> None:
        claimant = self.claimant(spec)
        kind = WishClaim.Kind.PARTY_MEMBER if spec.claimant == "party" and "party" in self.claimants else None
        claim = services.claim_wish(by=claimant, wish=wish, kind=kind, is_group=spec.outcome == "group")
        if spec.outcome == "group":
            extra["joined"] = [services.join_claim(by=self.claimants["volunteer"], claim=claim)]
            if "vol1" in self.claimants:
                extra["joined"].append(services.join_claim(by=self.claimants["vol1"], claim=claim))
        if spec.outcome in ("claimed", "group"):
            return
        # Partner units hand the wish to a volunteer, who takes it to the door.
        deliverer = self.claimants["volunteer"] if claim.kind == WishClaim.Kind.PARTNER_UNIT else claimant
        services.record_delivery(by=deliverer, wish=wish, note=DELIVERY_NOTES[len(self.moves) % len(DELIVERY_NOTES)])
        if spec.outcome == "delivered":
            return
        services.confirm_receipt(by=confirmer, wish=wish, thanks=spec.note)
        if spec.outcome == "story":
            services.publish_story(by=self.staff, wish=wish, story=self.story(wish), consent=True, published=True)

    def story(self, wish: Wish) -> str:
        """The published story names an adult as the neighbours do (黄奶奶), never in full, and a child not at all."""
        resident = wish.beneficiary
        age = (timezone.localdate() - resident.birth_date).days // 365
        female = resident.gender == "F"
        if age >= 60:
            who = resident.name[:1] + ("奶奶" if female else "爷爷")
        elif age >= 18:
            who = resident.name[:1] + ("阿姨" if female else "叔叔")
        else:
            who = "一位小朋友"
        return STORIES[wish.title].format(compound=wish.compound.name, who=who, ta="她" if female else "他")

    # --- the year, after the fact --------------------------------------------------------------------

    def backdate(self) -> None:
        """Move every step back to its day: wishes, claims, group members and history rows."""
        now = timezone.now()
        for n, (wish, spec, extra) in enumerate(self.moves):
            at = [_at(d, 9 + (i * 2 + n) % 8) for i, d in enumerate(spec.days)]
            # The same day keeps the steps in order: each later step at least an hour after the one before.
            for i in range(1, len(at)):
                at[i] = max(at[i], at[i - 1] + dt.timedelta(hours=1))
            steps = dict(zip(STEP_NAMES.get(spec.outcome, STEPS), [min(t, now) for t in at], strict=False))
            fields = {"posted_at": steps["posted"], "verified_at": steps.get("verified")}
            fields |= {"delivered_at": steps.get("delivered"), "confirmed_at": steps.get("confirmed")}
            fields = {name: value for name, value in fields.items() if value is not None}
            if "confirmed" in steps:
                # A fulfilled wish was wanted until some weeks after it was posted.
                fields["wanted_by"] = timezone.localtime(steps["posted"]).date() + dt.timedelta(days=60)
            Wish.objects.filter(pk=wish.pk).update(**fields)
            events = dict(steps)
            events["approved"] = events["declined"] = steps.get("verified")
            if "claimed" in steps:
                due = steps["claimed"] + dt.timedelta(days=services.settings_of(wish.community_id).claim_days)
                ended = steps.get("claim_withdrawn") or steps.get("delivered")
                if spec.outcome == "released":
                    ended = events["released"] = due
                WishClaim.objects.filter(wish=wish).update(claimed_at=steps["claimed"], due_at=due, ended_at=ended)
                if extra.get("joined"):
                    events["joined"] = steps["claimed"] + dt.timedelta(hours=20)
                    WishClaimMember.objects.filter(pk__in=[m.pk for m in extra["joined"]]).update(
                        joined_at=events["joined"]
                    )
            if "confirmed" in steps:
                events["story"] = min(steps["confirmed"] + dt.timedelta(days=2), now)
            for action, when in events.items():
                if when is not None and action in WishEvent.Action.values:
                    WishEvent.objects.filter(wish=wish, action=action).update(at=when)


# --- the county's wall, in bulk ---------------------------------------------------------------------


def _county_wall(*, seed: int, log: Callable[[str], None]) -> int:
    """10,000 open wishes over the county's communities, each for a different resident, the elderly first."""
    rng = random.Random(f"wishes-county-{seed}")
    today = timezone.localdate()
    busy = set(Wish.objects.filter(status__in=Wish.ACTIVE).values_list("beneficiary_id", flat=True))
    communities = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNITY).order_by("pk").values_list("pk", flat=True))
    if not communities:
        return 0
    share, extra = divmod(COUNTY_OPEN_WISHES, len(communities))
    wanted = {pk: share + (n < extra) for n, pk in enumerate(communities)}
    # The elderly first; adults too where a small community has too few of them.
    today_60, today_18 = today - dt.timedelta(days=365 * 60), today - dt.timedelta(days=365 * 18)
    by_community: dict[int, list[tuple]] = defaultdict(list)
    living = Resident.objects.filter(status=Resident.Status.ACTIVE).exclude(pk__in=busy).order_by("pk")
    columns = ("pk", "name", "county_id", "community_id", "household_id", "household__compound_id")
    columns += ("household__grid_group_id",)
    for row in living.filter(birth_date__lte=today_60).values_list(*columns).iterator(chunk_size=BATCH):
        by_community[row[3]].append(row)
    short = [pk for pk in communities if len(by_community[pk]) < wanted[pk]]
    if short:
        younger = living.filter(community_id__in=short, birth_date__gt=today_60, birth_date__lte=today_18)
        for row in younger.values_list(*columns):
            by_community[row[3]].append(row)
    wishes: list[Wish] = []
    for community_id in communities:
        people = by_community[community_id]
        for pk, name, county_id, _c, household_id, compound_id, group_id in rng.sample(
            people, min(len(people), wanted[community_id])
        ):
            title, category, value = rng.choice(BULK_TITLES)
            wishes.append(
                Wish(
                    county_id=county_id,
                    community_id=community_id,
                    compound_id=compound_id,
                    household_id=household_id,
                    grid_group_id=group_id,
                    beneficiary_id=pk,
                    masked_name=mask_name(name),
                    title=title,
                    category=category,
                    value=value,
                    wanted_by=today + dt.timedelta(days=rng.randint(20, 180)),
                    status=Wish.Status.OPEN,
                    via=Wish.Via.GRID_WORKER,
                )
            )
    Wish.objects.bulk_create(wishes, batch_size=BATCH)
    events = [WishEvent(wish=w, action=a) for w in wishes for a in (WishEvent.Action.POSTED, WishEvent.Action.APPROVED)]
    WishEvent.objects.bulk_create(events, batch_size=BATCH)
    # Posted over the last two months, approved the next day (or the same day for today's).
    by_day: dict[int, list[int]] = defaultdict(list)
    for wish in wishes:
        by_day[rng.randint(1, 60)].append(wish.pk)
    for days, ids in sorted(by_day.items()):
        posted, verified = _at(days, 9), _at(days - 1, 8) if days > 1 else _at(days, 15)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            Wish.objects.filter(pk__in=chunk).update(posted_at=posted, verified_at=verified)
            WishEvent.objects.filter(wish_id__in=chunk, action=WishEvent.Action.POSTED).update(at=posted)
            WishEvent.objects.filter(wish_id__in=chunk, action=WishEvent.Action.APPROVED).update(at=verified)
    counts = Counter(w.community_id for w in wishes)
    units = OrgUnit.objects.in_bulk(list(counts))
    for community_id, count in sorted(counts.items()):
        unit = units[community_id]
        record_event(
            by=None,
            action="wishes.demo.load",
            obj=unit,
            community_id=unit.pk,
            county_id=unit.county_id,
            details={"open_wishes": count, "seed": seed},
        )
    log(f"  {len(wishes):,} open wishes on the county's walls")
    return len(wishes)
