from django.urls import reverse


def test_api_docs_are_served_from_local_static_files(login, staff_a):
    # Deployments are often offline or behind an intranet: no CDN.
    client = login(staff_a)
    assert client.get("/api/docs").status_code == 302
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()


def test_openapi_schema_is_public_json(client, world):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/registry/residents" in response.json()["paths"]


def test_security_headers(client, world):
    response = client.get(reverse("accounts:login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
