"""Uploaded pictures: checked on the way in, stored re-encoded under a random name, served to those let in.

Volunteers' photos, activity covers and summary photos, wish and delivery photos all go through
these; a photo shows people and homes, so it is served like personal data, never as public media.
"""

from __future__ import annotations

import io
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PHOTO_MAX_BYTES = 5 * 1024 * 1024
# Checked from the header, before decoding: a 12000x12000 PNG of 140 KB needs 576 MB to show.
MAX_SIDE = 10_000
MAX_PIXELS = 40_000_000
STORED_MAX_SIDE = 2048
TOO_MANY_PIXELS = gettext_lazy("This picture is too large in pixels; choose an ordinary photo.")
DAMAGED = gettext_lazy("This picture is damaged or incomplete; take or save it again and upload the new file.")


# What browsers show and the forms promise; the stored name's extension comes from the content.
# MPO is how Pillow names a phone's JPEG that carries a second (depth or preview) picture.
PHOTO_FORMATS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp"}


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


def _open_checked(photo: Any, field: str) -> Any:
    """The picture opened and decoded, once its format and pixel size are known to be safe to decode."""
    from PIL import Image  # noqa: PLC0415 - Pillow loads only when a picture is checked or served

    if photo.size > PHOTO_MAX_BYTES:
        raise ValidationError({field: _("The photo is larger than 5 MB; choose a smaller one.")})
    photo.seek(0)
    try:
        image = Image.open(photo)  # reads the header only
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:  # tiny files unpacking to GBs
        raise ValidationError({field: TOO_MANY_PIXELS}) from exc
    except Exception as exc:  # UnidentifiedImageError mostly; a broken header can raise others
        raise ValidationError({field: _("This file is not a photo; choose a JPEG or PNG picture.")}) from exc
    if image.format not in PHOTO_FORMATS:
        raise ValidationError(
            {field: _("Choose a JPEG or PNG picture; this one is %(format)s.") % {"format": image.format}}
        )
    width, height = image.size
    if max(width, height) > MAX_SIDE or width * height > MAX_PIXELS:
        raise ValidationError({field: TOO_MANY_PIXELS})
    try:
        image.draft("RGB", (STORED_MAX_SIDE, STORED_MAX_SIDE))  # a JPEG decodes straight at a smaller scale
        image.load()
    except Image.DecompressionBombError as exc:
        raise ValidationError({field: TOO_MANY_PIXELS}) from exc
    except Exception as exc:  # truncated or corrupt data; decoders raise OSError mostly, others at times
        raise ValidationError({field: DAMAGED}) from exc
    finally:
        photo.seek(0)
    return image


def check_photo(photo: Any, field: str = "photo") -> None:
    """A photo is optional; when given it must be a JPEG, PNG or WebP picture that decodes whole, of at most
    5 MB, 10,000 pixels a side and 40 megapixels; refusals land on `field`."""
    if photo:
        _open_checked(photo, field)


def clean_photo(photo: Any, field: str = "photo") -> ContentFile:
    """The copy of an upload to store, under a random name: decoded, turned upright, at most 2048 pixels a
    side, re-encoded as JPEG (PNG when it has transparency) without any metadata (EXIF, GPS, XMP, text).

    Every stored picture goes through here, so whatever an upload carried besides its pixels is lost.
    """
    from PIL import ImageOps  # noqa: PLC0415 - Pillow loads only when a picture is checked or served

    image = _open_checked(photo, field)
    buffer = io.BytesIO()
    try:
        image = ImageOps.exif_transpose(image)
        image.thumbnail((STORED_MAX_SIDE, STORED_MAX_SIDE))
        transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        clean = image.convert("RGBA" if transparent else "RGB")
        clean.info = {}  # PNG would otherwise copy the ICC profile and text chunks from here
        clean.save(buffer, "PNG" if transparent else "JPEG", **({} if transparent else {"quality": 85}))
    except Exception as exc:  # a malformed EXIF block, say
        raise ValidationError({field: DAMAGED}) from exc
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{'png' if transparent else 'jpg'}")


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
