"""Loading the wish demo into an empty database (the other demo tests share one load per module)."""

from django.db import transaction

from core import demo
from wishes.tests.test_demo import snapshot


def test_same_seed_gives_the_same_wishes(db):
    def load_and_forget() -> list[tuple]:
        with transaction.atomic():
            demo.load(preset="tiny")
            seen = snapshot()
            transaction.set_rollback(True)
        return seen

    first = load_and_forget()
    assert len(first) == 40
    assert first == load_and_forget()
