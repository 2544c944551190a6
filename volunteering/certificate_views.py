"""Certificate pages: the register, request, issue, decline, revoke, the PDF and public verification."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, QuerySet, Sum, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.forms import apply_errors
from core.roles import Cap
from core.scoping import get_for_user, scope_for
from core.validators import record_id
from registry.queries import communities_for_user, record_timeline
from volunteering import queries, services
from volunteering.certificate_forms import CertificateFilterForm, CertificateRequestForm, IssuerSettingsForm, ReasonForm
from volunteering.models import Certificate
from volunteering.pdf import format_hours, issuer_name, verification_url

PER_PAGE = 50
SERIAL_CHARACTERS = re.compile(r"[\w-]+")  # what serials are made of: the community code, the year, a number


# --- scoped reads ----------------------------------------------------------------------------------


def certificates_for_user(user: Any, cap: str = Cap.VOLUNTEERING_VIEW) -> QuerySet[Certificate]:
    return Certificate.objects.for_user(user, cap)


def get_certificate_for_user(user: Any, pk: Any, *, manage: bool = False) -> Certificate:
    """404 outside the user's scope; 403 when `manage` is asked of a read-only user."""
    queryset = Certificate.objects.select_related(
        "volunteer", "community__county", "community__town", "issued_by", "county"
    )
    return get_for_user(
        queryset, user, pk, view=Cap.VOLUNTEERING_VIEW, change=Cap.VOLUNTEERING_MANAGE if manage else None
    )


def unscoped_certificate_by_serial(serial: str) -> Certificate | None:
    """The public verification lookup: only issued or revoked certificates have a serial to find."""
    return (
        Certificate.objects.filter(
            serial=serial.strip(), status__in=[Certificate.Status.ISSUED, Certificate.Status.REVOKED]
        )
        .select_related("volunteer", "community__county", "community__town")
        .first()
    )


def _is_manager(user: Any, certificate: Certificate) -> bool:
    scope = scope_for(user)
    return scope.is_superuser or certificate.community_id in scope.community_ids(Cap.VOLUNTEERING_MANAGE)


def _is_own(user: Any, certificate: Certificate) -> bool:
    return certificate.volunteer_id in scope_for(user).own_volunteer_ids()


