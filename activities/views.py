"""Activities pages: fetch in scope, bind a form, call one service, render or redirect.

Staff and team leaders organise in the back-office layout; volunteers browse and sign up on
phones (cards, big buttons); the QR code on the activity's sheet checks volunteers in and out.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext
from django.views.decorators.http import require_http_methods, require_POST

from activities import queries, services
from activities.forms import (
    ActivityForm,
    BeneficiariesForm,
    CancelForm,
    SeriesForm,
    StatusFilterForm,
    SummaryForm,
    SummaryPhotosForm,
    UpcomingFilterForm,
)
from activities.models import SignUp
from core.forms import apply_errors
from core.uploads import image_response
from volunteering.queries import own_active_volunteer


def _crumbs(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Activities"), reverse("activities:activity-list")), *pairs]


def _own_volunteer_or_403(user: Any, volunteer: Any = None):
    volunteer = volunteer or own_active_volunteer(user)
    if volunteer is None:
        raise PermissionDenied
    return volunteer


def _error_messages(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- organising (staff and team leaders) ------------------------------------------------------------


@login_required
def activity_list(request):
    user = request.user
    form = StatusFilterForm(request.GET)
    page = queries.community_activities(user, status=form.status_value())
    context = {
        "form": form,
        "activities": page[:200],
        "can_create": queries.organisable_communities(user).exists(),
        "breadcrumbs": _crumbs(),
    }
    return render(request, "activities/activity_list.html", context)


@login_required
def activity_create(request):
    if not queries.organisable_communities(request.user).exists():
        raise PermissionDenied
    form = ActivityForm(request.user, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.create_activity(by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The activity is saved as a draft; publish it to start recruiting."))
            return redirect(activity)
    context = {"form": form, "breadcrumbs": _crumbs((_("New activity"), ""))}
    return render(request, "activities/activity_form.html", context)


@login_required
def activity_edit(request, pk):
    activity = queries.get_activity_for_user(request.user, pk, manage=True)
    form = ActivityForm(request.user, request.POST or None, request.FILES or None, activity=activity)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_activity(by=request.user, activity=activity, **form.service_kwargs())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The activity is changed."))
            return redirect(activity)
    context = {"form": form, "activity": activity, "breadcrumbs": _crumbs((activity.title, ""))}
    return render(request, "activities/activity_form.html", context)


@login_required
@require_POST
def activity_publish(request, pk):
    activity = queries.get_activity_for_user(request.user, pk, manage=True)
    try:
        services.publish_activity(by=request.user, activity=activity)
        messages.success(request, _("The activity is published; volunteers can sign up now."))
    except ValidationError as exc:
        _error_messages(request, exc)
    return redirect(activity)


@login_required
@require_POST
def activity_cancel(request, pk):
    activity = queries.get_activity_for_user(request.user, pk, manage=True)
    form = CancelForm(request.POST)
    form.is_valid()
    try:
        services.cancel_activity(by=request.user, activity=activity, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as exc:
        apply_errors(form, exc)
        return _detail(request, activity, cancel_form=form)
    messages.success(request, _("The activity is cancelled; everyone signed up is told why."))
    return redirect(activity)


@login_required
def series_create(request):
    if not queries.organisable_communities(request.user).exists():
        raise PermissionDenied
    form = SeriesForm(request.user, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            series = services.create_series(by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("The occurrences are saved as drafts; publish each one to start recruiting for it.")
            )
            return redirect(series)
    context = {"form": form, "breadcrumbs": _crumbs((_("New recurring activity"), ""))}
    return render(request, "activities/series_form.html", context)


@login_required
def series_detail(request, pk):
    series = queries.get_series_for_user(request.user, pk)
    context = {
        "series": series,
        "weekdays": pgettext("between list items", ", ").join(str(WEEKDAYS[d]) for d in series.weekday_numbers()),
        "occurrences": queries.series_occurrences(request.user, series).select_related("place"),
        "breadcrumbs": _crumbs((series.title, "")),
    }
    return render(request, "activities/series_detail.html", context)


# --- the activity page ----------------------------------------------------------------------------


def _detail(request: HttpRequest, activity, cancel_form: CancelForm | None = None):
    user = request.user
    manage = queries.can_manage(user, activity)
    volunteer = own_active_volunteer(user)
    signup = queries.live_signup(activity, volunteer)
    context = {
        "activity": activity,
        "can_manage": manage,
        "volunteer": volunteer,
        "signup": signup,
        "position": signup and queries.waitlist_position(signup),
        "partner_units": activity.partner_units.all(),
        "skills": activity.required_skills.all(),
        "roster": queries.roster(activity) if manage else None,
        "cancel_form": cancel_form or (CancelForm() if manage else None),
        "series_size": activity.series and queries.series_occurrences(user, activity.series).count(),
        "breadcrumbs": _crumbs((activity.title, "")),
    }
    return render(request, "activities/activity_detail.html", context, status=400 if cancel_form else 200)


@login_required
def activity_detail(request, pk):
    return _detail(request, queries.get_activity_for_user(request.user, pk))


@login_required
def activity_cover(request, pk):
    """The cover, for those who may see the activity: the same scope as its page."""
    return image_response(queries.get_activity_for_user(request.user, pk).cover)


# --- volunteers ---------------------------------------------------------------------------------


@login_required
def upcoming(request):
    volunteer = _own_volunteer_or_403(request.user)
    form = UpcomingFilterForm(volunteer.community_id, request.GET)
    activities = list(queries.upcoming_for_volunteer(volunteer, now=timezone.now(), **form.filters())[:100])
    queries.attach_own_signups(activities, volunteer)
    context = {"form": form, "activities": activities, "breadcrumbs": [(_("Upcoming activities"), "")]}
    return render(request, "activities/upcoming.html", context)


@login_required
def my_activities(request):
    volunteer = _own_volunteer_or_403(request.user)
    context = {"signups": queries.own_signups(volunteer)[:200], "breadcrumbs": [(_("My activities"), "")]}
    return render(request, "activities/my_activities.html", context)


_RESULT = {
    SignUp.Status.CONFIRMED: gettext_lazy("You have a place. See you there!"),
    SignUp.Status.PENDING: gettext_lazy("You asked to take part; the leader will decide."),
}


@login_required
@require_POST
def signup_create(request, pk):
    own = own_active_volunteer(request.user)  # read once: for what the user sees, and who signs up
    activity = queries.get_activity_for_user(request.user, pk, volunteer=own)
    volunteer = _own_volunteer_or_403(request.user, own)
    try:
        signup = services.sign_up(by=request.user, activity=activity, volunteer=volunteer)
    except ValidationError as exc:
        _error_messages(request, exc)
    else:
        if signup.status == SignUp.Status.WAITLISTED:
            position = queries.waitlist_position(signup)
            messages.info(request, _("All places are taken; you are number %(n)s on the waitlist.") % {"n": position})
        else:
            messages.success(request, _RESULT[signup.status])
    return redirect(activity)


@login_required
@require_http_methods(["GET", "POST"])
def signup_cancel(request, pk):
    """GET asks "are you sure?" on a page of its own (no script needed); POST cancels."""
    activity = queries.get_activity_for_user(request.user, pk)
    signup = queries.live_signup(activity, _own_volunteer_or_403(request.user))
    if signup is None:
        messages.error(request, _("You are not signed up for this activity."))
        return redirect(activity)
    if request.method == "GET":
        crumbs = _crumbs((activity.title, activity.get_absolute_url()), (_("Cancel my sign-up"), ""))
        return render(request, "activities/signup_cancel.html", {"activity": activity, "breadcrumbs": crumbs})
    try:
        services.cancel_signup(by=request.user, signup=signup)
        messages.success(request, _("Your sign-up is cancelled."))
    except ValidationError as exc:
        _error_messages(request, exc)
    return redirect(activity)


# --- the leader's roster and the QR code ------------------------------------------------------------

_ROSTER_ACTIONS = {
    "accept": lambda by, s: services.decide_signup(by=by, signup=s, accept=True),
    "reject": lambda by, s: services.decide_signup(by=by, signup=s, accept=False),
    "check_in": lambda by, s: services.check_in(by=by, signup=s),
    "check_out": lambda by, s: services.check_out(by=by, signup=s),
    "no_show": lambda by, s: services.mark_no_show(by=by, signup=s),
}


@login_required
@require_POST
def roster_action(request, pk, signup_pk):
    activity, signup = queries.get_signup_for_manager(request.user, pk, signup_pk)
    action = _ROSTER_ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, _("Choose what to do with this sign-up."))
        return redirect(activity)
    try:
        action(request.user, signup)
        messages.success(request, _("Saved for %(name)s.") % {"name": signup.volunteer.name})
    except ValidationError as exc:
        _error_messages(request, exc)
    return redirect(reverse("activities:activity-detail", args=[activity.pk]) + "#roster")


def _scan_url(request: HttpRequest, activity) -> str:
    path = reverse("activities:scan", args=[activity.pk, services.checkin_token(activity)])
    return request.build_absolute_uri(path)


@login_required
def qr_code(request, pk):
    activity = queries.get_activity_for_user(request.user, pk, manage=True)
    out = io.BytesIO()
    title = _("Check-in code of %(title)s") % {"title": activity.title}
    segno.make(_scan_url(request, activity), error="m").save(out, kind="svg", scale=8, title=title)
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")


@login_required
def qr_sheet(request, pk):
    activity = queries.get_activity_for_user(request.user, pk, manage=True)
    return render(request, "activities/qr_sheet.html", {"activity": activity, "scan_url": _scan_url(request, activity)})


@login_required
def scan(request, pk, token):
    """The QR code's address: checks the volunteer in, or out when already in. GET changes state
    on purpose: a phone camera opens a link, it cannot post a form; the signed token is the guard."""
    activity = queries.get_activity_for_user(request.user, pk)
    signup = queries.live_signup(activity, own_active_volunteer(request.user))
    context: dict[str, Any] = {"activity": activity, "ok": False}
    try:
        if signup is None:
            raise ValidationError(_("You are not signed up for this activity, so you cannot check in."))
        if signup.checked_in_at:
            signup = services.check_out(by=request.user, signup=signup, token=token)
            if signup.record_id:
                result = _("You are checked out: %(hours)s hours go on public notice. Thank you for your service!") % {
                    "hours": signup.record.hours
                }
            else:
                result = _("You are checked out. You checked in after the activity ended, so no hours were recorded.")
            context |= {"ok": True, "result": result}
        else:
            services.check_in(by=request.user, signup=signup, token=token)
            context |= {"ok": True, "result": _("You are checked in. Scan the code again when you leave.")}
    except ValidationError as exc:
        context["errors"] = exc.messages
    return render(request, "activities/scan_result.html", context, status=200 if context["ok"] else 400)


# --- the summary after the activity, and the community's public page ---------------------------------


def _summary_activity(request: HttpRequest, pk: Any, *, manage: bool = False):
    return queries.get_summary_activity_for_user(request.user, pk, manage=manage)


def _summary(
    request: HttpRequest, activity, *, beneficiaries_form=None, summary_form=None, photos_form=None
) -> HttpResponse:
    search = request.GET.get("q", "")
    manage = queries.can_manage(request.user, activity)
    context = {
        "activity": activity,
        "numbers": queries.summary_numbers(activity),
        "can_manage": manage,
        "linked": queries.linked_beneficiaries(request.user, activity) if manage else [],
        "search": search,
        "found": queries.beneficiary_choices(request.user, activity, search) if manage else [],
        "beneficiaries_form": beneficiaries_form or BeneficiariesForm(request.user, activity),
        "summary_form": summary_form
        or SummaryForm(initial={"story": activity.story, "published": activity.summary_published}),
        "photos": queries.summary_photos(activity),
        "photos_form": photos_form or (SummaryPhotosForm() if manage else None),
        "breadcrumbs": _crumbs((activity.title, activity.get_absolute_url()), (_("Summary"), "")),
    }
    status = 400 if (beneficiaries_form or summary_form or photos_form) else 200
    return render(request, "activities/summary.html", context, status=status)


@login_required
def activity_summary(request, pk):
    return _summary(request, _summary_activity(request, pk))


@login_required
@require_POST
def summary_beneficiaries(request, pk):
    activity = _summary_activity(request, pk, manage=True)
    form = BeneficiariesForm(request.user, activity, request.POST)
    if form.is_valid():
        try:
            services.record_beneficiaries(by=request.user, activity=activity, **form.service_kwargs())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The residents served are recorded."))
            return redirect("activities:activity-summary", pk=activity.pk)
    return _summary(request, activity, beneficiaries_form=form)


@login_required
@require_POST
def summary_publish(request, pk):
    activity = _summary_activity(request, pk, manage=True)
    form = SummaryForm(request.POST)
    if form.is_valid():
        try:
            services.publish_summary(by=request.user, activity=activity, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The summary is saved."))
            return redirect("activities:activity-summary", pk=activity.pk)
    return _summary(request, activity, summary_form=form)


@login_required
@require_POST
def summary_photos_add(request, pk):
    activity = _summary_activity(request, pk, manage=True)
    form = SummaryPhotosForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            added = services.add_summary_photos(by=request.user, activity=activity, **form.service_kwargs())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            n = len(added)
            messages.success(
                request,
                ngettext("%(n)s photo is added to the summary.", "%(n)s photos are added to the summary.", n)
                % {"n": n},
            )
            return redirect(reverse("activities:activity-summary", args=[activity.pk]) + "#photos")
    return _summary(request, activity, photos_form=form)


@login_required
@require_POST
def summary_photo_remove(request, pk, photo_pk):
    activity = _summary_activity(request, pk, manage=True)
    services.remove_summary_photo(by=request.user, photo=queries.get_summary_photo(activity, photo_pk))
    messages.success(request, _("The photo is removed."))
    return redirect(reverse("activities:activity-summary", args=[activity.pk]) + "#photos")


@login_required
def summary_photo(request, pk, photo_pk):
    """A summary photo for the summary's readers, published or not."""
    activity = _summary_activity(request, pk)
    return image_response(queries.get_summary_photo(activity, photo_pk).image)


