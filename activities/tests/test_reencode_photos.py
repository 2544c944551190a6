"""reencode_photos: pictures stored before uploads were re-encoded lose their metadata, once."""

import io

from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image

from activities.models import Activity
from activities.testing import make_activity
from core.tests import hostile_files


def run() -> str:
    out = io.StringIO()
    call_command("reencode_photos", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_old_covers_lose_their_gps_and_shared_files_move_together(world, staff_a):
    first = make_activity(world.a, by=staff_a)
    second = make_activity(world.a, by=staff_a, title="第二场")
    # Stored as it was uploaded, the way pictures were kept before.
    first.cover.save("old.jpg", ContentFile(hostile_files.jpeg_with_gps()), save=True)
    Activity.objects.filter(pk=second.pk).update(cover=first.cover.name)
    old_name = first.cover.name

    assert "1 re-encoded" in run()

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.cover.name != old_name and second.cover.name == first.cover.name
    assert not first.cover.storage.exists(old_name)
    with first.cover.open("rb") as fh, Image.open(fh) as image:
        assert not image.getexif() and image.size == (48, 64)  # turned upright, no EXIF left
    assert "0 re-encoded, 1 already clean" in run()  # a second run changes nothing