def _crumbs(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Certificates"), reverse("volunteering:certificate-list")), *pairs]


def certificate_url(certificate: Certificate) -> str:
    return reverse("volunteering:certificate-detail", args=[certificate.pk])


def _to_detail(certificate: Certificate) -> HttpResponse:
    return redirect(certificate_url(certificate))


# --- pages -------------------------------------------------------------------------------------------


@login_required
def certificate_list(request):
    """Staff: the community's register; county admins read it; a volunteer sees their own."""
    user = request.user
    scope = scope_for(user)
    if not scope.has(Cap.VOLUNTEERING_VIEW):
        raise PermissionDenied
    form = CertificateFilterForm(user, request.GET)
    certificates = form.filter(certificates_for_user(user)).select_related("volunteer", "community")
    waiting_first = Case(
        When(status=Certificate.Status.REQUESTED, then=Value(0)), default=1, output_field=IntegerField()
    )
    certificates = certificates.order_by(waiting_first, "-requested_at", "-pk")
    page = Paginator(certificates, PER_PAGE).get_page(request.GET.get("page"))
    for certificate in page:
        certificate.hours_text = format_hours(certificate.hours) if certificate.hours is not None else ""
    context = {
        "form": form,
        "page": page,
        "show_community": "community" in form.fields,
        "can_manage": scope.is_superuser or bool(scope.community_ids(Cap.VOLUNTEERING_MANAGE)),
        "can_request": scope.is_superuser
        or bool(scope.community_ids(Cap.VOLUNTEERING_MANAGE) or scope.own_volunteer_ids()),
        "breadcrumbs": _crumbs(),
    }
    return render(request, "volunteering/certificate_list.html", context)


@login_required
def certificate_request(request):
    """A volunteer asks for a certificate; staff may ask on a volunteer's behalf (?volunteer=pk)."""
    scope = scope_for(request.user)
    if not (scope.is_superuser or scope.community_ids(Cap.VOLUNTEERING_MANAGE) or scope.own_volunteer_ids()):
        raise PermissionDenied
    initial = {"volunteer": request.GET.get("volunteer")} if request.GET.get("volunteer") else {}
    form = CertificateRequestForm(request.user, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            certificate = services.request_certificate(
                by=request.user,
                volunteer=form.chosen_volunteer(),
                period_start=data["period_start"],
                period_end=data["period_end"],
                purpose=data["purpose"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The request is sent; the community staff will issue the certificate."))
            return _to_detail(certificate)
    context = {"form": form, "breadcrumbs": _crumbs((_("Ask for a certificate"), ""))}
    return render(request, "volunteering/certificate_request.html", context)


@login_required
def certificate_detail(request, pk):
    user = request.user
    certificate = get_certificate_for_user(user, pk)
    can_manage = _is_manager(user, certificate)
    preview = None
    if can_manage and certificate.status == Certificate.Status.REQUESTED:
        # What issuing would fix on the paper, so staff see it before they issue.
        entries = services.recorded_in_period(certificate.volunteer, certificate.period_start, certificate.period_end)
        preview = format_hours(entries.aggregate(total=Sum("hours"))["total"])
    # The history names staff accounts: for those who oversee the community, not the volunteer.
    oversees = scope_for(user).is_superuser or certificate.community_id in scope_for(user).community_ids(
        Cap.VOLUNTEERING_VIEW
    )
    timeline = record_timeline({"volunteering.certificate": [certificate.pk]}) if oversees else []
    context = {
        "certificate": certificate,
        "hours": format_hours(certificate.hours) if certificate.hours is not None else "",
        "issuer": issuer_name(certificate.community),
        "can_manage": can_manage,
        "can_download": certificate.status == Certificate.Status.ISSUED and (can_manage or _is_own(user, certificate)),
        "preview_hours": preview,
        "timeline": timeline,
        "show_timeline": oversees,
        "breadcrumbs": _crumbs((str(certificate), "")),
    }
    return render(request, "volunteering/certificate_detail.html", context)


@login_required
@require_POST
def certificate_issue(request, pk):
    certificate = get_certificate_for_user(request.user, pk, manage=True)
    try:
        certificate = services.issue_certificate(by=request.user, certificate=certificate)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Certificate %(serial)s is issued.") % {"serial": certificate.serial})
    return _to_detail(certificate)


def _reason_page(request: HttpRequest, pk: Any, *, action: str) -> HttpResponse:
    """Decline a request or revoke an issued certificate: one form, a reason, one service."""
    certificate = get_certificate_for_user(request.user, pk, manage=True)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        service = services.decline_certificate if action == "decline" else services.revoke_certificate
        try:
            service(by=request.user, certificate=certificate, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            done = _("The request is declined.") if action == "decline" else _("The certificate is revoked.")
            messages.success(request, done)
            return _to_detail(certificate)
    title = _("Decline the request") if action == "decline" else _("Revoke the certificate")
    context = {
        "form": form,
        "certificate": certificate,
        "action": action,
        "title": title,
        "breadcrumbs": _crumbs((str(certificate), certificate_url(certificate)), (title, "")),
    }
    return render(request, "volunteering/certificate_reason.html", context)


@login_required
def certificate_decline(request, pk):
    return _reason_page(request, pk, action="decline")


@login_required
def certificate_revoke(request, pk):
    return _reason_page(request, pk, action="revoke")


@login_required
@never_cache
def certificate_download(request, pk):
    """The PDF: for the volunteer themself and staff of the community (audited); 404 for anyone else."""
    user = request.user
    certificate = get_certificate_for_user(user, pk)
    if not (_is_own(user, certificate) or _is_manager(user, certificate)):
        raise Http404
    if certificate.status != Certificate.Status.ISSUED:
        raise Http404
    pdf = services.download_certificate(
        by=user, certificate=certificate, verify_url=verification_url(certificate.serial, request)
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"certificate-{certificate.serial}.pdf")
    return response


@never_cache
def certificate_verify(request, serial):
    """Public: anyone holding the paper checks it. Masked name, hours, period, issuer; nothing else."""
    serial = serial.strip()[:64]
    certificate = unscoped_certificate_by_serial(serial)
    context = {
        "serial": serial,
        "certificate": certificate,
        "hours": format_hours(certificate.hours) if certificate else "",
        "issuer": issuer_name(certificate.community) if certificate else "",
        "revoked_on": timezone.localdate(certificate.revoked_at) if certificate and certificate.revoked_at else None,
    }
    response = render(request, "volunteering/certificate_verify.html", context, status=200 if certificate else 404)
    response["X-Robots-Tag"] = "noindex"  # a search engine has no business listing certificates
    return response


def certificate_verify_search(request):
    """The serial typed from the paper: on to its verification page."""
    serial = request.GET.get("serial", "").strip()[:32]
    if not serial:
        return render(request, "volunteering/certificate_verify.html", {"serial": "", "certificate": None})
    if not SERIAL_CHARACTERS.fullmatch(serial):
        # A serial is letters, digits and dashes; one with a slash has no page of its own to go to.
        return certificate_verify(request, serial)
    return redirect("volunteering:certificate-verify", serial=serial)


@login_required
def certificate_settings(request):
    """The issuer details printed on certificates: person in charge, clerk, contact phone."""
    communities = communities_for_user(request.user, Cap.VOLUNTEERING_MANAGE)
    if not communities.exists():
        raise PermissionDenied
    wanted = request.POST.get("community") or request.GET.get("community") or ""
    if wanted and record_id(wanted) is None:
        raise Http404
    community = communities.filter(pk=wanted).first() if wanted else communities.first()
    if community is None:
        raise Http404
    current = queries.settings_of(community)
    initial = {f: getattr(current, f) for f in ("person_in_charge", "clerk", "contact_phone", "signup_limit")}
    form = IssuerSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_volunteering_settings(by=request.user, community=community, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The issuer details of %(community)s are saved.") % {"community": community})
            return redirect(f"{reverse('volunteering:certificate-settings')}?community={community.pk}")
    context = {
        "form": form,
        "community": community,
        "communities": communities if communities.count() > 1 else None,
        "breadcrumbs": _crumbs((_("Volunteering settings"), "")),
    }
    return render(request, "volunteering/certificate_settings.html", context)
