"""The parts of the benchmark that run inside Django, against DATABASE_URL; run.py calls them.

    python bench/django_side.py status          communities, residents, demo logins present
    python bench/django_side.py queries         search terms drawn from the registry, as JSON
    python bench/django_side.py inprocess FILE  time queries.search_residents without HTTP
    python bench/django_side.py import ROWS     build a roster of ROWS rows and time import_roster
    python bench/django_side.py volunteering    what the volunteering figures ask for (teams, year, counts)
    python bench/django_side.py vol-inprocess   time volunteering queries without HTTP
    python bench/django_side.py activities      what the activities figures ask for (pages, counts)
    python bench/django_side.py act-inprocess   time the upcoming list's queries without HTTP
    python bench/django_side.py signup-setup N PLACES   a fresh activity and N volunteers' sessions
    python bench/django_side.py signup-verify PK STARTED   count its sign-ups, then remove it
    python bench/django_side.py wishes-load     the county's 10,000 open wishes, unless loaded already
    python bench/django_side.py wishes          what the wish wall figures ask for (walls, counts)
    python bench/django_side.py wishes-inprocess   time the walls' queries without HTTP
    python bench/django_side.py claim-setup N COUNT   N fresh open wishes of 城南 and COUNT volunteers' sessions
    python bench/django_side.py claim-verify    count their claims, then remove the wishes

Each prints one JSON object on its last line of output.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def status() -> dict:
    from accounts.models import User
    from activities.models import Activity, SignUp
    from registry.models import OrgUnit, Resident
    from volunteering.models import ServiceRecord, Volunteer
    from wishes.models import Wish

    return {
        "communities": OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNITY).count(),
        "residents": Resident.objects.count(),
        "volunteers": Volunteer.objects.count(),
        "service_records": ServiceRecord.objects.count(),
        "activities": Activity.objects.count(),
        "sign_ups": SignUp.objects.count(),
        "wishes": Wish.objects.count(),
        "open_wishes": Wish.objects.filter(status=Wish.Status.OPEN).count(),
        "logins": sorted(User.objects.filter(username__in=["staff", "county"]).values_list("username", flat=True)),
    }


def queries(count: int = 40) -> dict:
    """Search terms a person would type, drawn from real rows: for staff of 城南 and for the county."""
    from registry.models import OrgUnit, Resident
    from registry.pinyin import name_readings

    rng = random.Random(7)
    chengnan = OrgUnit.objects.get(kind=OrgUnit.Kind.COMMUNITY, name="城南社区", town__name="双城镇")
    terms = {}
    for who, residents in (
        ("staff", Resident.objects.filter(community=chengnan)),
        ("county", Resident.objects.all()),
    ):
        top = residents.order_by("-pk").values_list("pk", flat=True).first()
        picks = []
        while len(picks) < count:
            row = residents.filter(pk__gte=rng.randint(1, top)).order_by("pk").values("name", "phone_last4").first()
            if row and row["phone_last4"]:
                picks.append(row)
        readings = [[group[0] for group in name_readings(p["name"])] for p in picks]
        terms[who] = {
            "name prefix": [p["name"][:2] for p in picks],
            "pinyin initials": ["".join(s[0] for s in r) for r in readings],
            "full pinyin": ["".join(r) for r in readings],
            "phone last 4": [p["phone_last4"] for p in picks],
        }
    return terms


def inprocess(terms_file: str, repeat: int = 5) -> dict:
    """The fallback while the search page is a placeholder: the query function, no HTTP."""
    from accounts.models import User
    from registry.queries import search_residents

    terms = json.loads(Path(terms_file).read_text())
    results = {}
    for who, kinds in terms.items():
        user = User.objects.get(username=who)
        for kind, words in kinds.items():
            times = []
            for _ in range(repeat):
                for word in words:
                    user.__dict__.pop("_linli_scope", None)  # a new request builds its scope anew
                    started = time.perf_counter()
                    search_residents(user, word)
                    times.append((time.perf_counter() - started) * 1000)
            times.sort()
            results[f"{who}: search {kind}"] = {
                "n": len(times),
                "p50": round(statistics.median(times), 2),
                "p95": round(times[round(0.95 * (len(times) - 1))], 2),
                "max": round(times[-1], 2),
            }
    return results


def roster(rows: int) -> bytes:
    """`rows` valid roster rows for 城南社区: new households of three, and tenants joining existing ones."""
    from openpyxl import Workbook

    from core.idcard import make_id_number
    from registry import imports as im
    from registry.demo_names import People
    from registry.models import Household, OrgUnit

    people = People(random.Random(11))
    chengnan = OrgUnit.objects.get(kind=OrgUnit.Kind.COMMUNITY, name="城南社区", town__name="双城镇")
    buildings = list(
        OrgUnit.objects.filter(community=chengnan, kind=OrgUnit.Kind.BUILDING)
        .select_related("parent")
        .order_by("parent__sort_order", "sort_order")
    )
    existing = list(
        Household.objects.filter(community=chengnan).values_list("compound__name", "building__name", "unit", "room")
    )
    used: set[tuple[str, str]] = set()

    def id_number(born: dt.date, gender: str) -> str:
        # A region the demo never uses (屏南县), so no number clashes with the registry.
        while True:
            sequence = people.rng.randrange(500)
            if (born.isoformat(), f"{sequence}{gender}") not in used:
                used.add((born.isoformat(), f"{sequence}{gender}"))
                return make_id_number(region="350923", birth_date=born, sequence=sequence, gender=gender)

    def person(age: int, gender: str, surname: str | None = None) -> tuple[str, str, dt.date]:
        born = people.birth_date(age)
        return people.name(gender, born, surname), id_number(born, gender), born

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(im.ROSTER_SHEET)
    ws.append(im.COLUMNS)
    written, home = 0, 0
    while written < rows:
        if home % 5 == 4:  # a tenant joins a registered household
            compound, building, unit, room = existing[home % len(existing)]
            name, number, _born = person(people.rng.randint(20, 45), people.rng.choice("MF"))
            ws.append([compound, building, unit, room, name, "租户", number, "", "", people.mobile(), "", "", ""])
            written += 1
        else:  # a new household: head, spouse and a child under 14 with the mother as guardian
            place = buildings[home % len(buildings)]
            room = f"{9000 + home // len(buildings)}"
            head, head_id, _ = person(people.rng.randint(28, 45), "M")
            spouse, spouse_id, _ = person(people.rng.randint(26, 43), "F")
            child, child_id, _ = person(people.rng.randint(1, 12), people.rng.choice("MF"), head[0])
            base = [place.parent.name, place.name, "", room]
            tag = "低保" if home % 50 == 0 else ""
            for values in (
                [head, "户主", head_id, "", "", people.mobile(), "", tag, "是"],
                [spouse, "配偶", spouse_id, "", "", people.mobile(), "", "", "是"],
                [child, "子女", child_id, "", "", "", spouse, "", "是"],
            ):
                if written < rows:
                    ws.append(base + values)
                    written += 1
        home += 1
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def import_(rows: int) -> dict:
    try:
        from registry.imports import import_roster
    except ImportError:
        return {"skipped": "import not available (registry.imports.import_roster is missing)"}
    from django.core.files.base import ContentFile

    from accounts.models import User
    from registry.models import OrgUnit, Resident, RosterImport

    staff = User.objects.get(username="staff")
    chengnan = OrgUnit.objects.get(kind=OrgUnit.Kind.COMMUNITY, name="城南社区", town__name="双城镇")
    started = time.perf_counter()
    content = roster(rows)
    built = time.perf_counter() - started
    roster_import = RosterImport.objects.create(
        county_id=chengnan.county_id,
        community=chengnan,
        created_by=staff,
        file=ContentFile(content, name="bench-roster.xlsx"),
        original_name="bench-roster.xlsx",
    )
    before = Resident.objects.count()
    started = time.perf_counter()
    result = import_roster(by=staff, roster_import=roster_import)
    seconds = time.perf_counter() - started
    return {
        "rows": rows,
        "file_mb": round(len(content) / 1e6, 1),
        "build_file_seconds": round(built, 1),
        "seconds": round(seconds, 1),
        "rows_per_second": round(rows / seconds),
        "status": result.status,
        "created": Resident.objects.count() - before,
        "errors": result.errors[:3],
    }


def volunteering() -> dict:
    """城南's patrol team and the last full year: the team leaderboard's and the hours total's subject."""
    from django.db.models import Count
    from django.utils import timezone

    from registry.models import OrgUnit
    from volunteering.models import ServiceRecord, Team

    chengnan = OrgUnit.objects.get(kind=OrgUnit.Kind.COMMUNITY, name="城南社区", town__name="双城镇")
    patrol = Team.objects.get(community=chengnan, name="治安巡逻队")
    year = timezone.localdate().year - 1
    in_year = ServiceRecord.objects.filter(served_on__year=year, status=ServiceRecord.Status.RECORDED)
    records = dict(
        ServiceRecord.objects.filter(volunteer__user__username__in=["leader", "volunteer"])
        .values_list("volunteer__user__username")
        .annotate(n=Count("pk"))
    )
    return {
        "community": chengnan.pk,
        "team": patrol.pk,
        "year": year,
        "records": records,
        "team_records_in_year": in_year.filter(team=patrol).count(),
        "community_records_in_year": in_year.filter(community=chengnan).count(),
        "county_records_in_year": in_year.count(),
    }


