"""Scoped reads of activities: staff and leaders through for_user, volunteers through their community."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from activities.models import Activity, ActivityBeneficiary, ActivityPhoto, ActivitySeries, SignUp
from core.roles import Cap
from core.scoping import scope_for
from core.typing import Viewer
from registry.models import Household, OrgUnit, PartnerUnit, Resident
from volunteering.models import Skill, Team, Volunteer
from volunteering.queries import own_active_volunteer

VIEW, RECORD, MANAGE = Cap.VOLUNTEERING_VIEW, Cap.VOLUNTEERING_RECORD, Cap.VOLUNTEERING_MANAGE
# A public summary is of an activity that took place: never a draft's or a cancelled one's.
TOOK_PLACE = (Activity.Status.PUBLISHED, Activity.Status.FINISHED)


def activities_for_user(user: Viewer, cap: str = VIEW) -> QuerySet[Activity]:
    """Activities a user sees with `cap`: staff their communities', leaders their teams', the county all."""
    return Activity.objects.for_user(user, cap)


_LOOK_UP = object()  # "find the user's own volunteer", as against a caller's "they have none"


def _volunteer_q(user: Viewer, volunteer: Any = _LOOK_UP) -> Q | None:
    """A registered volunteer sees the published (and past) activities of their own community."""
    if volunteer is _LOOK_UP:
        volunteer = own_active_volunteer(user)
    if volunteer is None:
        return None
    shown = [Activity.Status.PUBLISHED, Activity.Status.CANCELLED, Activity.Status.FINISHED]
    return Q(community_id=volunteer.community_id, status__in=shown)


def visible_activities(user: Viewer, volunteer: Any = _LOOK_UP) -> QuerySet[Activity]:
    """`volunteer`, the user's own active volunteer (or None) when the caller has read it already."""
    managed = activities_for_user(user, VIEW)
    q = _volunteer_q(user, volunteer)
    if q is None:
        return managed
    return (managed | Activity.objects.filter(q)).distinct()


def can_manage(user: Viewer, activity: Activity) -> bool:
    """What services.require_organiser allows: staff of the community, the organising team's leader."""
    return activities_for_user(user, RECORD).filter(pk=activity.pk).exists()


