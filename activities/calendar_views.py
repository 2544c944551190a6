"""Calendar subscription links: the page that shows a user their link, and the two .ics feeds."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities import feeds
from notifications import services
from notifications.models import CalendarToken
from registry.models import OrgUnit

ICS = "text/calendar; charset=utf-8"


@login_required
def my_calendar(request):
    token = services.calendar_token(by=request.user)
    feed = request.build_absolute_uri(reverse("calendar:volunteer-feed", args=[token]))
    context = {"feed_url": feed, "breadcrumbs": [(_("My calendar link"), "")]}
    return render(request, "activities/my_calendar.html", context)


@login_required
@require_POST
def renew_calendar(request):
    services.calendar_token(by=request.user, renew=True)
    return redirect("calendar:mine")


def volunteer_feed(request, token: str):
    """No login: the unguessable token is the key. A wrong or replaced token is 404."""
    row = CalendarToken.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if row is None:
        raise Http404
    body = feeds.to_ical(
        feeds.volunteer_activities(row.user), name=_("My activities"), build_url=request.build_absolute_uri
    )
    return HttpResponse(body, content_type=ICS)


def community_feed(request, pk: int):
    """Public: published activities are announced to the whole community anyway."""
    community = get_object_or_404(OrgUnit, pk=pk, kind=OrgUnit.Kind.COMMUNITY)
    body = feeds.to_ical(
        feeds.community_activities(community.pk),
        name=_("Activities of %(community)s") % {"community": community.name},
        build_url=request.build_absolute_uri,
    )
    return HttpResponse(body, content_type=ICS)