def public_stories(request, community_pk):
    """No login: published summaries of one community, numbers, stories and photos, never names."""
    community = queries.public_community(community_pk)
    context = {"community": community, "summaries": queries.published_summaries(community)}
    return render(request, "activities/public_stories.html", context)


def public_photo(request, community_pk, photo_pk):
    """No login, only for a published summary: unpublishing it takes its photos off at once."""
    # Not kept by shared caches, so that a photo taken off is not served from one.
    return image_response(queries.get_public_photo(community_pk, photo_pk).image, cache="private, max-age=300")


# --- the calendar: a month grid for desks, a week list for phones -----------------------------------


def _parse(value: str) -> dt.date | None:
    """A bad or missing parameter is not an error for the reader: the caller falls back to today."""
    try:
        parsed = dt.date.fromisoformat(value)
    except ValueError:
        return None
    # Far years would overflow the date arithmetic of the previous/next links.
    return parsed if 1900 <= parsed.year <= 2999 else None


def _days(weeks: list[list[dt.date]], by_day: dict, month: int | None = None) -> list[list[dict]]:
    today = timezone.localdate()
    return [
        [
            {
                "date": d,
                "today": d == today,
                "outside": month is not None and d.month != month,
                "items": by_day.get(d, []),
            }
            for d in week
        ]
        for week in weeks
    ]