def _timed(call, repeat: int, user=None) -> dict:
    times = []
    for _ in range(repeat):
        if user is not None:
            user.__dict__.pop("_linli_scope", None)  # a new request builds its scope anew
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "n": len(times),
        "p50": round(statistics.median(times), 2),
        "p95": round(times[round(0.95 * (len(times) - 1))], 2),
        "max": round(times[-1], 2),
    }


def vol_inprocess(targets_file: str, repeat: int = 60) -> dict:
    """What no page answers yet (a community's and the county's hours total for a year), and the
    pages' query functions: the same calls the views make, without HTTP or templates."""
    from django.db.models import Sum

    from accounts.models import User
    from registry.models import OrgUnit
    from volunteering import queries
    from volunteering.models import ServiceRecord, Team

    targets = json.loads(Path(targets_file).read_text())
    year = targets["year"]
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    staff, county, leader = (User.objects.get(username=u) for u in ("staff", "county", "leader"))
    community = OrgUnit.objects.get(pk=targets["community"])
    team = Team.objects.get(pk=targets["team"])

    def hours_total(user, **where):
        recorded = queries.records_for_user(user).filter(
            status=ServiceRecord.Status.RECORDED, served_on__gte=start, served_on__lte=end, **where
        )
        return recorded.aggregate(total=Sum("hours"))["total"]

    def my_page(user):
        volunteer = queries.own_active_volunteer(user)
        queries.volunteer_figures(volunteer)
        page = list(queries.volunteer_records(volunteer)[:20])
        queries.attach_effective_hours(page)
        list(queries.volunteer_certificates(volunteer))

    def board(user, team):
        list(queries.leaderboard(user, community=community, team=team, start=start, end=end).object_list)

    return {
        "staff: community hours total, a year": _timed(lambda: hours_total(staff, community=community), repeat, staff),
        "county: community hours total, a year": _timed(
            lambda: hours_total(county, community=community), repeat, county
        ),
        "county: county hours total, a year": _timed(lambda: hours_total(county), repeat // 3, county),
        "leader: my page queries": _timed(lambda: my_page(leader), repeat, leader),
        "staff: team leaderboard queries": _timed(lambda: board(staff, team), repeat, staff),
        "staff: community leaderboard queries": _timed(lambda: board(staff, None), repeat, staff),
    }


# --- activities -------------------------------------------------------------------------------------


def activities() -> dict:
    """The pages the activities figures open: the demo volunteer's upcoming list and one activity,
    the leader's patrol today or tomorrow (its roster), 城南's activity with the most sign-ups."""
    from django.db.models import Count
    from django.utils import timezone

    from accounts.models import User
    from activities import queries
    from activities.models import Activity, SignUp
    from registry.models import OrgUnit

    chengnan = OrgUnit.objects.get(kind=OrgUnit.Kind.COMMUNITY, name="城南社区", town__name="双城镇")
    volunteer = User.objects.get(username="volunteer").volunteer
    leader = User.objects.get(username="leader")
    now, today = timezone.now(), timezone.localdate()
    upcoming = list(queries.upcoming_for_volunteer(volunteer, now=now))
    matched = list(queries.upcoming_for_volunteer(volunteer, now=now, my_skills=True))
    # An activity the volunteer may still sign up for, as a volunteer opens it from the list.
    open_one = next(
        a for a in upcoming if a.eligibility == Activity.Eligibility.ANYONE and a.confirmed_count < a.places
    )
    midnight = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    patrol = (
        queries.activities_for_user(leader, queries.RECORD)
        .filter(starts_at__gte=midnight, starts_at__lt=midnight + dt.timedelta(days=2), confirmed_count__gt=0)
        .order_by("starts_at")
        .first()
    )
    largest = Activity.objects.filter(community=chengnan).annotate(n=Count("signups")).order_by("-n", "pk").first()
    return {
        "community": chengnan.pk,
        "upcoming": len(upcoming),
        "upcoming_my_skills": len(matched),
        "open_activity": open_one.pk,
        "leader_activity": patrol.pk,
        "leader_activity_signups": patrol.signups.count(),
        "largest_activity": largest.pk,
        "largest_activity_signups": largest.n,
        "community_activities": Activity.objects.filter(community=chengnan).count(),
        "volunteer_signups": SignUp.objects.filter(volunteer=volunteer).count(),
    }


def act_inprocess(repeat: int = 60) -> dict:
    """The upcoming list's queries (the page's own calls, without HTTP or templates)."""
    from django.utils import timezone

    from accounts.models import User
    from activities import queries

    volunteer = User.objects.get(username="volunteer").volunteer

    def upcoming(**filters):
        page = list(queries.upcoming_for_volunteer(volunteer, now=timezone.now(), **filters)[:100])
        queries.attach_own_signups(page, volunteer)

    return {
        "volunteer: upcoming list queries": _timed(upcoming, repeat),
        "volunteer: upcoming, my skills queries": _timed(lambda: upcoming(my_skills=True), repeat),
    }


BENCH_USER = "bench-signup-{:04d}"


def _bench_volunteers(community, count: int) -> list:
    """`count` active volunteers of the community with a login each (made once, reused by later runs)."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from volunteering.models import Volunteer

    users = list(User.objects.filter(username__startswith="bench-signup-").order_by("username"))
    if len(users) < count:
        free = Volunteer.objects.filter(
            community=community, status=Volunteer.Status.ACTIVE, user__isnull=True
        ).order_by("number")[: count - len(users)]
        for n, volunteer in enumerate(free, start=len(users) + 1):
            user = User.objects.create(
                username=BENCH_USER.format(n), display_name=volunteer.name, password=make_password(None)
            )
            Volunteer.objects.filter(pk=volunteer.pk).update(user=user)
            users.append(user)
    return users


def _sessions(users: list) -> list[str]:
    """A database session for each user, as the login form leaves it."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = []
    for user in users:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        keys.append(session.session_key)
    return keys


def signup_setup(count: int, places: int) -> dict:
    """A fresh published activity of 城南 with `places` places, and `count` of 城南's volunteers
    logged in: a database session each, as the login form leaves it (accounts made once, reused)."""
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from activities import services
    from activities.models import Activity
    from registry.models import OrgUnit

    chengnan = OrgUnit.objects.get(kind=OrgUnit.Kind.COMMUNITY, name="城南社区", town__name="双城镇")
    staff = User.objects.get(username="staff")
    started = timezone.now()
    with transaction.atomic():
        users = _bench_volunteers(chengnan, count)
        starts = (timezone.now() + dt.timedelta(days=30)).replace(microsecond=0)
        activity = services.create_activity(
            by=staff,
            community=chengnan,
            title="报名并发测试",
            kind=Activity.Kind.CUSTOM,
            custom_kind="基准测试",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            places=places,
            signup_deadline=starts - dt.timedelta(days=1),
        )
        services.publish_activity(by=staff, activity=activity)
    sessions = _sessions(users[:count])
    return {"activity": activity.pk, "places": places, "sessions": sessions, "started": started.isoformat()}


def signup_verify(pk: int, started: str) -> dict:
    """What the sign-ups left in the database. Then the activity, its sign-ups, the notifications
    they sent and their queued deliveries are removed, so that the next run starts from the same
    data (the audit rows stay: the log is append-only; the sessions expire)."""
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from activities.models import Activity, SignUp
    from notifications.models import Notification

    activity = Activity.objects.get(pk=pk)
    by_status = dict(SignUp.objects.filter(activity=activity).values_list("status").annotate(n=Count("pk")))
    doubles = (
        SignUp.objects.filter(activity=activity).values("volunteer_id").annotate(n=Count("pk")).filter(n__gt=1).count()
    )
    out = {
        "places": activity.places,
        "confirmed_count": activity.confirmed_count,
        "by_status": by_status,
        "rows": sum(by_status.values()),
        "volunteers_twice": doubles,
    }
    since = dt.datetime.fromisoformat(started)
    Notification.objects.filter(user__username__startswith="bench-signup-", created_at__gte=since).delete()
    DBTaskResult.objects.filter(enqueued_at__gte=since, task_path__endswith="deliver_notification").delete()
    activity.delete()
    return out


# --- the wish wall ----------------------------------------------------------------------------------


def wishes_load() -> dict:
    """The county's open wishes, for a database built before the preset had the wish wall.

    The county part of the preset writes one audit row per community ("wishes.demo.load"): where
    they are, nothing is written. 城南's year of wishes is left to a full build; the figures need
    only the county's walls, which hold 城南's too.
    """
    from django.db import connection, transaction

    from core.models import AuditEvent
    from registry.demo import SEED
    from wishes import demo as wishes_demo
    from wishes.models import Wish

    if AuditEvent.objects.filter(action="wishes.demo.load").exists():
        return {"open_wishes": Wish.objects.filter(status=Wish.Status.OPEN).count(), "loaded": 0}
    started = time.perf_counter()
    with transaction.atomic():
        loaded = wishes_demo._county_wall(seed=SEED, log=lambda line: None)
    # As load_demo does after a bulk load: the walls' plans depend on the statistics.
    with connection.cursor() as cursor:
        for table in (Wish._meta.db_table, "wishes_wishevent"):
            cursor.execute(f"ANALYZE {table}")
    return {
        "open_wishes": Wish.objects.filter(status=Wish.Status.OPEN).count(),
        "loaded": loaded,
        "seconds": round(time.perf_counter() - started, 1),
    }


def _chengnan():
    from registry.models import OrgUnit

    return OrgUnit.objects.select_related("county").get(
        kind=OrgUnit.Kind.COMMUNITY, name="城南社区", town__name="双城镇"
    )


def wishes() -> dict:
    """What the wall figures open: 城南's wall, its compound with the most wishes, a card, the county's wall."""
    from collections import Counter

    from wishes import queries
    from wishes.models import Wish

    chengnan = _chengnan()
    county = chengnan.county
    goods = Wish.Category.GOODS
    community_wall = list(queries.wall(community=chengnan))
    compound, on_compound = Counter(row["compound_id"] for row in community_wall).most_common(1)[0]
    county_wall = queries.wall(county=county).count()
    return {
        "county": county.pk,
        "community": chengnan.pk,
        "compound": compound,
        "card": community_wall[0]["id"],
        "community_wall": len(community_wall),
        "community_goods": sum(row["category"] == goods for row in community_wall),
        "compound_wall": on_compound,
        "county_wall": county_wall,
        "county_goods": queries.wall(county=county, category=goods).count(),
        "county_pages": -(-county_wall // PAGE),
        "open_wishes": Wish.objects.filter(status=Wish.Status.OPEN).count(),
    }


PAGE = 24  # the wall's cards a page, in the page and the API


def wishes_inprocess(repeat: int = 60) -> dict:
    """The walls' two queries (the count for the pages, then one page of cards), without HTTP or templates."""
    from django.core.paginator import Paginator

    from wishes import queries

    chengnan = _chengnan()
    county = chengnan.county

    def page(number: int, **where) -> None:
        list(Paginator(queries.wall(**where), PAGE).get_page(number))

    return {
        "community wall queries": _timed(lambda: page(1, community=chengnan), repeat),
        "county wall, page 1 queries": _timed(lambda: page(1, county=county), repeat),
        "county wall, page 50 queries": _timed(lambda: page(50, county=county), repeat),
        "county wall, goods, page 50 queries": _timed(lambda: page(50, county=county, category="goods"), repeat),
    }


BENCH_WISH = "认领并发测试"


def claim_setup(count: int, claimants: int) -> dict:
    """`count` fresh open wishes on 城南's wall, each for a resident without one, and `claimants` of
    城南's volunteers logged in (the sign-up run's accounts). Leftovers of an interrupted run go first."""
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from core.pii import mask_name
    from registry.models import Resident
    from wishes.models import Wish

    chengnan = _chengnan()
    staff = User.objects.get(username="staff")
    now, today = timezone.now(), timezone.localdate()
    with transaction.atomic():
        Wish.objects.filter(community=chengnan, title=BENCH_WISH).delete()
        users = _bench_volunteers(chengnan, claimants)
        busy = Wish.objects.filter(status__in=Wish.ACTIVE).values("beneficiary_id")
        residents = (
            Resident.objects.filter(community=chengnan, status=Resident.Status.ACTIVE)
            .exclude(pk__in=busy)
            .order_by("pk")
            .values_list("pk", "name", "household_id", "household__compound_id", "household__grid_group_id")
        )
        Wish.objects.bulk_create(
            Wish(
                county_id=chengnan.county_id,
                community=chengnan,
                compound_id=compound_id,
                household_id=household_id,
                grid_group_id=group_id,
                beneficiary_id=pk,
                masked_name=mask_name(name),
                title=BENCH_WISH,
                category=Wish.Category.GOODS,
                value=50,
                wanted_by=today + dt.timedelta(days=30),
                status=Wish.Status.OPEN,
                via=Wish.Via.STAFF,
                posted_by=staff,
                verified_by=staff,
                verified_at=now,
            )
            for pk, name, household_id, compound_id, group_id in residents[:count]
        )
    pks = list(Wish.objects.filter(community=chengnan, title=BENCH_WISH).order_by("pk").values_list("pk", flat=True))
    return {"community": chengnan.pk, "wishes": pks, "sessions": _sessions(users[:claimants])}


def claim_verify() -> dict:
    """What the claims left in the database; then the wishes, their claims and history are removed,
    so that the next run starts from the same data (the audit rows stay: the log is append-only)."""
    from django.db.models import Count

    from wishes.models import Wish, WishClaim, WishEvent

    mine = Wish.objects.filter(community=_chengnan(), title=BENCH_WISH)
    claims = WishClaim.objects.filter(wish__in=mine)
    active = claims.filter(status=WishClaim.Status.ACTIVE)
    by_status = dict(mine.values_list("status").annotate(n=Count("pk")))
    out = {
        "wishes": sum(by_status.values()),
        "by_status": by_status,
        "claims": claims.count(),
        "active_claims": active.count(),
        # A wish with two claims of any status, or two active ones: a double claim.
        "claimed_twice": claims.values("wish_id").annotate(n=Count("pk")).filter(n__gt=1).count(),
        "active_twice": active.values("wish_id").annotate(n=Count("pk")).filter(n__gt=1).count(),
        "claimed_without_claim": mine.filter(status=Wish.Status.CLAIMED).exclude(claims__in=active).count(),
        "claimants": active.values("user_id").distinct().count(),
        "claim_events": WishEvent.objects.filter(wish__in=mine, action=WishEvent.Action.CLAIMED).count(),
    }
    mine.delete()
    return out


def main() -> None:
    import django

    django.setup()
    command, *args = sys.argv[1:]
    if command == "status":
        out = status()
    elif command == "queries":
        out = queries()
    elif command == "inprocess":
        out = inprocess(args[0])
    elif command == "import":
        out = import_(int(args[0]))
    elif command == "volunteering":
        out = volunteering()
    elif command == "vol-inprocess":
        out = vol_inprocess(args[0])
    elif command == "activities":
        out = activities()
    elif command == "act-inprocess":
        out = act_inprocess()
    elif command == "signup-setup":
        out = signup_setup(int(args[0]), int(args[1]))
    elif command == "signup-verify":
        out = signup_verify(int(args[0]), args[1])
    elif command == "wishes-load":
        out = wishes_load()
    elif command == "wishes":
        out = wishes()
    elif command == "wishes-inprocess":
        out = wishes_inprocess()
    elif command == "claim-setup":
        out = claim_setup(int(args[0]), int(args[1]))
    elif command == "claim-verify":
        out = claim_verify()
    else:
        raise SystemExit(f"unknown command {command!r}")
    print(json.dumps(out, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
