"""The volunteering JSON API (placeholder router until it lands)."""

from ninja import Router

router = Router(tags=["volunteering"])
