"""How people are shown on pages: by their name, and a login (often a phone number) masked."""

from django import template

from core import pii
from core.audit import person_name

register = template.Library()


@register.filter
def person(user) -> str:
    """The person's name, never their login: {{ event.by|person }}."""
    return person_name(user)


@register.filter
def login_masked(username: str) -> str:
    """A login shown to someone who reads a record: a phone number masked like any phone."""
    return pii.mask_login(username or "") if pii.is_valid_phone(pii.normalize_phone(username or "")) else username
