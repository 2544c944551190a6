"""The notification centre: a user's own notifications, newest first; read ones stay listed."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications import services
from notifications.models import Notification

PER_PAGE = 30


@login_required
def notification_list(request):
    mine = Notification.objects.for_recipient(request.user)
    page = Paginator(mine, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "unread_count": mine.unread().count(),
        "breadcrumbs": [(_("Notifications"), "")],
    }
    return render(request, "notifications/notification_list.html", context)


@login_required
def unread_count(request):
    """The number for a menu badge; plain text so any page can fetch it."""
    count = Notification.objects.for_recipient(request.user).unread().count()
    return HttpResponse(str(count), content_type="text/plain; charset=utf-8")


@login_required
@require_POST
def mark_read(request, pk: int):
    notification = get_object_or_404(Notification.objects.for_recipient(request.user), pk=pk)
    services.mark_read(by=request.user, notification=notification)
    # "Open" marks read and follows the link; "Mark as read" stays on the list.
    if request.POST.get("open") and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    services.mark_all_read(by=request.user)
    return redirect("notifications:list")
