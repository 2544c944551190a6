"""Helpers the registry API tests share (this module holds no tests of its own)."""

import json

from django.test import Client

from accounts.services import issue_api_token
from core import pii

API = "/api/v1/registry"


def bearer(user) -> Client:
    """A client that authenticates with a fresh API token, as a program would."""
    _, key = issue_api_token(by=user, user=user, name="test program")
    return Client(headers={"authorization": f"Bearer {key}"})


def session(user) -> Client:
    """A client that authenticates with a logged-in session, as the pages' htmx would."""
    client = Client()
    client.force_login(user)
    return client


def as_user(user, how: str) -> Client:
    return bearer(user) if how == "bearer" else session(user)


def get(client: Client, path: str, **params):
    return client.get(API + path, params)


def post(client: Client, path: str, data: dict, **headers: str):
    return client.post(API + path, json.dumps(data), content_type="application/json", headers=headers)


def patch(client: Client, path: str, data: dict):
    return client.patch(API + path, json.dumps(data), content_type="application/json")


def ids(response) -> list[int]:
    body = response.json()
    return [row["id"] for row in (body["items"] if isinstance(body, dict) else body)]


def full_id_number(resident) -> str:
    return pii.decrypt(resident.id_number_enc)
