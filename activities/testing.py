"""Factories for activity tests."""

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from activities import services
from activities.models import Activity


def make_activity(
    community, *, by=None, places=20, publish=True, starts_in=dt.timedelta(days=2), hours=2, **kw: Any
) -> Activity:
    starts = timezone.now().replace(microsecond=0) + starts_in
    kw.setdefault("signup_deadline", starts - dt.timedelta(hours=1))
    activity = services.create_activity(
        by=by,
        community=community,
        title=kw.pop("title", "义诊"),
        kind=kw.pop("kind", Activity.Kind.FREE_CLINIC),
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=hours),
        places=places,
        **kw,
    )
    if publish:
        Activity.objects.filter(pk=activity.pk).update(status=Activity.Status.PUBLISHED)
        activity.refresh_from_db()
    return activity


def png_bytes(colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def png_upload(name: str = "王秀英的照片.png", colour: tuple[int, int, int] = (200, 30, 30)) -> SimpleUploadedFile:
    """A small real PNG; the default name carries a person's name, which must not reach the disk."""
    return SimpleUploadedFile(name, png_bytes(colour), content_type="image/png")


def not_an_image(name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"this is not a picture", content_type="image/png")
