import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core.tests.hostile_files import same_picture
from registry.testing import make_id
from volunteering.models import Volunteer


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def register(client, world, photo):
    return client.post(
        reverse("volunteering:join", args=[world.a.code]),
        {
            "name": "王照片",
            "phone": "13911112222",
            "id_type": "resident_id",
            "id_number": make_id(),
            "political_status": "masses",
            "password": "Wang-zhao-2026",
            "photo": photo,
        },
    )


def test_sign_up_with_a_photo_served_only_to_those_who_may_see_the_volunteer(
    client, login, world, staff_a, staff_b, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = register(client, world, SimpleUploadedFile("me.png", png_bytes(), content_type="image/png"))
    assert response.status_code == 302
    volunteer = Volunteer.objects.get(name="王照片")
    assert volunteer.photo and "王" not in volunteer.photo.name  # a random file name
    url = reverse("volunteering:volunteer-photo", args=[volunteer.pk])
    assert same_picture(b"".join(login(staff_a).get(url).streaming_content), png_bytes())
    assert login(staff_b).get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_a_file_that_is_not_a_photo_is_refused(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = register(client, world, SimpleUploadedFile("me.png", b"not an image", content_type="image/png"))
    assert response.status_code == 200
    assert "photo" in response.context["form"].errors
    assert not Volunteer.objects.filter(name="王照片").exists()


def test_a_photo_gone_from_the_disk_is_not_found(client, login, world, staff_a, settings, tmp_path):
    # The same image response as activities' and wishes' pictures: a lost file is a 404, not a crash.
    settings.MEDIA_ROOT = tmp_path
    register(client, world, SimpleUploadedFile("me.png", png_bytes(), content_type="image/png"))
    volunteer = Volunteer.objects.get(name="王照片")
    (tmp_path / volunteer.photo.name).unlink()
    response = login(staff_a).get(reverse("volunteering:volunteer-photo", args=[volunteer.pk]))
    assert response.status_code == 404
