"""Volunteering pages: fetch in scope, bind a form, call one service, render or redirect.

Volunteers and residents use the sign-up, notice and own pages on phones; staff and team
leaders use the lists, team pages and recording forms in the back-office layout.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import services as account_services
from core.forms import apply_errors
from core.net import client_address
from core.roles import Cap
from core.scoping import scope_for
from core.sections import sections_for
from core.uploads import image_response
from registry.queries import can
from volunteering import queries, services, signup_limits
from volunteering.forms import (
    BatchForm,
    CorrectForm,
    CorrectionDecisionForm,
    CorrectionRequestForm,
    JoinForm,
    LeaderboardForm,
    PeriodForm,
    RecordFilterForm,
    RecordForm,
    RejectForm,
    StaffVolunteerForm,
    TeamFilterForm,
    TeamForm,
    VolunteerFilterForm,
    VolunteerLoginForm,
    WithdrawForm,
    label_teams,
)
from volunteering.models import ServiceRecord, Team, TeamMembership, Volunteer

PER_PAGE = 50
VIEW, RECORD, MANAGE = queries.VIEW, queries.RECORD, queries.MANAGE


def _page(request: HttpRequest, items: Any, per_page: int = PER_PAGE) -> Page:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def _require(user: Any, cap: str) -> None:
    """Pages that create answer 403 to a user who holds the capability nowhere."""
    if not scope_for(user).has(cap):
        raise PermissionDenied


def _crumbs(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Volunteering"), reverse("volunteering:team-list")), *pairs]


def _volunteers_crumb() -> tuple[str, str]:
    return (_("Volunteers"), reverse("volunteering:volunteer-list"))


def _teams_crumb() -> tuple[str, str]:
    return (_("Teams"), reverse("volunteering:team-list"))


# --- a volunteer's own page ----------------------------------------------------------------------


@login_required
def my_page(request):
    volunteer = queries.own_volunteer(request.user)
    context: dict[str, Any] = {"volunteer": volunteer, "breadcrumbs": [(_("My volunteer page"), "")]}
    if volunteer is not None and volunteer.status == Volunteer.Status.ACTIVE:
        records = _page(request, queries.volunteer_records(volunteer), per_page=20)
        queries.attach_effective_hours(records)
        context |= {
            "figures": queries.volunteer_figures(volunteer),
            "records": records,
            "certificates": queries.volunteer_certificates(volunteer),
            # What other apps add (activities: the next ones to sign up for), registered in core.sections.
            "sections": sections_for("volunteering.my_page", request, volunteer),
        }
    return render(request, "volunteering/my_page.html", context)


# --- the public sign-up --------------------------------------------------------------------------


@never_cache
def join(request, code):
    community = queries.community_by_code(code)
    user = request.user if request.user.is_authenticated else None
    if user is not None and queries.own_volunteer(user) is not None:
        messages.info(request, _("You have already signed up as a volunteer; this is your page."))
        return redirect("volunteering:my-page")
    form = JoinForm(
        community,
        request.POST or None,
        request.FILES or None,
        needs_account=user is None,
        address=client_address(request),
        device=signup_limits.device_id(request),
    )
    if request.method == "POST" and form.is_valid():
        try:
            volunteer = services.sign_up_volunteer(community=community, user=user, **form.service_kwargs())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if volunteer is None:  # an ID number already registered: answered alike, counted as failed
                form.note_failure()
            return redirect("volunteering:join-thanks", code=community.code)
    if request.method == "POST":
        form.note_failure()
    response = render(request, "volunteering/join.html", {"form": form, "community": community})
    signup_limits.give_device_id(request, response)
    return response


def join_thanks(request, code):
    community = queries.community_by_code(code)
    context = {"community": community, "contact": queries.settings_of(community)}
    return render(request, "volunteering/join_thanks.html", context)


def notice(request, code):
    """The public notice board (公示) of entries not yet recorded: masked names only."""
    community = queries.community_by_code(code)
    context = {
        "community": community,
        "page": _page(request, queries.notice_board(community)),
        "contact": queries.settings_of(community),
        "today": timezone.localdate(),
    }
    return render(request, "volunteering/notice.html", context)


# --- volunteers (staff) -------------------------------------------------------------------------------


@login_required
def volunteer_list(request):
    user = request.user
    form = VolunteerFilterForm(user, request.GET)
    volunteers = queries.filter_volunteers(queries.volunteer_list(user), **form.filters())
    page = _page(request, volunteers.order_by("community_id", "number"))
    queries.attach_stars(page)
    context = {
        "form": form,
        "page": page,
        "can_create": scope_for(user).has(MANAGE),
        # The chosen (or only) community, whose public sign-up and notice pages the header links.
        "public_community": form.community,
        "breadcrumbs": _crumbs((_("Volunteers"), "")),
    }
    return render(request, "volunteering/volunteer_list.html", context)


def _volunteer_page(
    request: HttpRequest,
    volunteer: Volunteer,
    reject_form: RejectForm | None = None,
    login_form: VolunteerLoginForm | None = None,
):
    user = request.user
    records = _page(request, queries.volunteer_records(volunteer), per_page=20)
    queries.attach_effective_hours(records)
    can_manage = can(user, volunteer, MANAGE)
    can_accounts = can(user, volunteer, Cap.ACCOUNTS_MANAGE)
    account = account_services.existing_login(volunteer=volunteer)
    context = {
        "volunteer": volunteer,
        "figures": queries.volunteer_figures(volunteer),
        "memberships": queries.volunteer_memberships(volunteer),
        "skills": volunteer.skills.all(),
        "records": records,
        "openable": queries.openable_record_ids(user, records),
        "certificates": queries.volunteer_certificates(volunteer),
        "can_manage": can_manage,
        "can_record": volunteer.status == Volunteer.Status.ACTIVE and can(user, volunteer, RECORD),
        "reject_form": reject_form or (RejectForm() if can_manage else None),
        "account": account,
        "can_accounts": can_accounts,
        "login_form": login_form or (VolunteerLoginForm() if can_accounts and account is None else None),
        "resident_visible": volunteer.resident_id is not None and can(user, volunteer.resident, "registry.view"),
        "breadcrumbs": _crumbs(_volunteers_crumb(), (volunteer.name, "")),
    }
    return render(request, "volunteering/volunteer_detail.html", context)


@login_required
def volunteer_detail(request, pk):
    return _volunteer_page(request, queries.get_volunteer_for_user(request.user, pk))


@login_required
@require_POST
def volunteer_decide(request, pk):
    """Approve a sign-up (the applicant's login gets the volunteer role), or reject it with a reason."""
    volunteer = queries.get_volunteer_for_user(request.user, pk, manage=True)
    form = RejectForm(request.POST)
    form.is_valid()
    try:
        if request.POST.get("decision") == "approve":
            services.approve_volunteer(by=request.user, volunteer=volunteer)
            messages.success(request, _("%(name)s is now a registered volunteer.") % {"name": volunteer.name})
        else:
            reason = form.cleaned_data.get("reason", "")
            services.decide_registration(by=request.user, volunteer=volunteer, approve=False, reason=reason)
            messages.success(request, _("The registration of %(name)s is not approved.") % {"name": volunteer.name})
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            apply_errors(form, exc)
            return _volunteer_page(request, volunteer, reject_form=form)
        messages.error(request, " ".join(exc.messages))
    return redirect("volunteering:volunteer-detail", pk=volunteer.pk)


@login_required
@require_POST
@never_cache
def volunteer_login(request, pk):
    """Staff give a volunteer (a team leader too) their login; the password is shown once, here."""
    volunteer = queries.get_volunteer_for_user(request.user, pk, accounts=True)
    form = VolunteerLoginForm(request.POST)
    if form.is_valid():
        try:
            account, password = account_services.create_login(
                by=request.user, volunteer=volunteer, username=form.cleaned_data["username"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            context = {"volunteer": volunteer, "account": account, "password": password}
            return render(request, "volunteering/volunteer_login.html", context)
    return _volunteer_page(request, volunteer, login_form=form)


@login_required
@require_POST
@never_cache
def volunteer_login_reset(request, pk):
    """A volunteer who has a login but lost its password gets a new one, shown once."""
    volunteer = queries.get_volunteer_for_user(request.user, pk, accounts=True)
    account = account_services.existing_login(volunteer=volunteer)
    if account is None:
        raise Http404
    password = account_services.reset_password(by=request.user, user=account)
    context = {"volunteer": volunteer, "account": account, "password": password, "reset": True}
    return render(request, "volunteering/volunteer_login.html", context)


@login_required
def volunteer_create(request):
    _require(request.user, MANAGE)
    form = StaffVolunteerForm(request.user, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            volunteer = services.register_volunteer(by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is registered as volunteer %(number)s.")
                % {"name": volunteer.name, "number": volunteer.number},
            )
            return redirect("volunteering:volunteer-detail", pk=volunteer.pk)
    crumbs = _crumbs(_volunteers_crumb(), (_("Register a volunteer"), ""))
    return render(request, "volunteering/volunteer_form.html", {"form": form, "breadcrumbs": crumbs})


# --- teams --------------------------------------------------------------------------------------


@login_required
def team_list(request):
    user = request.user
    form = TeamFilterForm(user, request.GET)
    own = queries.own_active_volunteer(user)
    context = {
        "form": form,
        "page": _page(request, form.apply(queries.team_list(user))),
        "own": own,
        "joinable": queries.joinable_teams(own) if own else [],
        "year": timezone.localdate().year,
        "can_create": scope_for(user).has(MANAGE),
        "breadcrumbs": _crumbs((_("Teams"), "")),
    }
    return render(request, "volunteering/team_list.html", context)


@login_required
def team_detail(request, pk):
    user = request.user
    team = queries.get_team_for_user(user, pk)
    period = PeriodForm(request.GET)
    start, end = period.period()
    can_manage = can(user, team, MANAGE)
    context = {
        "team": team,
        "period_form": period,
        "start": start,
        "end": end,
        "roster": queries.team_roster(team, start, end),
        "requests": queries.join_requests(team),
        "sub_teams": team.sub_teams.order_by("name"),
        "year_hours": queries.team_year_hours(team, timezone.localdate().year),
        "can_manage": can_manage,
        "can_record": can(user, team, RECORD),
        "can_add_women_teams": can_manage and team.type == Team.Type.WOMEN and team.parent_id is None,
        "breadcrumbs": _crumbs(_teams_crumb(), (team.name, "")),
    }
    return render(request, "volunteering/team_detail.html", context)


@login_required
def team_create(request):
    _require(request.user, MANAGE)
    form = TeamForm(request.user, request.POST or None, initial={"parent": request.GET.get("parent")})
    if request.method == "POST" and form.is_valid():
        try:
            team = services.create_team(by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The team %(name)s is created.") % {"name": team.name})
            return redirect("volunteering:team-detail", pk=team.pk)
    crumbs = _crumbs(_teams_crumb(), (_("New team"), ""))
    return render(request, "volunteering/team_form.html", {"form": form, "breadcrumbs": crumbs})


def _post_outcome(request: HttpRequest, call: Any, success: str) -> None:
    """Run one service call from a button; its refusal becomes a message on the page it returns to."""
    try:
        call()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)


@login_required
@require_POST
def team_women_sub_teams(request, pk):
    team = queries.get_team_for_user(request.user, pk, change=MANAGE)
    _post_outcome(
        request,
        lambda: services.create_women_sub_teams(by=request.user, parent=team),
        _("The four women's sub-teams are in place."),
    )
    return redirect("volunteering:team-detail", pk=team.pk)


@login_required
@require_POST
def team_join(request, pk):
    """A volunteer asks to join a team of their community; its leader decides."""
    own = queries.own_active_volunteer(request.user)
    if own is None:
        raise PermissionDenied
    team = next((t for t in queries.joinable_teams(own) if t.pk == int(pk)), None)
    if team is None:
        raise Http404
    _post_outcome(
        request,
        lambda: services.request_to_join(by=request.user, volunteer=own, team=team),
        _("You asked to join %(team)s. Its leader will decide.") % {"team": team.name},
    )
    return redirect("volunteering:team-list")


@login_required
@require_POST
def team_leave(request, pk):
    """A volunteer leaves a team, or takes back a request to join it."""
    own = queries.own_volunteer(request.user)
    membership = (
        TeamMembership.objects.filter(
            team_id=pk, volunteer=own, status__in=[TeamMembership.Status.ACTIVE, TeamMembership.Status.REQUESTED]
        )
        .select_related("team", "volunteer")
        .first()
        if own
        else None
    )
    if membership is None:
        raise Http404
    services.leave_team(by=request.user, membership=membership)
    messages.success(request, _("You are no longer in %(team)s.") % {"team": membership.team.name})
    return redirect("volunteering:team-list")


def _membership(team: Team, membership_pk: Any) -> TeamMembership:
    membership = team.memberships.select_related("volunteer", "team").filter(pk=membership_pk).first()
    if membership is None:
        raise Http404
    return membership


@login_required
@require_POST
def membership_decide(request, pk, membership_pk):
    """The team's leader or staff accept or decline a request to join (the service checks who)."""
    team = queries.get_team_for_user(request.user, pk, change=RECORD)
    membership = _membership(team, membership_pk)
    accept = request.POST.get("decision") == "accept"
    name = membership.volunteer.name
    _post_outcome(
        request,
        lambda: services.decide_join_request(by=request.user, membership=membership, accept=accept),
        (_("%(name)s joined the team.") if accept else _("The request of %(name)s is declined.")) % {"name": name},
    )
    return redirect("volunteering:team-detail", pk=team.pk)


@login_required
@require_POST
def membership_leader(request, pk, membership_pk):
    team = queries.get_team_for_user(request.user, pk, change=MANAGE)
    membership = _membership(team, membership_pk)
    leader = request.POST.get("leader") == "1"
    name = membership.volunteer.name
    _post_outcome(
        request,
        lambda: services.set_team_leader(by=request.user, team=team, volunteer=membership.volunteer, leader=leader),
        (_("%(name)s now leads the team.") if leader else _("%(name)s no longer leads the team.")) % {"name": name},
    )
    return redirect("volunteering:team-detail", pk=team.pk)


@login_required
@require_POST
def membership_remove(request, pk, membership_pk):
    team = queries.get_team_for_user(request.user, pk, change=MANAGE)
    membership = _membership(team, membership_pk)
    if membership.status != TeamMembership.Status.ACTIVE:
        raise Http404
    services.leave_team(by=request.user, membership=membership)
    messages.success(request, _("%(name)s is no longer in the team.") % {"name": membership.volunteer.name})
    return redirect("volunteering:team-detail", pk=team.pk)


# --- the ledger ----------------------------------------------------------------------------------------


@login_required
def record_list(request):
    user = request.user
    form = RecordFilterForm(user, request.GET)
    records = queries.filter_records(queries.record_list(user), **form.filters())
    context = {
        "form": form,
        "page": _page(request, records),
        "can_record": scope_for(user).has(RECORD),
        "open_requests": queries.open_correction_requests(user).count(),
        "breadcrumbs": _crumbs((_("Service records"), "")),
    }
    return render(request, "volunteering/record_list.html", context)


@login_required
def record_create(request):
    _require(request.user, RECORD)
    initial = {"volunteer": request.GET.get("volunteer"), "team": request.GET.get("team")}
    form = RecordForm(request.user, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.record_service(by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(hours)s hours for %(name)s are on public notice until %(date)s.")
                % {"hours": record.hours, "name": record.volunteer.name, "date": record.notice_until.isoformat()},
            )
            return redirect("volunteering:record-detail", pk=record.pk)
    crumbs = _crumbs((_("Service records"), reverse("volunteering:record-list")), (_("Record hours"), ""))
    return render(request, "volunteering/record_form.html", {"form": form, "breadcrumbs": crumbs})


@login_required
def record_batch(request):
    """Hours for one activity of one team, many volunteers at once; the team is chosen first."""
    _require(request.user, RECORD)
    team_pk = request.POST.get("team") or request.GET.get("team")
    crumbs = _crumbs((_("Service records"), reverse("volunteering:record-list")), (_("Record a team activity"), ""))
    if not team_pk:
        teams = label_teams(queries.teams_for_user(request.user, RECORD).order_by("name"))
        return render(request, "volunteering/record_batch.html", {"teams": teams, "breadcrumbs": crumbs})
    team = queries.get_team_for_user(request.user, team_pk, change=RECORD)
    form = BatchForm(request.user, team, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            records = services.record_batch(by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Hours for %(n)s volunteers are on public notice.") % {"n": len(records)})
            return redirect("volunteering:team-detail", pk=team.pk)
    return render(request, "volunteering/record_batch.html", {"form": form, "team": team, "breadcrumbs": crumbs})


def _record_page(request: HttpRequest, record: ServiceRecord, **forms: Any):
    user = request.user
    can_record = can(user, record, RECORD)
    is_own = record.volunteer.user_id == user.pk
    original = record.corrects is None
    context = {
        "record": record,
        "history": queries.record_history(record),
        "requests": queries.record_requests(record.corrects or record),
        "can_record": can_record,
        "is_own": is_own,
        "correct_form": forms.get("correct_form") or (CorrectForm() if can_record and original else None),
        "withdraw_form": forms.get("withdraw_form")
        or (WithdrawForm() if can_record and record.status == ServiceRecord.Status.NOTICE else None),
        "request_form": forms.get("request_form") or (CorrectionRequestForm() if is_own and original else None),
        "decision_form": CorrectionDecisionForm() if can_record else None,
        "breadcrumbs": (
            [(_("My volunteer page"), reverse("volunteering:my-page")), (_("Service record"), "")]
            if is_own and not can_record
            else _crumbs((_("Service records"), reverse("volunteering:record-list")), (_("Service record"), ""))
        ),
    }
    return render(request, "volunteering/record_detail.html", context)


@login_required
def record_detail(request, pk):
    return _record_page(request, queries.get_record_for_user(request.user, pk))


@login_required
@require_POST
def record_correct(request, pk):
    """Amend or reverse an entry with a new one; the original stays as it was."""
    record = queries.get_record_for_user(request.user, pk, change=True)
    form = CorrectForm(request.POST)
    if form.is_valid():
        try:
            services.correct_record(by=request.user, record=record, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The correction is on public notice; the original entry is kept."))
            return redirect("volunteering:record-detail", pk=record.pk)
    return _record_page(request, record, correct_form=form)


@login_required
@require_POST
def record_withdraw(request, pk):
    record = queries.get_record_for_user(request.user, pk, change=True)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw_record(by=request.user, record=record, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The entry is withdrawn from the notice board; it will not count."))
            return redirect("volunteering:record-detail", pk=record.pk)
    return _record_page(request, record, withdraw_form=form)


@login_required
@require_POST
def correction_request(request, pk):
    """The volunteer asks for their own entry to be corrected (the service refuses anyone else)."""
    record = queries.get_record_for_user(request.user, pk)
    form = CorrectionRequestForm(request.POST)
    if form.is_valid():
        try:
            services.request_correction(by=request.user, record=record, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your request is sent. The team leader or the community staff will decide."))
            return redirect("volunteering:record-detail", pk=record.pk)
    return _record_page(request, record, request_form=form)


@login_required
def correction_list(request):
    context = {
        "page": _page(request, queries.open_correction_requests(request.user)),
        "breadcrumbs": _crumbs(
            (_("Service records"), reverse("volunteering:record-list")), (_("Correction requests"), "")
        ),
    }
    return render(request, "volunteering/correction_list.html", context)


@login_required
@require_POST
def correction_decide(request, pk):
    correction = queries.get_correction_request_for_user(request.user, pk)
    form = CorrectionDecisionForm(request.POST)
    form.is_valid()
    accept = request.POST.get("decision") == "accept"
    reason = form.cleaned_data.get("reason", "")
    _post_outcome(
        request,
        lambda: services.decide_correction(by=request.user, request=correction, accept=accept, reason=reason),
        _("The entry is corrected; the correction is on public notice.") if accept else _("The request is declined."),
    )
    return redirect("volunteering:record-detail", pk=correction.record_id)


# --- leaderboards ---------------------------------------------------------------------------------------


@login_required
def leaderboard(request):
    user = request.user
    form = LeaderboardForm(user, request.GET)
    board = form.board()
    if board["community"] is None:
        raise PermissionDenied
    page = queries.leaderboard(user, **board, page=request.GET.get("page"))
    context = {"form": form, "page": page, **board, "breadcrumbs": _crumbs((_("Leaderboard"), ""))}
    return render(request, "volunteering/leaderboard.html", context)


@login_required
def volunteer_photo(request: HttpRequest, pk: int) -> FileResponse:
    """A volunteer's photo, for those who may see the volunteer: it is personal data, not public media."""
    return image_response(queries.get_volunteer_for_user(request.user, pk).photo)
