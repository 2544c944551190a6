"""Figures of the wish wall for a period, and the wishes its ledger lists, in a handful of aggregate queries.

What each number counts (the page, the API and the ledger agree):
- posted: wishes posted in the period;
- approved: wishes put on the wall in the period (verified and not declined); declined likewise;
- claimed: wishes claimed in the period by the claim that holds or delivered them. A claim that was
  released or withdrawn gave the wish back to the wall, so it is not counted; a wish therefore
  counts once however often it was claimed, and the claimant types add up to the total;
- fulfilled: wishes whose receipt was confirmed in the period;
- days to fulfil: the mean, over the wishes fulfilled in the period, of the days from approval
  (the wish going on the wall) to the confirmed receipt: how long the wall took to answer a wish,
  not how long the community took to verify it;
- value fulfilled: the estimated value, in yuan, of the wishes fulfilled in the period.
Claimant type and partner unit are those of the claim that holds or delivered the wish.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import Cap
from core.scoping import scope_for
from registry.models import OrgUnit
from registry.queries import communities_for_user
from wishes.models import Wish, WishClaim, WishClaimMember
from wishes.queries import wishes_for_user

VIEW = Cap.WISHES_VIEW
# The claim that holds a wish or delivered it: at most one per wish (a wish once delivered is
# never claimed again, and the partial unique index allows one active claim).
HOLDING = (WishClaim.Status.ACTIVE, WishClaim.Status.DELIVERED)
WHOLE_AREAS = {"county", "town", "community"}


# --- the period -----------------------------------------------------------------------------------


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, month, 1)
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return start, following - dt.timedelta(days=1)


def this_year() -> tuple[dt.date, dt.date]:
    return year_bounds(timezone.localdate().year)


# Periods are read within these days: wider asks nothing more, and the far ends overflow dates.
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2099, 12, 31)


def check_period(start: dt.date, end: dt.date) -> None:
    """Refuse a period the figures cannot mean: reversed, or outside 2000-2099."""
    if end < start:
        raise ValidationError({"end": _("The end of the period must not be before its start.")})
    for key, day in (("start", start), ("end", end)):
        if not EARLIEST <= day <= LATEST:
            raise ValidationError({key: _("Choose a date between 2000-01-01 and 2099-12-31.")})


def _instants(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The period's days as [first midnight, midnight after the last day) in local time."""
    tz = timezone.get_current_timezone()
    first = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return first, after


def _during(name: str, start: dt.date, end: dt.date) -> Q:
    first, after = _instants(start, end)
    return Q(**{f"{name}__gte": first, f"{name}__lt": after})


# --- who sees figures, and of what ----------------------------------------------------------------


def figure_communities(user: Any) -> list[OrgUnit]:
    """Communities whose figures the user reads: staff their own, town and county admins all of theirs.

    Grid workers, household representatives and residents see wishes one by one, never figures: 403.
    """
    communities = list(communities_for_user(user, VIEW).order_by("sort_order", "code"))
    if not communities:
        raise PermissionDenied(_("Wish figures and the ledger are for community staff and town and county admins."))
    return communities


def chosen_community(communities: list[OrgUnit], pk: Any) -> OrgUnit | None:
    """The community asked for, None for all of them; one the user does not read is 404, as if missing."""
    if pk in (None, ""):
        return None
    found = next((c for c in communities if str(c.pk) == str(pk)), None)
    if found is None:
        raise Http404
    return found


def scoped_wishes(user: Any, community: OrgUnit | None) -> QuerySet[Wish]:
    """The user's wishes (always through the scope), of one community or of all they read as a whole."""
    wishes = wishes_for_user(user, VIEW)
    if community is not None:
        return wishes.filter(community=community)
    scope = scope_for(user)
    areas = scope.areas.get(VIEW, {})
    if not scope.is_superuser and {kind for kind, ids in areas.items() if ids} - WHOLE_AREAS:
        # Staff who are also a grid worker elsewhere: figures are of whole communities only.
        wishes = wishes.filter(community_id__in=sorted(scope.community_ids(VIEW)))
    return wishes


def _steps(start: dt.date, end: dt.date) -> dict[str, Q]:
    """Each counted step's filter for the period."""
    verified = _during("verified_at", start, end)
    return {
        "posted": _during("posted_at", start, end),
        "approved": verified & ~Q(status=Wish.Status.DECLINED),
        "declined": verified & Q(status=Wish.Status.DECLINED),
        "claimed": _during("held__claimed_at", start, end),
        "fulfilled": _during("confirmed_at", start, end),
    }


def _in_period(wishes: QuerySet[Wish], steps: dict[str, Q], *also: Q, where: Q | None = None) -> QuerySet[Wish]:
    """Wishes with a step in the period, joined to the claim that holds or delivered them (`held`).

    One filter() call only: each call on a multi-valued relation would join the claims again.
    """
    wishes = wishes.annotate(held=FilteredRelation("claims", condition=Q(claims__status__in=HOLDING)))
    any_step = Q()
    for q in (*steps.values(), *also):
        any_step |= q
    return wishes.filter(any_step & where if where is not None else any_step)


def _aggregates(steps: dict[str, Q]) -> dict[str, Any]:
    waited = ExpressionWrapper(F("confirmed_at") - F("verified_at"), output_field=DurationField())
    counts = {name: Count("pk", filter=q) for name, q in steps.items()}
    return counts | {
        "wait": Avg(waited, filter=steps["fulfilled"], output_field=DurationField()),
        "value_fulfilled": Sum("value", filter=steps["fulfilled"]),
    }


