"""Staff find the public sign-up and notice pages, and print a QR poster of the sign-up."""

import re

import segno
from django.urls import reverse


def poster_url(community):
    return reverse("volunteering:join-poster", args=[community.code])


def test_the_poster_shows_the_community_and_a_qr_code_of_the_absolute_sign_up_address(world, staff_a, login, settings):
    settings.LINLI_PUBLIC_URL = "https://linli.example.cn/"
    page = login(staff_a).get(poster_url(world.a)).content.decode()
    address = "https://linli.example.cn" + reverse("volunteering:join", args=[world.a.code])
    assert world.a.name in page
    assert address in page
    # The code in the page is the code of that address, drawn as SVG.
    expected = segno.make(address, error="m").svg_inline(omitsize=True)
    assert re.search(r' d="([^"]+)"', expected).group(1) in page
    assert "poster.css" in page  # the print rules that fit it on one A4 page


def test_without_a_public_address_the_poster_uses_the_request_host(world, staff_a, login):
    page = login(staff_a).get(poster_url(world.a), HTTP_HOST="testserver").content.decode()
    assert "http://testserver" + reverse("volunteering:join", args=[world.a.code]) in page


def test_the_poster_needs_a_login_and_a_real_community(client, world, staff_a, login):
    assert "login" in client.get(poster_url(world.a))["Location"]
    assert login(staff_a).get(reverse("volunteering:join-poster", args=["NOPE"])).status_code == 404


def test_the_volunteer_list_links_the_public_pages(vworld, world, staff_a, login):
    page = login(staff_a).get(reverse("volunteering:volunteer-list")).content.decode()
    for url in (
        reverse("volunteering:join", args=[world.a.code]),
        poster_url(world.a),
        reverse("volunteering:notice", args=[world.a.code]),
    ):
        assert f'href="{url}"' in page


def test_the_community_page_links_the_public_pages(world, staff_a, login):
    page = login(staff_a).get(world.a.get_absolute_url()).content.decode()
    for url in (
        reverse("volunteering:join", args=[world.a.code]),
        poster_url(world.a),
        reverse("volunteering:notice", args=[world.a.code]),
    ):
        assert f'href="{url}"' in page


def test_the_notice_page_invites_to_sign_up(world, client):
    page = client.get(reverse("volunteering:notice", args=[world.a.code])).content.decode()
    assert f'href="{reverse("volunteering:join", args=[world.a.code])}"' in page


def test_over_several_communities_the_links_follow_the_chosen_one(vworld, world, county_admin, login):
    client = login(county_admin)
    assert "/poster/" not in client.get(reverse("volunteering:volunteer-list")).content.decode()
    page = client.get(reverse("volunteering:volunteer-list"), {"community": world.b.pk}).content.decode()
    assert f'href="{poster_url(world.b)}"' in page
    assert poster_url(world.a) not in page