@login_required
def calendar_month(request):
    first = _parse(request.GET.get("month", "") + "-01") or timezone.localdate().replace(day=1)
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(first.year, first.month)
    by_day = queries.activities_by_day(request.user, weeks[0][0], weeks[-1][-1])
    context = {
        "first": first,
        "weekdays": [WEEKDAYS[i] for i in range(7)],
        "weeks": _days(weeks, by_day, first.month),
        "previous": (first - dt.timedelta(days=1)).strftime("%Y-%m"),
        "next": (first + dt.timedelta(days=31)).strftime("%Y-%m"),
        "week_date": first.isoformat(),
        "breadcrumbs": _crumbs((_("Calendar"), "")),
    }
    return render(request, "activities/calendar_month.html", context)


@login_required
def calendar_week(request):
    day = _parse(request.GET.get("date", "")) or timezone.localdate()
    monday = day - dt.timedelta(days=day.weekday())
    week = [monday + dt.timedelta(days=i) for i in range(7)]
    by_day = queries.activities_by_day(request.user, week[0], week[-1])
    context = {
        "days": _days([week], by_day)[0],
        "previous": (monday - dt.timedelta(days=7)).isoformat(),
        "next": (monday + dt.timedelta(days=7)).isoformat(),
        "month": monday.strftime("%Y-%m"),
        "breadcrumbs": _crumbs((_("Calendar"), reverse("activities:calendar-month")), (_("Week"), "")),
    }
    return render(request, "activities/calendar_week.html", context)