def get_activity_for_user(user: Viewer, pk: int | str, *, manage: bool = False, volunteer: Any = _LOOK_UP) -> Activity:
    """An activity: 404 outside what the user sees, 403 when `manage` and the user only reads.

    `volunteer`: `own_active_volunteer(user)` when the caller needs it too, so it is read once."""
    try:
        activity = visible_activities(user, volunteer).select_related("community", "team", "place", "series").get(pk=pk)
    except (Activity.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
    if manage and not can_manage(user, activity):
        raise PermissionDenied
    return activity


def get_signup_for_manager(user: Viewer, pk: int | str, signup_pk: int | str) -> tuple[Activity, SignUp]:
    activity = get_activity_for_user(user, pk, manage=True)
    try:
        return activity, activity.signups.select_related("volunteer").get(pk=signup_pk)
    except (SignUp.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def community_activities(user: Viewer, *, status: str = "") -> QuerySet[Activity]:
    qs = activities_for_user(user, VIEW).select_related("community", "team").order_by("-starts_at", "-pk")
    return qs.filter(status=status) if status else qs


def organisable_communities(user: Viewer) -> QuerySet[OrgUnit]:
    """Communities the user may organise in: as staff, or as a leader of one of its teams."""
    scope = scope_for(user)
    if scope.is_superuser:
        return OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNITY)
    led = Team.objects.for_user(user, RECORD).values("community_id")
    return OrgUnit.objects.filter(
        Q(pk__in=sorted(scope.community_ids(MANAGE))) | Q(pk__in=led), kind=OrgUnit.Kind.COMMUNITY
    ).order_by("code")


def organisable_teams(user: Viewer) -> QuerySet[Team]:
    """Teams the user may organise for: every team of a staff member's community, a leader's own."""
    scope = scope_for(user)
    if scope.is_superuser:
        return Team.objects.all()
    return Team.objects.filter(
        Q(community_id__in=sorted(scope.community_ids(MANAGE))) | Q(pk__in=Team.objects.for_user(user, RECORD))
    ).order_by("community_id", "name")


def places_of(communities: QuerySet[OrgUnit]) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(
        community__in=communities, kind__in=[OrgUnit.Kind.COMPOUND, OrgUnit.Kind.BUILDING]
    ).order_by("code")


def partner_units_of(communities: QuerySet[OrgUnit]) -> QuerySet[PartnerUnit]:
    return PartnerUnit.objects.filter(communities__in=communities).distinct().order_by("name")


def skills_of(communities: QuerySet[OrgUnit]) -> QuerySet[Skill]:
    return Skill.objects.filter(Q(community__isnull=True) | Q(community__in=communities))


# --- volunteers -----------------------------------------------------------------------------------


def upcoming_for_volunteer(
    volunteer: Volunteer,
    *,
    now: dt.datetime,
    kind: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    compound: OrgUnit | None = None,
    my_skills: bool = False,
) -> QuerySet[Activity]:
    """Published activities of the volunteer's community that have not ended, soonest first."""
    qs = Activity.objects.filter(
        community_id=volunteer.community_id, status=Activity.Status.PUBLISHED, ends_at__gt=now
    ).select_related("place", "team")
    if kind:
        qs = qs.filter(kind=kind)
    if date_from:
        qs = qs.filter(starts_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(starts_at__date__lte=date_to)
    if compound is not None:
        qs = qs.filter(Q(place=compound) | Q(place__parent=compound))
    if my_skills:
        # Activities that ask for none of the volunteer's skills are not a match.
        qs = qs.filter(required_skills__in=volunteer.skills.values("pk")).distinct()
    return qs.order_by("starts_at", "pk")


def attach_own_signups(activities: Iterable[Activity], volunteer: Volunteer) -> None:
    """Set `my_signup` on each activity: the volunteer's live sign-up or None, in one query."""
    live = [SignUp.Status.PENDING, SignUp.Status.CONFIRMED, SignUp.Status.WAITLISTED]
    activities = list(activities)  # walked twice
    ids = [a.pk for a in activities]
    mine = {s.activity_id: s for s in SignUp.objects.filter(activity_id__in=ids, volunteer=volunteer, status__in=live)}
    for a in activities:
        a.my_signup = mine.get(a.pk)


def live_signup(activity: Activity, volunteer: Volunteer | None) -> SignUp | None:
    if volunteer is None:
        return None
    live = [SignUp.Status.PENDING, SignUp.Status.CONFIRMED, SignUp.Status.WAITLISTED]
    return activity.signups.filter(volunteer=volunteer, status__in=live).first()


def waitlist_position(signup: SignUp) -> int | None:
    if signup.status != SignUp.Status.WAITLISTED:
        return None
    return SignUp.objects.filter(
        activity_id=signup.activity_id, status=SignUp.Status.WAITLISTED, pk__lte=signup.pk
    ).count()


def own_signups(volunteer: Volunteer) -> QuerySet[SignUp]:
    return (
        SignUp.objects.filter(volunteer=volunteer)
        .exclude(status=SignUp.Status.CANCELLED)
        .select_related("activity", "activity__place")
        .order_by("-activity__starts_at")
    )


def compounds_of(community_id: int) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(community_id=community_id, kind=OrgUnit.Kind.COMPOUND).order_by("code")


def roster(activity: Activity) -> dict[str, list[SignUp]]:
    rows = activity.signups.select_related("volunteer").order_by("pk")
    groups: dict[str, list[SignUp]] = {"confirmed": [], "waitlisted": [], "pending": []}
    for s in rows:
        if s.status in groups:
            groups[s.status].append(s)
    return groups


# --- the summary after the activity ----------------------------------------------------------------


def summary_numbers(activity: Activity) -> dict[str, Any]:
    """Volunteers checked in, hours credited to the ledger, and residents served (distinct people)."""
    return numbers_of([activity])[activity.pk]


def numbers_of(activities: list[Activity]) -> dict[int, dict[str, Any]]:
    """summary_numbers for many activities in four queries, whatever their number (the public page)."""
    ids = [a.pk for a in activities]
    volunteers = dict(
        SignUp.objects.filter(activity_id__in=ids, checked_in_at__isnull=False)
        .values_list("activity_id")
        .annotate(n=Count("pk"))
    )
    hours = dict(
        SignUp.objects.filter(activity_id__in=ids, record__isnull=False)
        .values_list("activity_id")
        .annotate(h=Sum("record__hours"))
    )
    linked = list(
        ActivityBeneficiary.objects.filter(activity_id__in=ids).values_list(
            "activity_id", "resident_id", "household_id"
        )
    )
    members: dict[int, set[int]] = {}
    households = {h for _a, _r, h in linked if h}
    for household_id, resident_id in Resident.objects.filter(household_id__in=households).values_list(
        "household_id", "pk"
    ):
        members.setdefault(household_id, set()).add(resident_id)
    served: dict[int, set[int]] = {}
    for activity_id, resident_id, household_id in linked:
        people = served.setdefault(activity_id, set())
        people |= {resident_id} if resident_id else members.get(household_id, set())
    return {
        a.pk: {
            "volunteers": volunteers.get(a.pk, 0),
            "hours": hours.get(a.pk) or Decimal(0),
            # Linked people counted once each; without links, the count entered by the organiser.
            "residents": len(served[a.pk]) if a.pk in served else a.residents_served,
        }
        for a in activities
    }


def linked_beneficiaries(user: Viewer, activity: Activity) -> QuerySet[ActivityBeneficiary]:
    """The linked residents and households the user may see in the registry (a leader may see none)."""
    residents = Resident.objects.for_user(user, Cap.REGISTRY_VIEW)
    return (
        activity.beneficiaries.filter(
            Q(resident__in=residents) | Q(household__in=Household.objects.for_user(user, Cap.REGISTRY_VIEW))
        )
        .select_related("resident", "household", "household__building")
        .order_by("pk")
    )


def beneficiary_choices(user: Viewer, activity: Activity, search: str) -> QuerySet[Resident]:
    """Residents of the activity's community the user may see in the registry, found by name."""
    qs = Resident.objects.for_user(user, Cap.REGISTRY_VIEW).filter(community_id=activity.community_id)
    search = (search or "").strip()
    return qs.filter(name__icontains=search).order_by("name", "pk")[:50] if search else qs.none()


def published_summaries(community: OrgUnit) -> list[tuple[Activity, dict[str, Any]]]:
    """The public page: its photos come in one more query, whatever the number of summaries."""
    activities = list(
        Activity.objects.filter(community=community, summary_published=True, status__in=TOOK_PLACE)
        .prefetch_related(Prefetch("photos", queryset=ActivityPhoto.objects.order_by("position", "pk")))
        .order_by("-starts_at", "-pk")[:50]
    )
    numbers = numbers_of(activities)
    return [(a, numbers[a.pk]) for a in activities]


def get_summary_activity_for_user(user: Viewer, pk: int | str, *, manage: bool = False) -> Activity:
    """An activity's summary: its organisers and readers of the community's activities (staff, leaders,
    the county); a volunteer who only browses activities gets 403, outside the scope 404."""
    activity = get_activity_for_user(user, pk, manage=manage)
    if not activities_for_user(user).filter(pk=activity.pk).exists():
        raise PermissionDenied
    return activity


def summary_photos(activity: Activity) -> QuerySet[ActivityPhoto]:
    return activity.photos.order_by("position", "pk")


def get_summary_photo(activity: Activity, photo_pk: int | str) -> ActivityPhoto:
    """A photo of an activity the caller already fetched in scope; 404 for another activity's."""
    try:
        return activity.photos.select_related("activity").get(pk=photo_pk)
    except (ActivityPhoto.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def get_public_photo(community_pk: int, photo_pk: int | str) -> ActivityPhoto:
    """A photo anyone may see: of a published summary of that community, else 404."""
    try:
        return ActivityPhoto.objects.get(
            pk=photo_pk,
            activity__community_id=community_pk,
            activity__summary_published=True,
            activity__status__in=TOOK_PLACE,
        )
    except (ActivityPhoto.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def public_community(pk: int | str) -> OrgUnit:
    try:
        return OrgUnit.objects.get(pk=pk, kind=OrgUnit.Kind.COMMUNITY)
    except (OrgUnit.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


# --- recurring activities -------------------------------------------------------------------------


def series_occurrences(user: Viewer, series: ActivitySeries) -> QuerySet[Activity]:
    """The occurrences of a series the user sees, in date order."""
    return visible_activities(user).filter(series=series).order_by("starts_at", "pk")


def get_series_for_user(user: Viewer, pk: int | str) -> ActivitySeries:
    """A series is seen by whoever sees one of its occurrences; 404 otherwise, as for a missing one."""
    try:
        series = ActivitySeries.objects.select_related("community").get(pk=pk)
    except (ActivitySeries.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
    if not series_occurrences(user, series).exists():
        raise Http404
    return series


# --- the calendar ---------------------------------------------------------------------------------


def activities_by_day(user: Viewer, first: dt.date, last: dt.date) -> dict[dt.date, list[Activity]]:
    """What the user sees starting on the days first..last (local time), by day, in one query."""
    start = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min))
    qs = visible_activities(user).filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at", "pk")
    days: dict[dt.date, list[Activity]] = {}
    for activity in qs:
        days.setdefault(timezone.localtime(activity.starts_at).date(), []).append(activity)
    return days
