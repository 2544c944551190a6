"""The kinds of notification and how each reads: a message is stored as its kind and parameters
and written out in the reader's language when it is shown or sent.

The domain apps register their kinds from their AppConfig.ready(), so this app imports none of
them. A title or body is a translatable string with %(name)s placeholders filled from the
parameters, or a function of the parameters for a message that reads differently by case.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

Text = Any  # a lazy translatable string, or a callable(params) -> str


@dataclass(frozen=True)
class Kind:
    name: str
    title: Text
    body: Text = ""

    def render(self, params: Mapping[str, Any]) -> tuple[str, str]:
        """Title and body in the active language."""
        return _fill(self.title, params), _fill(self.body, params)


KINDS: dict[str, Kind] = {}


def register(name: str, title: Text, body: Text = "") -> Kind:
    kind = Kind(name, title, body)
    KINDS[name] = kind
    return kind


def register_all(messages: Mapping[str, tuple[Text, Text]]) -> None:
    """Register an app's message table: {kind: (title, body)}."""
    for name, (title, body) in messages.items():
        register(name, title, body)


def render(kind: str, params: Mapping[str, Any] | None) -> tuple[str, str] | None:
    """The message in the active language, or None when it cannot be written out (an unknown
    kind, a row made before kinds had parameters, a parameter missing): the caller then shows
    the text stored with the row."""
    found = KINDS.get(kind)
    if found is None or params is None:
        return None
    try:
        return found.render(params)
    except (KeyError, TypeError, ValueError):
        return None


def _fill(text: Text, params: Mapping[str, Any]) -> str:
    if not text:
        return ""
    if callable(text):
        return str(text(params))
    return str(text) % params
