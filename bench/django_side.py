"""The parts of the benchmark that run inside Django, against DATABASE_URL; run.py calls them.

    python bench/django_side.py status          communities, residents, demo logins present
    python bench/django_side.py queries         search terms drawn from the registry, as JSON
    python bench/django_side.py inprocess FILE  time queries.search_residents without HTTP
    python bench/django_side.py import ROWS     build a roster of ROWS rows and time import_roster
    python bench/django_side.py volunteering    what the volunteering figures ask for (teams, year, counts)
    python bench/django_side.py vol-inprocess   time volunteering queries without HTTP

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
    from registry.models import OrgUnit, Resident
    from volunteering.models import ServiceRecord, Volunteer

    return {
        "communities": OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNITY).count(),
        "residents": Resident.objects.count(),
        "volunteers": Volunteer.objects.count(),
        "service_records": ServiceRecord.objects.count(),
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
    else:
        raise SystemExit(f"unknown command {command!r}")
    print(json.dumps(out, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