# --- the figures ----------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of a table: a community, compound, category, claimant type or partner unit."""

    key: Any
    label: str
    posted: int = 0
    approved: int = 0
    declined: int = 0
    claimed: int = 0
    fulfilled: int = 0
    avg_days: float | None = None
    value_fulfilled: int = 0
    community: str = ""  # a compound's community, when several communities are shown

    @classmethod
    def of(cls, key: Any, label: str, values: dict[str, Any], **extra: Any) -> Row:
        wait = values.get("wait")
        if wait is not None and not isinstance(wait, dt.timedelta):  # some backends answer microseconds
            wait = dt.timedelta(microseconds=float(wait))
        return cls(
            key=key,
            label=label,
            posted=values.get("posted") or 0,
            approved=values.get("approved") or 0,
            declined=values.get("declined") or 0,
            claimed=values.get("claimed") or 0,
            fulfilled=values.get("fulfilled") or 0,
            avg_days=round(wait.total_seconds() / 86400, 1) if wait is not None else None,
            value_fulfilled=values.get("value_fulfilled") or 0,
            **extra,
        )


@dataclass
class Figures:
    start: dt.date
    end: dt.date
    community: OrgUnit | None
    totals: Row
    by_community: list[Row] = field(default_factory=list)  # only over several communities
    by_compound: list[Row] = field(default_factory=list)
    by_category: list[Row] = field(default_factory=list)
    by_claimant_type: list[Row] = field(default_factory=list)
    by_partner_unit: list[Row] = field(default_factory=list)


def wish_figures(
    user: Any, *, start: dt.date, end: dt.date, community: OrgUnit | None = None, several: bool = False
) -> Figures:
    """The period's figures in the user's scope; `several`: also by community (towns and counties compare).

    Six queries at most, whatever the number of wishes: the totals and one per breakdown.
    """
    steps = _steps(start, end)
    scoped = scoped_wishes(user, community)
    wishes = _in_period(scoped, steps)
    agg = _aggregates(steps)
    totals = Row.of("total", "", wishes.aggregate(**agg))
    figures = Figures(start=start, end=end, community=community, totals=totals)
    if several and community is None:
        rows = wishes.values("community_id", "community__name").annotate(**agg)
        rows = rows.order_by("community__sort_order", "community__code")
        figures.by_community = [Row.of(r["community_id"], r["community__name"], r) for r in rows]
    rows = wishes.values("compound_id", "compound__name", "community__name").annotate(**agg)
    rows = rows.order_by("community__sort_order", "community__code", "compound__sort_order", "compound__code")
    shown_community = several and community is None
    figures.by_compound = [
        Row.of(r["compound_id"], r["compound__name"], r, community=r["community__name"] if shown_community else "")
        for r in rows
    ]
    by_category = {r["category"]: r for r in wishes.values("category").annotate(**agg).order_by()}
    figures.by_category = [
        Row.of(value, str(label), by_category.get(value, {})) for value, label in Wish.Category.choices
    ]
    by_kind = {
        r["held__kind"]: r
        for r in _in_period(scoped, steps, where=Q(held__isnull=False)).values("held__kind").annotate(**agg).order_by()
    }
    figures.by_claimant_type = [
        Row.of(value, str(label), by_kind.get(value, {})) for value, label in WishClaim.Kind.choices
    ]
    rows = (
        _in_period(scoped, steps, where=Q(held__kind=WishClaim.Kind.PARTNER_UNIT))
        .values("held__partner_unit_id", "held__partner_unit__name")
        .annotate(**agg)
        .order_by("-fulfilled", "-claimed", "held__partner_unit__name")
    )
    figures.by_partner_unit = [Row.of(r["held__partner_unit_id"], r["held__partner_unit__name"], r) for r in rows]
    return figures


# --- the ledger's wishes --------------------------------------------------------------------------

LEDGER_FIELDS = (
    "id",
    "posted_at",
    "community__name",
    "compound__name",
    "masked_name",
    "category",
    "title",
    "value",
    "status",
    "verified_at",
    "delivered_at",
    "deliverer_name",
    "confirmed_at",
    "thanks",
    "held__kind",
    "held__claimed_at",
    "held__is_group",
    "held__partner_unit__name",
    "held__volunteer__name",
    "held__party_member__resident__name",
    "held__user__display_name",
    "held__user__username",
)


def ledger_wishes(user: Any, *, start: dt.date, end: dt.date, community: OrgUnit | None, full: bool) -> QuerySet:
    """The ledger's rows: the wishes in the user's scope with a step in the period (posted, verified,
    claimed, delivered or confirmed); the beneficiary's full name only when `full`."""
    wishes = _in_period(scoped_wishes(user, community), _steps(start, end), _during("delivered_at", start, end))
    joined = WishClaimMember.objects.filter(claim__wish=OuterRef("pk"), claim__status__in=HOLDING)
    members = Subquery(joined.values("claim__wish").annotate(n=Count("pk")).values("n")[:1])
    fields = (*LEDGER_FIELDS, "beneficiary__name") if full else LEDGER_FIELDS
    return wishes.values(*fields).annotate(group_members=members).order_by("posted_at", "id")
