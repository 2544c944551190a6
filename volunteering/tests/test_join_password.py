from django.urls import reverse

from volunteering.models import Volunteer

PASSWORD = "a-long-passphrase-7"


def test_a_refused_sign_up_does_not_send_the_password_back(vworld, world, client):
    data = {
        "name": "郑报名",
        "phone": "13911112222",
        "id_type": "resident_id",
        "id_number": "350926199001011234",  # a wrong check digit: refused
        "password": PASSWORD,
    }
    response = client.post(reverse("volunteering:join", args=[world.a.code]), data)
    assert response.status_code == 200 and response.context["form"].errors
    html = response.content.decode()
    assert 'value="郑报名"' in html  # the rest of what was typed stays
    assert PASSWORD not in html
    assert not Volunteer.objects.filter(name="郑报名").exists()
