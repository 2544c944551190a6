"""Re-encode every stored picture as uploads are now: upright, at most 2048 px, no EXIF, GPS or other metadata.

Pictures stored before uploads were re-encoded may carry where they were taken. Each picture of
every image field of every model is checked; one already clean is left alone, so running the
command twice changes nothing the second time. A file shared by several rows (the occurrences of
a series share one cover) is re-encoded once and every row moves to the new file.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import models
from PIL import Image

from core.uploads import STORED_MAX_SIDE, clean_photo

# What Pillow itself writes into a JPEG or PNG it saves; anything else is metadata from elsewhere.
OWN_INFO = {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi"}


def is_clean(fh: Any) -> bool:
    """Whether a stored picture is already as clean_photo makes them."""
    try:
        with Image.open(fh) as image:
            return (
                image.format in ("JPEG", "PNG")
                and max(image.size) <= STORED_MAX_SIDE
                and not set(image.info) - OWN_INFO
                and not image.getexif()
            )
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    finally:
        fh.seek(0)


def image_fields() -> list[tuple[type[models.Model], models.ImageField]]:
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.ImageField) and not model._meta.proxy
    ]


class Command(BaseCommand):
    help = "Re-encode stored pictures without metadata (EXIF, GPS); pictures already clean are left alone."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count what would change; change nothing.")

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        counts = {"checked": 0, "re-encoded": 0, "already clean": 0, "missing": 0, "unreadable": 0}
        for model, field in image_fields():
            names = model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True)
            for name in sorted(set(names) - {None}):
                counts["checked"] += 1
                counts[self.reencode(model, field, name, dry_run)] += 1
        summary = ", ".join(f"{count} {what}" for what, count in counts.items())
        self.stdout.write(f"{'Would change' if dry_run else 'Pictures'}: {summary}.")

    def reencode(self, model: type[models.Model], field: models.ImageField, name: str, dry_run: bool) -> str:
        storage = field.storage
        try:
            fh = storage.open(name, "rb")
        except FileNotFoundError:
            return "missing"
        with fh:
            if is_clean(fh):
                return "already clean"
            try:
                cleaned = clean_photo(fh, field.name)
            except ValidationError:
                self.stderr.write(f"{model._meta.label}.{field.name}: {name} is not a picture that can be re-encoded.")
                return "unreadable"
        if dry_run:
            return "re-encoded"
        directory = name.rpartition("/")[0]
        new_name = storage.save(f"{directory}/{cleaned.name}" if directory else cleaned.name, cleaned)
        # update(), not save(): only the file's name changes, and every row sharing the file follows it.
        model._default_manager.filter(**{field.name: name}).update(**{field.name: new_name})
        storage.delete(name)
        return "re-encoded"
