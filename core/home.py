"""What the home page offers each user next: domain apps register cards, so core imports none of them.

A card is a function of the request that returns None (nothing to say to this user) or a dict:
{"title": str, "items": [(text, url)], "empty": str}, optionally "role_note": a sentence said
instead of "you have no role yet" (an applicant's role comes with the approval). Each should
cost a query or two at most.
"""

from collections.abc import Callable
from typing import Any

HomeCard = Callable[[Any], dict | None]
HOME_CARDS: list[HomeCard] = []


def register_home_card(card: HomeCard) -> None:
    if card not in HOME_CARDS:
        HOME_CARDS.append(card)


def cards_for(request: Any) -> list[dict]:
    return [card for card in (make(request) for make in HOME_CARDS) if card]


def role_note(cards: list[dict]) -> str:
    """What a card says in place of "you have no role yet", if any does."""
    return next((card["role_note"] for card in cards if card.get("role_note")), "")
