"""The hostile-file corpus through every upload, on the page and in the API where both exist.

Each refused file gets a client error or the form back with a message that says what is wrong,
never a server error, and nothing reaches the disk. Each accepted picture is stored re-encoded:
no EXIF or GPS, within the size caps.
"""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from activities.models import Activity
from activities.tests.test_api_photos import API as ACTIVITIES_API
from activities.tests.test_photos import _ended
from activities.tests.test_views_organise import _form
from core.tests import hostile_files
from core.uploads import STORED_MAX_SIDE
from registry import imports as resident_imports
from registry.models import Resident, RosterImport
from registry.testing import make_id
from registry.tests.test_api_helpers import bearer
from volunteering import imports as volunteer_imports
from volunteering.models import Volunteer
from wishes import services as wish_services
from wishes.models import Wish, WishSettings
from wishes.testing import make_wish
from wishes.tests.test_api_wishes import new_wish
from wishes.tests.test_views_intake import data as wish_form

WISHES_API = "/api/v1/wishes"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HOSTILE = hostile_files.hostile_pictures()
ACCEPTABLE = hostile_files.acceptable_pictures()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def files_in(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def upload(name: str, content: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def text(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return str(response.json())
    return response.content.decode()


# Page forms (and the API binding one) use Django's ImageField, which refuses what Pillow cannot open before our checks run.
NOT_AN_IMAGE = "Upload a valid image. The file you uploaded was either not an image or a corrupted image."


def assert_refused(response, *says: str) -> None:
    assert 400 <= response.status_code < 500 or response.status_code == 200, response.status_code
    assert any(words in text(response) for words in says), (response.status_code, says)


def assert_all_refused(media: Path, send, *, page: bool = False) -> None:
    """Send every hostile picture; each is refused with its message and leaves no file behind."""
    before = files_in(media)
    for name, (filename, content, says) in HOSTILE.items():
        response = send(upload(filename, content))
        assert response.status_code != 302, name
        assert_refused(response, says, *([NOT_AN_IMAGE] if page else []))
    assert files_in(media) == before


def assert_clean(field_file) -> None:
    with field_file.open("rb") as fh, Image.open(fh) as image:
        assert image.format in ("JPEG", "PNG")
        assert max(image.size) <= STORED_MAX_SIDE
        assert not image.getexif()
        assert not set(image.info) - {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi"}


def accepted(response) -> bool:
    return response.status_code in (200, 201, 302)


# --- rosters --------------------------------------------------------------------------------------


def test_resident_roster_import_refuses_every_hostile_workbook(login, world, staff_a, media):
    client = login(staff_a)
    workbooks = hostile_files.hostile_workbooks(resident_imports.ROSTER_SHEET, resident_imports.COLUMNS)
    for name, (content, says) in workbooks.items():
        response = client.post(
            reverse("registry:import-start"),
            {"community": world.a.pk, "file": upload("名册.xlsx", content, XLSX)},
            HTTP_ACCEPT_LANGUAGE="en",
            follow=True,
        )
        assert response.status_code == 200, name
        queued = RosterImport.objects.filter(status=RosterImport.Status.QUEUED).first()
        if queued is None:  # refused on upload, nothing stored
            assert_refused(response, says)
            continue
        # The file passed the upload's checks; the task worker's reader refuses it, and lives on.
        with translation.override("en"):
            done = resident_imports.import_roster(by=staff_a, roster_import=queued)
        assert done.status == RosterImport.Status.FAILED and says in done.errors[0]["message"], name
        assert not done.file
    assert not Resident.objects.filter(name="boom").exists()
    assert not files_in(media)


def test_volunteer_roster_import_refuses_every_hostile_workbook(login, world, staff_a, media):
    client = login(staff_a)
    workbooks = hostile_files.hostile_workbooks(volunteer_imports.ROSTER_SHEET, volunteer_imports.COLUMNS)
    for content, says in workbooks.values():
        response = client.post(
            reverse("volunteering:import-start"),
            {"community": world.a.pk, "file": upload("志愿者名册.xlsx", content, XLSX)},
        )
        assert_refused(response, says)
    assert not Volunteer.objects.exists()
    assert not files_in(media)


# --- pictures -------------------------------------------------------------------------------------


def test_volunteer_photo_on_sign_up(client, world, media):
    def send(photo, n=0):
        fields = {"name": "王照片", "phone": f"1391111{n:04d}", "id_type": "resident_id", "id_number": make_id()}
        fields |= {"political_status": "masses", "password": "Wang-zhao-2026", "photo": photo}
        return client.post(reverse("volunteering:join", args=[world.a.code]), fields)

    assert_all_refused(media, send, page=True)
    assert not Volunteer.objects.exists()
    for n, (filename, content) in enumerate(ACCEPTABLE.values(), start=1):
        client.logout()
        assert accepted(send(upload(filename, content), n))
    assert Volunteer.objects.count() == len(ACCEPTABLE)
    for volunteer in Volunteer.objects.all():
        assert_clean(volunteer.photo)


def test_activity_cover_on_the_page_and_in_the_api(login, staff_a, world, media):
    page = login(staff_a)
    assert_all_refused(
        media, lambda f: page.post(reverse("activities:activity-create"), _form(world.a) | {"cover": f}), page=True
    )
    assert not Activity.objects.exists()
    for filename, content in ACCEPTABLE.values():
        response = page.post(
            reverse("activities:activity-create"), _form(world.a) | {"cover": upload(filename, content)}
        )
        assert response.status_code == 302
    activity = Activity.objects.first()
    api = bearer(staff_a)
    assert_all_refused(media, lambda f: api.post(f"{ACTIVITIES_API}/{activity.pk}/cover", {"cover": f}))
    for filename, content in ACCEPTABLE.values():
        assert accepted(api.post(f"{ACTIVITIES_API}/{activity.pk}/cover", {"cover": upload(filename, content)}))
    for activity in Activity.objects.all():
        assert_clean(activity.cover)


def test_summary_photos_on_the_page_and_in_the_api(login, organiser, world, media):
    activity = _ended(world, organiser)
    page, api = login(organiser), bearer(organiser)
    add_url = reverse("activities:summary-photos-add", args=[activity.pk])
    assert_all_refused(media, lambda f: page.post(add_url, {"photos": [f]}), page=True)
    # The API binds the page's form, ImageField included.
    assert_all_refused(media, lambda f: api.post(f"{ACTIVITIES_API}/{activity.pk}/photos", {"photos": [f]}), page=True)
    assert not activity.photos.exists()
    for filename, content in ACCEPTABLE.values():
        assert accepted(page.post(add_url, {"photos": [upload(filename, content)]}))
        assert accepted(api.post(f"{ACTIVITIES_API}/{activity.pk}/photos", {"photos": [upload(filename, content)]}))
    assert activity.photos.count() == 2 * len(ACCEPTABLE)
    for photo in activity.photos.all():
        assert_clean(photo.image)


def test_wish_photo_on_the_page_and_in_the_api(login, grid_worker, world, media):
    WishSettings.objects.create(community=world.a, open_limit=10)
    page, api = login(grid_worker), bearer(grid_worker)
    assert_all_refused(
        media, lambda f: page.post(reverse("wishes:wish-create"), wish_form(world.head1, photo=f)), page=True
    )
    assert_all_refused(media, lambda f: api.post(f"{WISHES_API}/", new_wish(world.head1) | {"photo": f}))
    assert not Wish.objects.exists()
    for filename, content in ACCEPTABLE.values():
        photo = upload(filename, content)
        assert accepted(page.post(reverse("wishes:wish-create"), wish_form(world.head1, photo=photo)))
        assert accepted(api.post(f"{WISHES_API}/", new_wish(world.head1) | {"photo": upload(filename, content)}))
    assert Wish.objects.count() == 2 * len(ACCEPTABLE)
    for wish in Wish.objects.all():
        assert_clean(wish.photo)


def test_delivery_photo_on_the_page_and_in_the_api(login, world, staff_a, partner_contact, media):
    WishSettings.objects.create(community=world.a, open_limit=10)

    def claimed():
        wish = make_wish(world.head1, by=staff_a)
        wish_services.claim_wish(by=partner_contact, wish=wish)
        return wish

    page, api = login(partner_contact), bearer(partner_contact)
    wish = claimed()
    page_url = reverse("wishes:wish-deliver", args=[wish.pk])
    fields = {"deliverer_name": "县人社局 张三", "note": "交到老人手上"}
    assert_all_refused(media, lambda f: page.post(page_url, fields | {"delivery_photo": f}), page=True)
    assert_all_refused(media, lambda f: api.post(f"{WISHES_API}/{wish.pk}/delivery", fields | {"photo": f}))
    wish.refresh_from_db()
    assert wish.status == Wish.Status.CLAIMED
    for filename, content in ACCEPTABLE.values():
        one, two = claimed(), claimed()
        url = reverse("wishes:wish-deliver", args=[one.pk])
        assert accepted(page.post(url, fields | {"delivery_photo": upload(filename, content)}))
        assert accepted(api.post(f"{WISHES_API}/{two.pk}/delivery", fields | {"photo": upload(filename, content)}))
    delivered = Wish.objects.filter(status=Wish.Status.DELIVERED)
    assert delivered.count() == 2 * len(ACCEPTABLE)
    for done in delivered:
        assert_clean(done.delivery_photo)


def test_an_upright_copy_without_gps_is_what_is_stored(organiser, world):
    # The EXIF says the camera was on its side: the stored copy is turned, and the place is gone.
    activity = _ended(world, organiser)
    api = bearer(organiser)
    filename, content = ACCEPTABLE["jpeg with gps"]
    assert (
        api.post(f"{ACTIVITIES_API}/{activity.pk}/photos", {"photos": [upload(filename, content)]}).status_code == 201
    )
    with activity.photos.get().image.open("rb") as fh, Image.open(io.BytesIO(fh.read())) as image:
        assert image.size == (48, 64) and not image.getexif().get_ifd(0x8825)
