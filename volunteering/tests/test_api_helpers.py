"""Helpers the volunteering API tests share (this module holds no tests of its own)."""

import datetime as dt
import json
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from core import pii
from registry.tests.test_api_helpers import as_user, bearer, session
from volunteering import services
from volunteering.models import ServiceRecord

__all__ = ["API", "as_user", "bearer", "get", "ids", "post", "recorded", "session"]

API = "/api/v1/volunteering"


def get(client: Client, path: str, **params):
    return client.get(API + path, params)


def post(client: Client, path: str, data: dict | None = None):
    return client.post(API + path, json.dumps(data or {}), content_type="application/json")


def ids(response) -> list[int]:
    body = response.json()
    return [row["id"] for row in (body["items"] if isinstance(body, dict) else body)]


def recorded(by, volunteer, *, hours: str = "2", days_ago: int = 3, team=None, content: str = "巡逻") -> ServiceRecord:
    """An entry past its notice period, so it counts towards the volunteer's hours."""
    record = services.record_service(
        by=by,
        volunteer=volunteer,
        team=team,
        served_on=timezone.localdate() - dt.timedelta(days=days_ago),
        hours=Decimal(hours),
        content=content,
    )
    services.close_notices(today=record.notice_until + dt.timedelta(days=1))
    record.refresh_from_db()
    return record


def secrets_of(volunteer) -> list[str]:
    """The full ID number and phone, which no API answer may carry."""
    return [pii.decrypt(volunteer.id_number_enc), pii.decrypt(volunteer.phone_enc)]
