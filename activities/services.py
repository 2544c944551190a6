"""Every write of activities. Keyword-only, an explicit actor, atomic, audited.

Places are enforced with a row lock on the activity (so sign-ups queue in arrival order), a
conditional update of the confirmed count, and a check constraint behind both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from activities.models import CHECKIN_EARLY, Activity, ActivityBeneficiary, ActivityPhoto, ActivitySeries, SignUp
from activities.notify import activity_event
from core.audit import record_event
from core.roles import Cap
from core.scoping import scope_for
from core.typing import Actor
from core.uploads import check_photo, clean_photo
from registry.models import Household, OrgUnit, PartnerUnit, Resident
from volunteering import services as ledger_services
from volunteering.models import Skill, Team, TeamMembership, Volunteer

CHECKIN_SALT = "activities.checkin"
# A QR code works from CHECKIN_EARLY before the start until this long after the end.
CHECKIN_LATE = dt.timedelta(hours=2)
# Enough for a summary page that loads quickly on a phone.
PHOTOS_PER_ACTIVITY = 12
# Twice a week for a year; more is a data-entry mistake rather than a plan.
SERIES_MAX_OCCURRENCES = 104
SERIES_MAX_DAYS = 366
# Dates an activity may take: far ends are typing mistakes, and years 1 or 9999 break date arithmetic.
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
PLAN_AHEAD = dt.timedelta(days=2 * 366)
PLACES_MAX = 10_000


def _audit(by: Actor, action: str, obj: Model, activity: Activity, details: dict | None = None) -> None:
    record_event(
        by=by, action=action, obj=obj, community_id=activity.community_id, county_id=activity.county_id, details=details
    )


def _drop_cover_file(name: str) -> None:
    """Delete a cover no activity uses any more (a series' occurrences share one file), after commit."""
    if name and not Activity.objects.filter(cover=name).exists():
        storage = Activity._meta.get_field("cover").storage
        transaction.on_commit(lambda: storage.delete(name))


def _replace_cover(activity: Activity, cover: Any) -> None:
    """Set (an upload) or remove (False) the cover; call inside a transaction after check_image."""
    old = activity.cover.name
    if cover is False:
        activity.cover = ""
    else:
        stored = clean_photo(cover, "cover")
        activity.cover.save(stored.name, stored, save=False)
    activity.save(update_fields=["cover"])
    _drop_cover_file(old)


def require_organiser(by: Actor, activity_or_team: Activity | Team | None, community_id: int) -> None:
    """Staff of the community, or the leader of the organising team; scripts (by=None) pass."""
    if by is None:
        return
    scope = scope_for(by)
    if scope.is_superuser or community_id in scope.community_ids(Cap.VOLUNTEERING_MANAGE):
        return
    team_id = (
        getattr(activity_or_team, "team_id", None)
        if isinstance(activity_or_team, Activity)
        else getattr(activity_or_team, "pk", None)
    )
    if team_id and team_id in scope.areas.get(Cap.VOLUNTEERING_RECORD, {}).get("team", set()):
        return
    raise PermissionDenied(_("Only the community staff or the organising team's leader can do this."))


def check_activity(
    *,
    community: OrgUnit,
    title: str,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    places: int,
    signup_deadline: dt.datetime,
    team: Team | None,
    eligibility: str,
    place: OrgUnit | None,
    confirmed_count: int = 0,
) -> None:
    errors: dict[str, str] = {}
    if not (title or "").strip():
        errors["title"] = _("Enter a title that says what the activity is.")
    if kind not in Activity.Kind.values:
        errors["kind"] = _("Choose the kind of activity from the list.")
    latest = timezone.now() + PLAN_AHEAD
    for key, moment in (("starts_at", starts_at), ("ends_at", ends_at), ("signup_deadline", signup_deadline)):
        if not EARLIEST <= moment <= latest:
            errors[key] = _("Choose a date from the year 2000 up to two years ahead.")
    if errors:
        raise ValidationError(errors)
    if ends_at <= starts_at:
        errors["ends_at"] = _("The end must be after the start.")
    if signup_deadline > starts_at:
        errors["signup_deadline"] = _("The sign-up deadline must be before the activity starts.")
    if places < 1:
        errors["places"] = _("An activity needs at least one place.")
    elif places > PLACES_MAX:
        errors["places"] = _("An activity can have at most %(max)s places.") % {"max": PLACES_MAX}
    elif places < confirmed_count:
        errors["places"] = _("%(count)s volunteers are already confirmed; places cannot be fewer than that.") % {
            "count": confirmed_count
        }
    if team is not None and team.community_id != community.pk:
        errors["team"] = _("Choose a team of this community.")
    if eligibility not in Activity.Eligibility.values:
        errors["eligibility"] = _("Choose who may sign up from the list.")
    elif eligibility == Activity.Eligibility.TEAM and team is None:
        errors["team"] = _("An activity for one team's members needs that team as its organiser.")
    if place is not None and place.community_id != community.pk:
        errors["place"] = _("Choose a compound or building of this community.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_activity(
    *,
    by: User,
    community: OrgUnit,
    title: str,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    places: int,
    signup_deadline: dt.datetime,
    team: Team | None = None,
    eligibility: str = Activity.Eligibility.ANYONE,
    place: OrgUnit | None = None,
    place_text: str = "",
    custom_kind: str = "",
    requires_approval: bool = False,
    target: str = "",
    description: str = "",
    partner_units: Iterable[PartnerUnit] = (),
    required_skills: Iterable[Skill] = (),
    series: ActivitySeries | None = None,
    cover: Any = None,
) -> Activity:
    """A draft activity; publish it to start recruiting."""
    require_organiser(by, team, community.pk)
    if cover:
        check_photo(cover, "cover")
    check_activity(
        community=community,
        title=title,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        places=places,
        signup_deadline=signup_deadline,
        team=team,
        eligibility=eligibility,
        place=place,
    )
    activity = Activity.objects.create(
        county_id=community.county_key,
        community=community,
        title=title.strip(),
        kind=kind,
        custom_kind=custom_kind.strip(),
        team=team,
        place=place,
        place_text=place_text.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        places=places,
        signup_deadline=signup_deadline,
        eligibility=eligibility,
        requires_approval=requires_approval,
        target=target.strip(),
        description=description,
        series=series,
        created_by=by,
    )
    activity.partner_units.set(partner_units)
    activity.required_skills.set(required_skills)
    if cover:
        _replace_cover(activity, cover)
    _audit(by, "activities.activity.create", activity, activity)
    return activity


@transaction.atomic
def update_activity(*, by: Actor, activity: Activity, **changes: Any) -> Activity:
    """Change an activity (one occurrence of a series too); volunteers signed up are told.

    `cover` is an upload to set, False to remove, or absent (or None) to keep; a change of the
    cover alone is not news for the volunteers signed up.
    """
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    require_organiser(by, activity, activity.community_id)
    if activity.status in (Activity.Status.CANCELLED, Activity.Status.FINISHED):
        raise ValidationError(_("A cancelled or finished activity cannot be changed."))
    cover = changes.pop("cover", None)
    if cover:
        check_photo(cover, "cover")
    started = activity.starts_at <= timezone.now()
    moved = [k for k in ("starts_at", "ends_at") if k in changes and changes[k] != getattr(activity, k)]
    if started and moved:
        # Hours may already be credited for the old time: the ledger entries would no longer match.
        raise ValidationError({moved[0]: _("The activity has started; its time can no longer be changed.")})
    deadline = changes.get("signup_deadline")
    # Volunteers read the deadline to decide when to sign up: a published one is not moved into the past.
    moved_back = deadline not in (None, activity.signup_deadline) and deadline <= timezone.now()
    if activity.status == Activity.Status.PUBLISHED and moved_back:
        raise ValidationError(
            {"signup_deadline": _("A published activity's sign-up deadline cannot be moved into the past.")}
        )
    m2m = {k: changes.pop(k) for k in ("partner_units", "required_skills") if k in changes}
    for field, value in changes.items():
        setattr(activity, field, value)
    try:  # a leader who hands the activity to another team (or none) would lose it halfway
        require_organiser(by, activity, activity.community_id)
    except PermissionDenied:
        raise ValidationError(
            {"team": _("You organise this activity as the team's leader; keep your team, or ask the staff.")}
        ) from None
    check_activity(
        community=activity.community,
        title=activity.title,
        kind=activity.kind,
        starts_at=activity.starts_at,
        ends_at=activity.ends_at,
        places=activity.places,
        signup_deadline=activity.signup_deadline,
        team=activity.team,
        eligibility=activity.eligibility,
        place=activity.place,
        confirmed_count=activity.confirmed_count,
    )
    activity.save()
    for field, values in m2m.items():
        getattr(activity, field).set(values)
    new_cover = cover is not None and (cover is not False or bool(activity.cover))
    if new_cover:
        _replace_cover(activity, cover)
    _promote(activity)  # more places may let the waitlist in
    if activity.status == Activity.Status.PUBLISHED and (changes or m2m):
        activity_event(event="changed", activity=activity, volunteers=_signed_up(activity))
    changed = sorted([*changes, *m2m, *(["cover"] if new_cover else [])])
    _audit(by, "activities.activity.update", activity, activity, details={"changed": changed})
    return activity


@transaction.atomic
def publish_activity(*, by: Actor, activity: Activity) -> Activity:
    require_organiser(by, activity, activity.community_id)
    if activity.status != Activity.Status.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    if activity.signup_deadline <= timezone.now():
        raise ValidationError({"signup_deadline": _("The sign-up deadline has passed; move it before publishing.")})
    activity.status = Activity.Status.PUBLISHED
    activity.save(update_fields=["status"])
    _audit(by, "activities.activity.publish", activity, activity)
    return activity


@transaction.atomic
def cancel_activity(*, by: Actor, activity: Activity, reason: str) -> Activity:
    """Cancel with a reason that everyone signed up is sent."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    require_organiser(by, activity, activity.community_id)
    if activity.status not in (Activity.Status.DRAFT, Activity.Status.PUBLISHED):
        raise ValidationError(_("Only a draft or published activity can be cancelled."))
    if activity.starts_at <= timezone.now():
        raise ValidationError(_("The activity has started; it can no longer be cancelled."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the activity is cancelled; everyone signed up will read it.")})
    told = _signed_up(activity)
    activity.status, activity.cancel_reason = Activity.Status.CANCELLED, reason.strip()
    activity.summary_published = False  # a cancelled activity has no public summary
    activity.save(update_fields=["status", "cancel_reason", "summary_published"])
    activity_event(event="cancelled", activity=activity, volunteers=told, reason=activity.cancel_reason)
    _audit(by, "activities.activity.cancel", activity, activity, details={"reason": activity.cancel_reason})
    return activity


def _signed_up(activity: Activity) -> list[Volunteer]:
    live = [SignUp.Status.CONFIRMED, SignUp.Status.WAITLISTED, SignUp.Status.PENDING]
    return list(Volunteer.objects.filter(signups__activity=activity, signups__status__in=live))


# --- sign-ups -----------------------------------------------------------------------------------


def check_eligible(*, activity: Activity, volunteer: Volunteer, now: dt.datetime) -> None:
    if activity.status != Activity.Status.PUBLISHED:
        raise ValidationError(_("This activity is not open for sign-up."))
    if now > activity.signup_deadline:
        raise ValidationError(
            _("The sign-up deadline (%(deadline)s) has passed.")
            % {"deadline": timezone.localtime(activity.signup_deadline).strftime("%Y-%m-%d %H:%M")}
        )
    if volunteer.status != Volunteer.Status.ACTIVE or volunteer.community_id != activity.community_id:
        raise ValidationError(
            _("Only registered volunteers of %(community)s can sign up.") % {"community": activity.community}
        )
    if activity.eligibility == Activity.Eligibility.TEAM and (
        activity.team_id is None
        or not TeamMembership.objects.filter(
            team_id=activity.team_id, volunteer=volunteer, status=TeamMembership.Status.ACTIVE
        ).exists()
    ):
        raise ValidationError(_("This activity is for members of %(team)s only.") % {"team": activity.team})
    if (
        activity.eligibility == Activity.Eligibility.PARTY
        and volunteer.political_status != Volunteer.PoliticalStatus.PARTY_MEMBER
    ):
        raise ValidationError(_("This activity is for party members only."))


@transaction.atomic
def sign_up(*, by: Actor, activity: Activity, volunteer: Volunteer) -> SignUp:
    """Take a place, or a place on the waitlist, in arrival order."""
    if by is not None and volunteer.user_id != by.pk:
        require_organiser(by, activity, activity.community_id)  # staff may sign someone up
    elif by is not None:
        volunteer.user = by  # their own sign-up: the notification needs no read of the account
    # The row lock makes concurrent sign-ups of one activity queue: arrival order is lock order.
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    check_eligible(activity=activity, volunteer=volunteer, now=timezone.now())
    if activity.requires_approval:
        status = SignUp.Status.PENDING
    else:
        took = Activity.objects.filter(pk=activity.pk, confirmed_count__lt=F("places")).update(
            confirmed_count=F("confirmed_count") + 1
        )
        status = SignUp.Status.CONFIRMED if took else SignUp.Status.WAITLISTED
    try:
        # A second live sign-up is refused by the unique constraint, not looked for first: the
        # error leaves this atomic block, which takes back the place counted above.
        signup = SignUp.objects.create(activity=activity, volunteer=volunteer, status=status)
    except IntegrityError as exc:
        raise ValidationError(_("You have already signed up for this activity.")) from exc
    if status != SignUp.Status.PENDING:
        activity_event(event=status, activity=activity, volunteers=[volunteer])
    _audit(by, "activities.signup.create", signup, activity, details={"status": status})
    return signup


def _promote(activity: Activity) -> list[SignUp]:
    """Fill free places from the waitlist in arrival order; call with the activity row locked."""
    promoted = []
    while True:
        free = Activity.objects.filter(pk=activity.pk, confirmed_count__lt=F("places"))
        nxt = SignUp.objects.filter(activity=activity, status=SignUp.Status.WAITLISTED).order_by("pk").first()
        if nxt is None or not free.update(confirmed_count=F("confirmed_count") + 1):
            break
        nxt.status = SignUp.Status.CONFIRMED
        nxt.save(update_fields=["status"])
        promoted.append(nxt)
    if promoted:
        activity_event(event="promoted", activity=activity, volunteers=[s.volunteer for s in promoted])
    return promoted


@transaction.atomic
def cancel_signup(*, by: Actor, signup: SignUp) -> SignUp:
    """The volunteer cancels (or staff for them); the first on the waitlist takes the place."""
    activity = Activity.objects.select_for_update().get(pk=signup.activity_id)
    signup = SignUp.objects.select_for_update().get(pk=signup.pk)
    if by is not None and signup.volunteer.user_id != by.pk:
        require_organiser(by, activity, activity.community_id)
    if signup.status not in (SignUp.Status.PENDING, SignUp.Status.CONFIRMED, SignUp.Status.WAITLISTED):
        raise ValidationError(_("This sign-up is already cancelled."))
    if signup.checked_in_at or activity.starts_at <= timezone.now():
        raise ValidationError(
            _("The activity has started; a sign-up can no longer be cancelled. Tell the leader if you cannot come.")
        )
    was_confirmed = signup.status == SignUp.Status.CONFIRMED
    signup.status = SignUp.Status.CANCELLED
    signup.save(update_fields=["status"])
    if was_confirmed:
        Activity.objects.filter(pk=activity.pk).update(confirmed_count=F("confirmed_count") - 1)
        _promote(activity)
    _audit(by, "activities.signup.cancel", signup, activity)
    return signup


@transaction.atomic
def decide_signup(*, by: Actor, signup: SignUp, accept: bool) -> SignUp:
    """The leader accepts a pending sign-up (into a place or the waitlist) or turns it down."""
    activity = Activity.objects.select_for_update().get(pk=signup.activity_id)
    require_organiser(by, activity, activity.community_id)
    signup = SignUp.objects.select_for_update().get(pk=signup.pk)
    if signup.status != SignUp.Status.PENDING:
        raise ValidationError(_("This sign-up has already been decided."))
    if accept:
        took = Activity.objects.filter(pk=activity.pk, confirmed_count__lt=F("places")).update(
            confirmed_count=F("confirmed_count") + 1
        )
        signup.status = SignUp.Status.CONFIRMED if took else SignUp.Status.WAITLISTED
    else:
        signup.status = SignUp.Status.REJECTED
    signup.save(update_fields=["status"])
    activity_event(event=signup.status, activity=activity, volunteers=[signup.volunteer])
    _audit(by, "activities.signup.decide", signup, activity, details={"status": signup.status})
    return signup


def finish_ended_activities(*, now: dt.datetime | None = None) -> int:
    """Published activities whose check-out window has closed become finished (hourly job):
    they can no longer be changed or cancelled; the leader can still check people in and out."""
    now = now or timezone.now()
    done = 0
    ended = Activity.objects.filter(status=Activity.Status.PUBLISHED, ends_at__lt=now - CHECKIN_LATE)
    for pk in ended.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            activity = Activity.objects.select_for_update().get(pk=pk)
            if activity.status != Activity.Status.PUBLISHED:
                continue
            activity.status = Activity.Status.FINISHED
            activity.save(update_fields=["status"])
            _audit(None, "activities.activity.finish", activity, activity)
            done += 1
    return done


# --- check-in, check-out, hours -----------------------------------------------------------------


def checkin_token(activity: Activity) -> str:
    """The secret in an activity's QR code: it names the activity and nothing else."""
    return signing.dumps({"a": activity.pk}, salt=CHECKIN_SALT)


def _check_token(activity: Activity, token: str, now: dt.datetime) -> None:
    try:
        data = signing.loads(token, salt=CHECKIN_SALT)
    except signing.BadSignature:
        raise ValidationError(_("This QR code is not valid; scan the code shown by the activity's leader.")) from None
    if data.get("a") != activity.pk:
        raise ValidationError(_("This QR code belongs to another activity; scan the code of the activity you are at."))
    if not (activity.starts_at - CHECKIN_EARLY <= now <= activity.ends_at + CHECKIN_LATE):
        raise ValidationError(
            _("This QR code works from an hour before the activity starts until two hours after it ends.")
        )


def _require_live(activity: Activity) -> None:
    """Hours are credited only for an activity that took place: published, or finished since."""
    if activity.status not in (Activity.Status.PUBLISHED, Activity.Status.FINISHED):
        raise ValidationError(
            _("This activity is not taking place (a draft or cancelled); nobody can check in or out.")
        )


@transaction.atomic
def check_in(*, by: Actor, signup: SignUp, token: str | None = None, now: dt.datetime | None = None) -> SignUp:
    """Check in by scanning the QR code (token) or by the leader's hand (no token)."""
    now = now or timezone.now()
    signup = SignUp.objects.select_for_update().select_related("activity").get(pk=signup.pk)
    activity = signup.activity
    if token is None:
        require_organiser(by, activity, activity.community_id)
        if now < activity.starts_at - CHECKIN_EARLY:
            raise ValidationError(_("Check people in from an hour before the activity starts."))
    else:
        _check_token(activity, token, now)
    _require_live(activity)
    if signup.status != SignUp.Status.CONFIRMED:
        raise ValidationError(_("Only a confirmed sign-up can check in."))
    if signup.checked_in_at:
        raise ValidationError(_("You have already checked in."))
    signup.checked_in_at, signup.no_show = now, False
    signup.save(update_fields=["checked_in_at", "no_show"])
    _audit(by, "activities.signup.check_in", signup, activity, details={"by_qr": token is not None})
    return signup


def _hours_served(checked_in_at: dt.datetime, now: dt.datetime, activity: Activity) -> Decimal:
    """Whole minutes from check-in to check-out within the activity's own time, as hours (0 under a minute)."""
    start, end = max(checked_in_at, activity.starts_at), min(now, activity.ends_at)
    minutes = max(0, int((end - start).total_seconds() // 60))
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"))


@transaction.atomic
def check_out(*, by: Actor, signup: SignUp, token: str | None = None, now: dt.datetime | None = None) -> SignUp:
    """Check out; the hours from check-in to check-out, within the activity's time, go to the ledger."""
    now = now or timezone.now()
    signup = SignUp.objects.select_for_update().select_related("activity", "volunteer").get(pk=signup.pk)
    activity = signup.activity
    if token is None:
        require_organiser(by, activity, activity.community_id)
    else:
        _check_token(activity, token, now)
    _require_live(activity)
    if signup.status != SignUp.Status.CONFIRMED:
        raise ValidationError(_("Only a confirmed sign-up can check out."))
    if not signup.checked_in_at:
        raise ValidationError(_("Check in first; hours run from check-in to check-out."))
    if signup.checked_out_at:
        raise ValidationError(_("You have already checked out."))
    if now < activity.starts_at:
        # Nothing to credit yet; refusing keeps the volunteer checked in so a later scan counts.
        raise ValidationError(
            _("The activity starts at %(time)s and hours count from then; check out when you leave.")
            % {"time": f"{timezone.localtime(activity.starts_at):%H:%M}"}
        )
    hours = _hours_served(signup.checked_in_at, now, activity)
    if not hours and now < activity.ends_at:
        raise ValidationError(_("Checked in less than a minute ago: check out when leaving, so the hours count."))
    signup.checked_out_at = now
    # Checked in only after the activity ended: checked out, with nothing to credit.
    if hours:
        # The entry is recorded by the activity's organiser, for whoever took part.
        signup.record = ledger_services.credit_activity_service(
            by=activity.created_by,
            volunteer=signup.volunteer,
            team=activity.team,
            served_on=timezone.localtime(max(signup.checked_in_at, activity.starts_at)).date(),
            hours=hours,
            content=activity.title,
            place=activity.place_text or str(activity.place or ""),
            activity_id=activity.pk,
        )
    signup.save(update_fields=["checked_out_at", "record"])
    _audit(by, "activities.signup.check_out", signup, activity, details={"by_qr": token is not None})
    return signup


@transaction.atomic
def mark_no_show(*, by: Actor, signup: SignUp) -> SignUp:
    """The leader marks a confirmed volunteer who did not come (checking them in later undoes it)."""
    signup = SignUp.objects.select_for_update().select_related("activity").get(pk=signup.pk)
    require_organiser(by, signup.activity, signup.activity.community_id)
    _require_live(signup.activity)
    if signup.status != SignUp.Status.CONFIRMED:
        raise ValidationError(_("Only a confirmed sign-up can be marked as not coming."))
    if signup.activity.starts_at > timezone.now():
        raise ValidationError(_("Mark who did not come once the activity has started."))
    if signup.checked_in_at:
        raise ValidationError(_("This volunteer checked in; they cannot be marked as not coming."))
    signup.no_show = True
    signup.save(update_fields=["no_show"])
    _audit(by, "activities.signup.no_show", signup, signup.activity)
    return signup


@transaction.atomic
def record_beneficiaries(
    *,
    by: Actor,
    activity: Activity,
    residents: Iterable[Resident] = (),
    households: Iterable[Household] = (),
    count: int | None = None,
) -> Activity:
    """Residents served: linked residents or households (distinct people), or a plain count."""
    require_organiser(by, activity, activity.community_id)
    for resident in residents:
        if resident.community_id != activity.community_id:
            raise ValidationError({"residents": _("Choose residents of the activity's community.")})
        ActivityBeneficiary.objects.get_or_create(activity=activity, resident=resident)
    for household in households:
        if household.community_id != activity.community_id:
            raise ValidationError({"households": _("Choose households of the activity's community.")})
        ActivityBeneficiary.objects.get_or_create(activity=activity, household=household)
    if count is not None:
        if count < 0:
            raise ValidationError({"count": _("The number of residents served cannot be negative.")})
        activity.residents_served = count
        activity.save(update_fields=["residents_served"])
    _audit(by, "activities.activity.beneficiaries", activity, activity)
    return activity


def series_dates(
    *, weekdays: Iterable[int], first_date: dt.date, last_date: dt.date | None = None, count: int | None = None
) -> list[dt.date]:
    """The dates of a series: each chosen weekday from the first date, until the last date or `count` dates.

    Refuses, as field errors, what cannot be a plan: no weekday, dates out of order, more than a
    year, more than SERIES_MAX_OCCURRENCES dates, or no date at all.
    """
    days = set(weekdays)
    if not days:
        raise ValidationError({"weekdays": _("Choose at least one weekday.")})
    if not days <= set(range(7)):
        raise ValidationError({"weekdays": _("Choose weekdays from the list.")})
    if last_date is not None and count is not None:
        raise ValidationError({"count": _("Give either the last date or the number of occurrences, not both.")})
    if last_date is None and count is None:
        raise ValidationError({"last_date": _("Give the last date or the number of occurrences.")})
    if count is not None and count < 1:
        raise ValidationError({"count": _("A recurring activity needs at least one occurrence.")})
    if count is not None and count > SERIES_MAX_OCCURRENCES:
        raise ValidationError(
            {"count": _("A recurring activity can have at most %(n)s occurrences.") % {"n": SERIES_MAX_OCCURRENCES}}
        )
    if not EARLIEST.date() <= first_date <= (timezone.now() + PLAN_AHEAD).date():
        raise ValidationError({"first_date": _("Choose a date from the year 2000 up to two years ahead.")})
    if last_date is not None and last_date < first_date:
        raise ValidationError({"last_date": _("The last date must be on or after the first date.")})
    limit = first_date + dt.timedelta(days=SERIES_MAX_DAYS)
    if last_date is not None and last_date > limit:
        raise ValidationError(
            {"last_date": _("A recurring activity can run for one year at most; choose an earlier last date.")}
        )
    dates: list[dt.date] = []
    day = first_date
    while day <= (last_date or limit) and (count is None or len(dates) < count):
        if day.weekday() in days:
            dates.append(day)
        day += dt.timedelta(days=1)
    if not dates:
        raise ValidationError(
            {
                "weekdays": _(
                    "None of the chosen weekdays falls between the first and the last date; choose other weekdays or a later last date."
                )
            }
        )
    if count is not None and len(dates) < count:
        raise ValidationError(
            {"count": _("That many occurrences do not fit into one year; choose fewer occurrences or more weekdays.")}
        )
    if len(dates) > SERIES_MAX_OCCURRENCES:
        raise ValidationError(
            {
                "last_date": _(
                    "These dates make %(count)s occurrences, more than the %(n)s allowed; choose an earlier last date or fewer weekdays."
                )
                % {"count": len(dates), "n": SERIES_MAX_OCCURRENCES}
            }
        )
    return dates


@transaction.atomic
def create_series(
    *,
    by: User,
    community: OrgUnit,
    title: str,
    kind: str,
    start_time: dt.time,
    end_time: dt.time,
    first_date: dt.date,
    places: int,
    weekdays: Iterable[int] = (),
    weekday: int | None = None,
    last_date: dt.date | None = None,
    count: int | None = None,
    team: Team | None = None,
    deadline_hours: int = 2,
    cover: Any = None,
    **activity_fields: Any,
) -> ActivitySeries:
    """A recurring activity: a dated draft occurrence on each chosen weekday, each changeable on its own.

    `weekday` is the short form for one day a week; the series ends at `last_date` or after `count`
    occurrences. The occurrences share one cover file.
    """
    require_organiser(by, team, community.pk)
    days = {*weekdays, *([weekday] if weekday is not None else [])}
    dates = series_dates(weekdays=days, first_date=first_date, last_date=last_date, count=count)
    if end_time <= start_time:
        raise ValidationError({"end_time": _("The end must be after the start.")})
    if deadline_hours < 0:
        raise ValidationError({"deadline_hours": _("Sign-up must close before each occurrence starts.")})
    if cover:
        check_photo(cover, "cover")
    series = ActivitySeries.objects.create(
        county_id=community.county_key,
        community=community,
        title=title.strip(),
        weekdays=ActivitySeries.weekday_bits(days),
        start_time=start_time,
        end_time=end_time,
        first_date=first_date,
        # series_dates asks for a last date when there is no count.
        last_date=dates[-1] if count is not None or last_date is None else last_date,
        created_by=by,
    )
    tz = timezone.get_current_timezone()
    occurrences = []
    for day in dates:
        starts = dt.datetime.combine(day, start_time, tzinfo=tz)
        occurrences.append(
            create_activity(
                by=by,
                community=community,
                title=title,
                kind=kind,
                starts_at=starts,
                ends_at=dt.datetime.combine(day, end_time, tzinfo=tz),
                places=places,
                team=team,
                signup_deadline=starts - dt.timedelta(hours=deadline_hours),
                series=series,
                **activity_fields,
            )
        )
    if cover:
        _replace_cover(occurrences[0], cover)
        Activity.objects.filter(series=series).update(cover=occurrences[0].cover.name)
    record_event(
        by=by,
        action="activities.series.create",
        obj=series,
        community_id=community.pk,
        county_id=community.county_key,
        details={"occurrences": len(occurrences)},
    )
    return series


@transaction.atomic
def publish_summary(*, by: Actor, activity: Activity, story: str, published: bool) -> Activity:
    """The summary after the activity: its story, and whether the community's public page shows it."""
    require_organiser(by, activity, activity.community_id)
    story = (story or "").strip()
    if published and activity.status not in (Activity.Status.PUBLISHED, Activity.Status.FINISHED):
        raise ValidationError({"published": _("Only an activity that took place has a summary to publish.")})
    if published and activity.ends_at > timezone.now():
        raise ValidationError({"published": _("Publish the summary after the activity has ended.")})
    if published and not story:
        raise ValidationError({"story": _("Write a short story of the activity before publishing its summary.")})
    activity.story, activity.summary_published = story, published
    activity.save(update_fields=["story", "summary_published"])
    _audit(by, "activities.activity.summary", activity, activity, details={"published": published})
    return activity


# --- summary photos -----------------------------------------------------------------------------


@transaction.atomic
def add_summary_photos(*, by: Actor, activity: Activity, photos: list[Any], caption: str = "") -> list[ActivityPhoto]:
    """Photos for the summary, after the ones already there; public once the summary is published."""
    # The row lock makes two uploads at once count each other's photos against the limit.
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    require_organiser(by, activity, activity.community_id)
    if activity.status == Activity.Status.CANCELLED:
        raise ValidationError({"photos": _("A cancelled activity has no summary; photos cannot be added.")})
    if activity.starts_at > timezone.now():
        raise ValidationError({"photos": _("Add photos once the activity has started.")})
    if not photos:
        raise ValidationError({"photos": _("Choose one or more photos to upload.")})
    have = list(activity.photos.values_list("position", flat=True))
    if len(have) + len(photos) > PHOTOS_PER_ACTIVITY:
        raise ValidationError(
            {
                "photos": _(
                    "An activity can have at most %(max)s photos; it has %(have)s. Choose at most %(left)s more, or remove some first."
                )
                % {"max": PHOTOS_PER_ACTIVITY, "have": len(have), "left": PHOTOS_PER_ACTIVITY - len(have)}
            }
        )
    for photo in photos:
        check_photo(photo, "photos")
    caption = (caption or "").strip()
    limit = ActivityPhoto._meta.get_field("caption").max_length
    if limit is not None and len(caption) > limit:
        raise ValidationError({"caption": _("Keep the caption to 200 characters or fewer.")})
    position = max(have, default=0)
    added = []
    for photo in photos:
        position += 1
        row = ActivityPhoto(activity=activity, caption=caption, position=position, uploaded_by=by)
        stored = clean_photo(photo, "photos")
        row.image.save(stored.name, stored, save=False)
        row.save()
        added.append(row)
    _audit(by, "activities.photo.add", activity, activity, details={"photos": [p.pk for p in added]})
    return added


@transaction.atomic
def remove_summary_photo(*, by: Actor, photo: ActivityPhoto) -> None:
    """Remove a summary photo and, once the removal is committed, its file."""
    activity = photo.activity
    require_organiser(by, activity, activity.community_id)
    name, storage = photo.image.name, photo.image.storage
    photo_id = photo.pk
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))
    _audit(by, "activities.photo.remove", activity, activity, details={"photo": photo_id})
