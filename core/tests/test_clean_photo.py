"""clean_photo: what is stored is the picture alone, upright and of a sane size."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from core.tests import hostile_files
from core.uploads import clean_photo


def upload(content: bytes, name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def stored(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(clean_photo(upload(content)).read()))
    image.load()
    return image


def test_gps_and_camera_are_dropped_and_the_picture_turned_upright():
    image = stored(hostile_files.jpeg_with_gps())
    assert (image.format, image.size) == ("JPEG", (48, 64))
    assert not image.getexif()


def test_text_chunks_and_colour_profile_are_dropped_from_a_png():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "王秀英 13800000000")
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), (1, 2, 3)).save(buffer, "PNG", pnginfo=info, icc_profile=b"\0" * 128)
    image = stored(buffer.getvalue())
    assert image.format == "JPEG" and not set(image.info) - {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi"}


def test_transparency_is_kept_as_png():
    buffer = io.BytesIO()
    Image.new("RGBA", (20, 10), (1, 2, 3, 0)).save(buffer, "PNG")
    content = clean_photo(upload(buffer.getvalue()))
    assert content.name.endswith(".png")
    assert Image.open(content).mode == "RGBA"


def test_a_large_photo_is_stored_at_most_2048_pixels_a_side():
    image = stored(hostile_files.picture("JPEG", (3000, 2000)))
    assert image.size == (2048, 1365)


def test_a_phone_photo_with_a_second_picture_is_accepted():
    buffer = io.BytesIO()
    first, second = Image.new("RGB", (32, 24), (9, 9, 9)), Image.new("RGB", (32, 24), (200, 9, 9))
    first.save(buffer, "MPO", save_all=True, append_images=[second])
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"
    assert stored(buffer.getvalue()).size == (32, 24)


@pytest.mark.parametrize("case", list(hostile_files.hostile_pictures()))
def test_hostile_pictures_are_refused_on_the_field(case):
    filename, content, says = hostile_files.hostile_pictures()[case]
    with pytest.raises(ValidationError) as caught:
        clean_photo(upload(content, filename), "cover")
    assert says in caught.value.message_dict["cover"][0]
