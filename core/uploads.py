"""Uploaded pictures: checked on the way in, stored under a random name, served to those already let in.

Volunteers' photos, activity covers and summary photos, wish and delivery photos all go through
these; a photo shows people and homes, so it is served like personal data, never as public media.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

PHOTO_MAX_BYTES = 5 * 1024 * 1024


# What browsers show and the forms promise; the stored name's extension comes from the content.
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def photo_extension(photo: Any) -> str:
    """The extension of the picture's real format (checked by check_photo), not of the uploaded name."""
    from PIL import Image  # noqa: PLC0415 - Pillow loads only when a picture is checked or served

    try:
        found = Image.open(photo).format
    except Exception:  # check_photo has refused non-pictures; this only names the file
        found = None
    finally:
        photo.seek(0)
    return PHOTO_FORMATS.get(found or "", "jpg")


def random_photo_name(photo: Any) -> str:
    """A random file name: an uploaded name can carry a resident's name or a phone number."""
    return f"{uuid.uuid4().hex}.{photo_extension(photo)}"


def check_photo(photo: Any, field: str = "photo") -> None:
    """A photo is optional; when given it must be a real image of at most 5 MB; refusals land on `field`."""
    if not photo:
        return
    if photo.size > PHOTO_MAX_BYTES:
        raise ValidationError({field: _("The photo is larger than 5 MB; choose a smaller one.")})
    from PIL import Image, UnidentifiedImageError  # noqa: PLC0415 - Pillow loads only when a picture is checked or served

    try:
        image = Image.open(photo)
        found = image.format
        image.verify()
    except Image.DecompressionBombError as exc:  # a tiny file that unpacks to gigabytes
        raise ValidationError({field: _("This picture is too large in pixels; choose an ordinary photo.")}) from exc
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationError({field: _("This file is not a photo; choose a JPEG or PNG picture.")}) from exc
    photo.seek(0)
    if found not in PHOTO_FORMATS:
        raise ValidationError({field: _("Choose a JPEG or PNG picture; this one is %(format)s.") % {"format": found}})


def image_response(field_file: Any, cache: str = "private, max-age=3600") -> FileResponse:
    """A stored picture, for a caller the view has already checked against its scope.

    No picture, or a file gone from the disk, is a 404 like a missing record; `private` keeps it out
    of shared caches."""
    if not field_file:
        raise Http404
    try:
        response = FileResponse(field_file.open("rb"))
    except FileNotFoundError:
        raise Http404 from None
    response["Cache-Control"] = cache
    return response
