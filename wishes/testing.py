"""Factories for wish tests."""

import datetime as dt
from typing import Any

from django.utils import timezone

from wishes import services
from wishes.models import Wish


def make_wish(beneficiary, *, by=None, approve=True, **kw: Any) -> Wish:
    """A wish for `beneficiary`, on the wall unless approve=False."""
    wish = services.post_wish(
        by=by,
        beneficiary=beneficiary,
        title=kw.pop("title", "《优雅走过下雨天》"),
        category=kw.pop("category", Wish.Category.GOODS),
        value=kw.pop("value", 45),
        wanted_by=kw.pop("wanted_by", timezone.localdate() + dt.timedelta(days=30)),
        reason=kw.pop("reason", "喜欢读书，眼睛不好需要大字版"),
        **kw,
    )
    if approve:
        services.approve_wish(by=None, wish=wish)
    return wish
