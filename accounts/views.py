import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as switch_language

from accounts import services, throttle
from accounts.forms import LoginForm, PasswordChangeForm, TokenForm
from accounts.models import ApiToken
from core.forms import apply_errors
from core.net import client_address


def _safe_next(request) -> str:
    """The page to return to after login, only if it is on this site (never an outside address)."""
    target = request.GET.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""


def _locked_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Too many failed attempts. Try again in %(minutes)d minute, or ask your community's staff to reset "
        "your password.",
        "Too many failed attempts. Try again in %(minutes)d minutes, or ask your community's staff to reset "
        "your password.",
        minutes,
    ) % {"minutes": minutes}


def login_view(request):
    # Bound on every POST, an empty one too: the lock message is added to a form that was checked.
    form = LoginForm(request, data=request.POST if request.method == "POST" else None)
    address = client_address(request)
    ident = request.POST.get("username", "")
    status = 200
    if request.method == "POST":
        if waiting := throttle.seconds_locked(ident, address):
            # Refused unchecked, the right password too: a guesser learns nothing while the wait lasts.
            form.errors.clear()
            form.add_error(None, _locked_message(waiting))
            status = 429
        elif form.is_valid():
            throttle.clear_failures(ident)
            user = form.get_user()
            login(request, user)
            response = redirect(_safe_next(request) or "core:home")
            if user.language:  # the language they chose last time, on any device
                response.set_cookie(
                    settings.LANGUAGE_COOKIE_NAME, user.language, max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax"
                )
            return response
        else:
            throttle.note_failure(ident, address)
            if waiting := throttle.seconds_locked(ident, address):
                form.add_error(None, _locked_message(waiting))  # after "do not match": this try was wrong too
                status = 429
    return render(request, "accounts/login.html", {"form": form}, status=status)


@require_POST
def logout_view(request):
    logout(request)
    return redirect("accounts:login")


@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_password(by=request.user, user=request.user, password=form.cleaned_data["new_password1"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password has been changed."))
            return redirect("core:home")
    return render(request, "accounts/password_change.html", {"form": form, "breadcrumbs": [(_("Change password"), "")]})


@login_required
def token_list(request):
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = services.issue_api_token(by=request.user, user=request.user, name=form.cleaned_data["name"])
        form = TokenForm()
    tokens = request.user.api_tokens.filter(revoked_at__isnull=True).order_by("-created_at")
    return render(
        request,
        "accounts/token_list.html",
        {"form": form, "tokens": tokens, "new_key": new_key, "breadcrumbs": [(_("API tokens"), "")]},
    )


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    services.revoke_api_token(by=request.user, token=token)
    messages.success(request, _("The token has been revoked; programs using it can no longer sign in."))
    return redirect("accounts:token-list")


def set_language(request):
    """Django's language switch (cookie and redirect); a logged-in user's choice is also kept on
    their account, so emails and other messages sent outside a request use it too."""
    response = switch_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        services.set_language(by=request.user, language=request.POST.get("language", ""))
    return response
