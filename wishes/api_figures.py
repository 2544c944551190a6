"""The wish wall's figures and ledger at /api/v1/wishes/figures/: the page's numbers and file, as JSON and .xlsx.

The same rules as the page: community staff and town and county admins only (others 403), a
community they do not read answers 404, the period is this year unless start and end are given,
and the ledger is masked unless full=true is asked for by staff who may reveal; every ledger
download leaves an audit row.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from core.api import ErrorOut, FieldErrorsOut, Id, answer_refusals
from wishes import exports
from wishes import figures as wish_figures
from wishes.figures_views import xlsx_response

router = Router(tags=["wishes"])
router.add_decorator(answer_refusals)

READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: FieldErrorsOut}
WORKBOOK = {
    "responses": {
        200: {
            "description": "The ledger as an Excel workbook, one row per wish.",
            "content": {exports.XLSX: {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


class FiguresQuery(Schema):
    start: dt.date | None = Field(None, description="First day of the period; 1 January of this year when omitted.")
    end: dt.date | None = Field(None, description="Last day of the period; 31 December of this year when omitted.")
    community_id: Id | None = Field(None, description="One community (id); all the caller reads when omitted.")


class LedgerQuery(FiguresQuery):
    full: bool = Field(
        False, description="Beneficiaries' and claimants' full names: community staff only, recorded in the audit log."
    )


class FigureNumbers(Schema):
    posted: int = Field(description="Wishes posted in the period.")
    approved: int = Field(description="Wishes put on the wall in the period.")
    declined: int = Field(description="Wishes declined in the period.")
    claimed: int = Field(
        description="Wishes claimed in the period by the claim that holds or delivered them (released and "
        "withdrawn claims are not counted)."
    )
    fulfilled: int = Field(description="Wishes whose receipt was confirmed in the period.")
    avg_days_to_fulfil: float | None = Field(
        description="Mean days from approval to confirmed receipt of the wishes fulfilled in the period; "
        "null when none was."
    )
    value_fulfilled: int = Field(description="Estimated value, in yuan, of the wishes fulfilled in the period.")


class CommunityFigures(FigureNumbers):
    community_id: int
    name: str


class CompoundFigures(FigureNumbers):
    compound_id: int
    name: str
    community_name: str


class CategoryFigures(FigureNumbers):
    category: str = Field(description="goods, service, companionship or other.")
    label: str


class ClaimantTypeFigures(FigureNumbers):
    kind: str = Field(description="partner_unit, party_member or volunteer.")
    label: str


class PartnerUnitFigures(FigureNumbers):
    partner_unit_id: int
    name: str


class WishFiguresOut(Schema):
    start: dt.date
    end: dt.date
    community_id: int | None
    totals: FigureNumbers
    by_community: list[CommunityFigures] = Field(description="Only when the caller reads several communities.")
    by_compound: list[CompoundFigures]
    by_category: list[CategoryFigures]
    by_claimant_type: list[ClaimantTypeFigures]
    by_partner_unit: list[PartnerUnitFigures]


def _choice(request: HttpRequest, query: FiguresQuery) -> tuple[dt.date, dt.date, Any, list]:
    communities = wish_figures.figure_communities(request.user)
    community = wish_figures.chosen_community(communities, query.community_id)
    default_start, default_end = wish_figures.this_year()
    start, end = query.start or default_start, query.end or default_end
    wish_figures.check_period(start, end)
    return start, end, community, communities


def _numbers(row: wish_figures.Row) -> dict[str, Any]:
    names = ("posted", "approved", "declined", "claimed", "fulfilled", "value_fulfilled")
    return {name: getattr(row, name) for name in names} | {"avg_days_to_fulfil": row.avg_days}


@router.get("/", response={200: WishFiguresOut, **READ})
def wish_figures_report(request: HttpRequest, query: Query[FiguresQuery]):
    """Wishes posted, approved, claimed and fulfilled in the period, the days to fulfil, and the breakdowns."""
    start, end, community, communities = _choice(request, query)
    shown = wish_figures.wish_figures(
        request.user, start=start, end=end, community=community, several=len(communities) > 1
    )
    return {
        "start": start,
        "end": end,
        "community_id": community.pk if community else None,
        "totals": _numbers(shown.totals),
        "by_community": [{"community_id": r.key, "name": r.label, **_numbers(r)} for r in shown.by_community],
        "by_compound": [
            {"compound_id": r.key, "name": r.label, "community_name": r.community, **_numbers(r)}
            for r in shown.by_compound
        ],
        "by_category": [{"category": r.key, "label": r.label, **_numbers(r)} for r in shown.by_category],
        "by_claimant_type": [{"kind": r.key, "label": r.label, **_numbers(r)} for r in shown.by_claimant_type],
        "by_partner_unit": [{"partner_unit_id": r.key, "name": r.label, **_numbers(r)} for r in shown.by_partner_unit],
    }


@router.get("/ledger.xlsx", response=READ, url_name="wish_ledger_file", openapi_extra=WORKBOOK)
def wish_ledger(request: HttpRequest, query: Query[LedgerQuery]):
    """The wish ledger (台账) of the period as .xlsx; masked unless full=true by staff who may reveal; audited."""
    start, end, community, communities = _choice(request, query)
    content = exports.export_ledger(
        by=request.user, start=start, end=end, community=community, communities=communities, full=query.full
    )
    return xlsx_response(content, exports.ledger_filename(start, end))
