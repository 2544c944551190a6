"""Key rotation for personal data: re-encrypt every encrypted column with the newest key, and
recompute every keyed hash after PII_HASH_KEY changes (`manage.py rotate_pii`).

The encrypted columns are found, not listed: every concrete field named `<prefix>_enc` of every
installed model (core.pii.phone_columns and id_columns write them), with its `<prefix>_hash`
sibling when the model has one. A model added later is rotated without anyone remembering to.
Rows are read and written in batches by primary key, one transaction per batch, so a run can be
stopped and started again: a row already under the newest key is left as it is.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models, transaction

from core import pii


@dataclass(frozen=True)
class EncryptedColumns:
    model: type[models.Model]
    prefixes: tuple[str, ...]  # "phone" for phone_enc; each may have a <prefix>_hash sibling
    hashed: tuple[str, ...]  # the prefixes whose <prefix>_hash is a keyed hash of the value

    @property
    def label(self) -> str:
        return self.model._meta.label


@dataclass
class Tally:
    rows: int = 0
    reencrypted: int = 0
    rehashed: int = 0
    # Stored hashes matching neither the old nor the new key: the value or the key is not what
    # the hash was made from. Recomputed all the same, and counted so the operator looks.
    unexpected_hashes: int = 0
    by_model: dict[str, int] = field(default_factory=dict)


def encrypted_models() -> list[EncryptedColumns]:
    found = []
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields}
        prefixes = tuple(sorted(name.removesuffix("_enc") for name in names if name.endswith("_enc")))
        if prefixes:
            hashed = tuple(p for p in prefixes if f"{p}_hash" in names)
            found.append(EncryptedColumns(model, prefixes, hashed))
    return found


def _batches(model: type[models.Model], size: int) -> Iterator[list[int]]:
    last = None
    while True:
        rows = model._base_manager.order_by("pk")
        if last is not None:
            rows = rows.filter(pk__gt=last)
        ids = list(rows.values_list("pk", flat=True)[:size])
        if not ids:
            return
        yield ids
        last = ids[-1]


def rotate(*, rehash: bool = False, batch_size: int = 500, log: Callable[[str], None] = lambda line: None) -> Tally:
    """Re-encrypt every encrypted column with the newest key; with `rehash`, recompute the keyed
    hashes with the current PII_HASH_KEY. Idempotent: a second run changes nothing."""
    tally = Tally()
    for columns in encrypted_models():
        changed_rows = 0
        for ids in _batches(columns.model, batch_size):
            changed_rows += _rotate_batch(columns, ids, rehash=rehash, tally=tally)
        tally.by_model[columns.label] = changed_rows
        log(f"{columns.label}: {changed_rows} rows changed")
    return tally


def _rotate_batch(columns: EncryptedColumns, ids: list[int], *, rehash: bool, tally: Tally) -> int:
    fields = [f"{p}_enc" for p in columns.prefixes] + [f"{p}_hash" for p in columns.hashed]
    with transaction.atomic():
        rows = list(columns.model._base_manager.filter(pk__in=ids).select_for_update().only("pk", *fields))
        changed: list[models.Model] = []
        for row in rows:
            tally.rows += 1
            dirty = False
            for prefix in columns.prefixes:
                token = getattr(row, f"{prefix}_enc")
                rotated = pii.rotate_token(token)
                if rotated != token:
                    setattr(row, f"{prefix}_enc", rotated)
                    tally.reencrypted += 1
                    dirty = True
                if rehash and prefix in columns.hashed and token:
                    dirty |= _rehash(row, prefix, pii.decrypt(rotated), tally)
            if dirty:
                changed.append(row)
        if changed:
            columns.model._base_manager.bulk_update(changed, fields)
    return len(changed)


def _rehash(row: models.Model, prefix: str, value: str, tally: Tally) -> bool:
    stored = getattr(row, f"{prefix}_hash")
    fresh = pii.keyed_hash(value)
    if stored == fresh:
        return False
    if stored and stored != pii.old_keyed_hash(value):
        tally.unexpected_hashes += 1
    setattr(row, f"{prefix}_hash", fresh)
    tally.rehashed += 1
    return True
