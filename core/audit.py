"""Writing and reading the audit log. Services call `record_event` inside their own transaction.

Every action code is a constant of the app that writes it, with a translated sentence that the
app registers from its `AppConfig.ready()` (`register_actions`), so the log reads as prose in the
user's language. Core knows no domain app: the sentences, detail labels and value words all come
from the apps.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core import chain, pii
from core.models import AuditEvent
from core.typing import Actor

SYSTEM = "system"  # actor_name of a change made by no one (a scheduled job, a demo load)

# The columns each row's hash covers: all but the id and the hashes themselves.
CHAIN = chain.register(
    "audit",
    chain.Chain(
        AuditEvent,
        (
            "at",
            "actor_id",
            "actor_name",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "community_id",
            "county_id",
            "origin",
            "details",
        ),
        time_field="at",
    ),
)

_SENTENCES: dict[str, Any] = {}
# (action prefix, key) -> label or {value: word}; the longest matching prefix wins, "" matches all.
_DETAIL_LABELS: dict[tuple[str, str], Any] = {}
_DETAIL_VALUES: dict[tuple[str, str], Mapping[Any, Any]] = {}


def register_actions(sentences: Mapping[str, Any]) -> None:
    """Name each action code's sentence, with %(actor)s and (for a row about a record) %(object)s."""
    _SENTENCES.update(sentences)


def register_details(
    *, labels: Mapping[str, Any] | None = None, values: Mapping[str, Mapping[Any, Any]] | None = None, prefix: str = ""
) -> None:
    """Labels for detail keys and words for their values, for the actions starting with `prefix`."""
    for key, label in (labels or {}).items():
        _DETAIL_LABELS[prefix, key] = label
    for key, words in (values or {}).items():
        _DETAIL_VALUES[prefix, key] = words


def registered_actions() -> set[str]:
    return set(_SENTENCES)


def _lookup(table: Mapping[tuple[str, str], Any], action: str, key: str) -> Any:
    best = None
    for (prefix, known), found in table.items():
        if known == key and action.startswith(prefix) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, found)
    return best[1] if best else None


def person_name(user: Any) -> str:
    """The name a person goes by, never their login: the account's name, else the name of the
    resident or volunteer it belongs to, else the account's phone masked, else the login masked."""
    if user is None:
        return ""
    if getattr(user, "display_name", ""):
        return user.display_name
    # Reverse links filled by the registry and volunteering apps; absent ones read as None.
    for link in ("resident", "volunteer"):
        name = getattr(getattr(user, link, None), "name", "")
        if name:
            return name
    # An account's phone is kept masked beside the encrypted one: shown like any phone.
    return getattr(user, "phone_masked", "") or pii.mask_login(user.get_username())


def origin_of(user: Any) -> str:
    # Views put the client address on request.user (see core.middleware); scripts have none.
    return getattr(user, "audit_origin", "") or ""


def record_event(
    *,
    by: Actor,
    action: str,
    obj: models.Model | None = None,
    community_id: int | None = None,
    county_id: int | None = None,
    details: dict | None = None,
) -> AuditEvent:
    """Append one audit row; call inside the transaction of the change it records."""
    return chain.create(
        CHAIN, _event(by=by, action=action, obj=obj, community_id=community_id, county_id=county_id, details=details)
    )


def record_events(
    *,
    by: Actor,
    action: str,
    objs: list[models.Model],
    community_id: int | None = None,
    county_id: int | None = None,
    details: list[dict] | None = None,
) -> list[AuditEvent]:
    """One audit row per object, as `record_event` writes them, in one insert (a batch's rows)."""
    each = details or [{} for _obj in objs]
    events = [
        _event(by=by, action=action, obj=obj, community_id=community_id, county_id=county_id, details=d)
        for obj, d in zip(objs, each, strict=True)
    ]
    return chain.create_many(CHAIN, events)


def _event(
    *,
    by: Actor,
    action: str,
    obj: models.Model | None,
    community_id: int | None,
    county_id: int | None,
    details: dict | None,
) -> AuditEvent:
    actor = by if getattr(by, "pk", None) else None
    return AuditEvent(
        actor=actor,
        # The name as it was, for when the account is gone; never a phone number in full.
        actor_name=(pii.mask_phones_in(person_name(actor)) if actor else SYSTEM)[:150],
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=pii.mask_phones_in(str(obj))[:200] if obj is not None else "",
        community_id=community_id,
        county_id=county_id,
        origin=origin_of(by)[:64],
        details=details or {},
    )


# --- reading -----------------------------------------------------------------------------------


def actor_shown(event: AuditEvent) -> str:
    """Who did it, as people are named on every page: a name, the system, or a masked login."""
    if event.actor_id and event.actor is not None:
        return person_name(event.actor)
    if not event.actor_name or event.actor_name == SYSTEM:
        return _("the system")
    # The account is gone: older rows stored its login, which may be a phone number.
    return pii.mask_phones_in(event.actor_name)


def sentence(event: AuditEvent) -> str:
    """The row as one sentence in the user's language."""
    template = _SENTENCES.get(event.action)
    actor = actor_shown(event)
    params = {"actor": actor, "object": pii.mask_phones_in(event.object_repr) or "—"}
    if template is None:  # a code no app describes: still readable, and a test keeps this rare
        template = _("%(actor)s: %(action)s %(object)s") if event.object_repr else _("%(actor)s: %(action)s")
        params["action"] = event.action
    text = str(template) % params
    # "the system" opens most English sentences; a person's name is written as it is.
    return capfirst(text) if text.startswith(actor) and actor == _("the system") else text


def _key_label(action: str, key: str) -> str:
    label = _lookup(_DETAIL_LABELS, action, key)
    return str(label) if label is not None else capfirst(key.replace("_", " "))


def _value_shown(action: str, key: str, value: Any) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value is None or value in ("", []):
        return "—"
    if isinstance(value, list | tuple):
        return pgettext("between list items", ", ").join(_value_shown(action, key, item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{_key_label(action, k)}: {_value_shown(action, k, v)}" for k, v in value.items())
    words = _lookup(_DETAIL_VALUES, action, key)
    if words is not None and not isinstance(value, float | Decimal):
        word = words.get(value, words.get(str(value)))
        if word is not None:
            return str(word)
    return pii.mask_phones_in(str(value))


def detail_items(event: AuditEvent) -> list[tuple[str, str]]:
    """The row's details as (label, value) pairs in the user's language; unknown keys kept."""
    details = event.details if isinstance(event.details, dict) else {}
    return [(_key_label(event.action, key), _value_shown(event.action, key, value)) for key, value in details.items()]


def present(events: Iterable[AuditEvent]) -> list[AuditEvent]:
    """Attach `.sentence`, `.who` and `.detail_items` to each row for a page to show."""
    shown = list(events)
    for event in shown:
        event.who = actor_shown(event)
        event.sentence = sentence(event)
        event.detail_items = detail_items(event)
    return shown


def areas() -> list[tuple[str, str]]:
    """(code prefix, the app's name) for filtering the log by part of the system."""
    shown = []
    for label in sorted({code.split(".", 1)[0] for code in _SENTENCES}):
        try:
            shown.append((f"{label}.", str(apps.get_app_config(label).verbose_name)))
        except LookupError:  # a code not named after an app
            continue
    return shown


def field_labels(model: type[models.Model]) -> dict[str, Any]:
    """{field name: verbose name} of a model, for the `changed` lists of its audit rows."""
    return {f.name: f.verbose_name for f in model._meta.get_fields() if hasattr(f, "verbose_name")}
