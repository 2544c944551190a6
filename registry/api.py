"""The registry's JSON API at /api/v1/registry/: the pages' services and scoping, as JSON.

Out of scope answers 404 exactly as a missing id; in scope but read-only answers 403; a
service's ValidationError answers 422 with the same translated messages the pages show.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from core.api import READ, WRITE, ErrorOut, Id, Pages, answer_refusals
from core.roles import Cap
from registry import import_runs, imports, queries, services
from registry.api_schemas import (
    FormalizeIn,
    GridUnitDetail,
    GridUnitFilter,
    GridUnitOut,
    HouseholdDetail,
    HouseholdFilter,
    HouseholdIn,
    HouseholdOut,
    HouseholdPatch,
    OrgUnitFilter,
    OrgUnitOut,
    PartnerUnitFilter,
    PartnerUnitIn,
    PartnerUnitOut,
    PartyOrgDetail,
    PartyOrgFilter,
    PartyOrgOut,
    ResidentDetail,
    ResidentFilter,
    ResidentIn,
    ResidentOut,
    ResidentPatch,
    RevealIn,
    RevealOut,
    RosterImportOut,
    SearchOut,
    TagOut,
)
from registry.models import GridUnit, Household, OrgUnit, PartnerUnit, PartyOrg, Resident

router = Router(tags=["registry"])

router.add_decorator(answer_refusals)


# Records named in a request body are looked up in the caller's scope; an unknown or unseen id is a
# field error, so the answer is the same for "missing" and "not yours".


def _grid_group(user: Any, pk: int | None, *, cap: str, current: GridUnit | None = None) -> GridUnit | None:
    # As on the pages: a group the user may register into (create) or change (edit), or the one it is in.
    if pk is None:
        return None
    if current is not None and pk == current.pk:
        return current
    group = GridUnit.objects.for_user(user, cap).filter(pk=pk, kind=GridUnit.Kind.GROUP).first()
    if group is None:
        raise ValidationError({"grid_group": _("Choose a grid group from the list.")})
    return group


def _tags(user: Any, pks: list[int]) -> list:
    tags = list(queries.tags_for_user(user).filter(pk__in=pks))
    if len(tags) != len(set(pks)):
        raise ValidationError({"tags": _("Choose tags from the list.")})
    return tags


def _guardian(user: Any, household: Household, pk: int | None, *, exclude: int | None = None) -> Resident | None:
    # As on the pages: a guardian in the registry lives in the same household; others are named.
    if pk is None:
        return None
    members = queries.residents_for_user(user).filter(household=household, status=Resident.Status.ACTIVE)
    guardian = members.exclude(pk=exclude).filter(pk=pk).first()
    if guardian is None:
        raise ValidationError(
            {"guardian": _("Choose the guardian from the household's members, or enter the guardian's name.")}
        )
    return guardian


# --- org tree, grid, tags ---------------------------------------------------------------------


@router.get("/org-units", response={200: list[OrgUnitOut], 401: ErrorOut})
@paginate(Pages)
def list_org_units(request: HttpRequest, filters: Query[OrgUnitFilter]):
    return filters.filter(OrgUnit.objects.for_user(request.user)).order_by("sort_order", "code", "pk")


@router.get("/org-units/{unit_id}", response={200: OrgUnitOut, **READ})
def get_org_unit(request: HttpRequest, unit_id: Id):
    return queries.get_org_unit_for_user(request.user, unit_id)


@router.get("/grid-units", response={200: list[GridUnitOut], 401: ErrorOut})
@paginate(Pages)
def list_grid_units(request: HttpRequest, filters: Query[GridUnitFilter]):
    return filters.filter(GridUnit.objects.for_user(request.user)).order_by("community_id", "code", "pk")


@router.get("/grid-units/{unit_id}", response={200: GridUnitDetail, **READ})
def get_grid_unit(request: HttpRequest, unit_id: Id):
    return queries.get_grid_unit_for_user(request.user, unit_id)


@router.get("/tags", response={200: list[TagOut], 401: ErrorOut})
def list_tags(request: HttpRequest):
    return queries.tags_for_user(request.user).order_by("community_id", "code")


# --- households -----------------------------------------------------------------------------


@router.get("/households", response={200: list[HouseholdOut], 401: ErrorOut})
@paginate(Pages)
def list_households(request: HttpRequest, filters: Query[HouseholdFilter]):
    households = queries.filter_households(
        queries.household_list(request.user),
        community=filters.community,
        compound=filters.compound,
        building=filters.building,
        grid_group=filters.grid_group,
        tag=filters.tag,
        text=filters.q,
    )
    return households.order_by("sort_key", "pk")


@router.get("/households/{household_id}", response={200: HouseholdDetail, **READ})
def get_household(request: HttpRequest, household_id: Id):
    return queries.get_household_for_user(request.user, household_id)


@router.post("/households", response={201: HouseholdDetail, **WRITE})
def create_household(request: HttpRequest, payload: HouseholdIn):
    building = queries.get_building_for_user(request.user, payload.building, manage=True)
    household = services.create_household(
        by=request.user,
        building=building,
        unit=payload.unit,
        room=payload.room,
        grid_group=_grid_group(request.user, payload.grid_group, cap=Cap.REGISTRY_MANAGE),
        tags=_tags(request.user, payload.tags),
        notes=payload.notes,
    )
    return Status(201, household)


@router.patch("/households/{household_id}", response={200: HouseholdDetail, **WRITE})
def update_household(request: HttpRequest, household_id: Id, payload: HouseholdPatch):
    household = queries.get_household_for_user(request.user, household_id, change=True)
    given = payload.model_dump(exclude_unset=True)
    return services.update_household(
        by=request.user,
        household=household,
        grid_group=(
            _grid_group(request.user, given["grid_group"], cap=Cap.REGISTRY_CHANGE, current=household.grid_group)
            if "grid_group" in given
            else household.grid_group
        ),
        tags=_tags(request.user, given["tags"]) if "tags" in given else household.tags.all(),
        notes=given.get("notes", household.notes),
    )


# --- residents ------------------------------------------------------------------------------


@router.get("/residents", response={200: list[ResidentOut], 401: ErrorOut})
@paginate(Pages)
def list_residents(request: HttpRequest, filters: Query[ResidentFilter]):
    residents = queries.residents_for_user(request.user).select_related("household", "party_member")
    residents = queries.filter_residents(
        residents.prefetch_related("tags"),
        community=filters.community,
        compound=filters.compound,
        grid_group=filters.grid_group,
        tag=filters.tag,
        gender=filters.gender or "",
        age_min=filters.age_min,
        age_max=filters.age_max,
        minors=filters.minors,
        status=filters.status or "",
    )
    return residents.order_by("household_id", "pk")


@router.get("/residents/{resident_id}", response={200: ResidentDetail, **READ})
def get_resident(request: HttpRequest, resident_id: Id):
    return queries.get_resident_for_user(request.user, resident_id)


@router.post("/residents", response={201: ResidentDetail, **WRITE})
def create_resident(request: HttpRequest, payload: ResidentIn):
    household = queries.get_household_for_user(request.user, payload.household, change=True)
    resident = services.create_resident(
        by=request.user,
        household=household,
        name=payload.name,
        gender=payload.gender,
        birth_date=payload.birth_date,
        id_number=payload.id_number,
        phone=payload.phone,
        relation=payload.relation,
        guardian=_guardian(request.user, household, payload.guardian),
        guardian_name=payload.guardian_name,
        tags=_tags(request.user, payload.tags),
        notes=payload.notes,
    )
    return Status(201, resident)


@router.patch("/residents/{resident_id}", response={200: ResidentDetail, **WRITE})
def update_resident(request: HttpRequest, resident_id: Id, payload: ResidentPatch):
    resident = queries.get_resident_for_user(request.user, resident_id, change=True)
    given = payload.model_dump(exclude_unset=True)
    # A new ID number carries its own birth date and gender; the stored ones could contradict it.
    new_number = bool(given.get("id_number"))
    return services.update_resident(
        by=request.user,
        resident=resident,
        name=given.get("name", resident.name),
        gender=given.get("gender", None if new_number else resident.gender),
        birth_date=given.get("birth_date", None if new_number else resident.birth_date),
        id_number=given.get("id_number"),
        phone=given.get("phone"),
        relation=given.get("relation", resident.relation),
        guardian=(
            _guardian(request.user, resident.household, given["guardian"], exclude=resident.pk)
            if "guardian" in given
            else resident.guardian
        ),
        guardian_name=given.get("guardian_name", resident.guardian_name),
        tags=_tags(request.user, given["tags"]) if "tags" in given else resident.tags.all(),
        notes=given.get("notes", resident.notes),
        status=given.get("status", resident.status),
    )


@router.post("/residents/{resident_id}/reveal", response={200: RevealOut, **WRITE})
def reveal_resident(request: HttpRequest, resident_id: Id, payload: RevealIn, response: HttpResponse):
    """The full ID-card number or phone, for roles allowed to see it; every reveal is audited."""
    resident = queries.get_resident_for_user(request.user, resident_id, reveal=True)
    value = services.reveal_resident_field(by=request.user, resident=resident, field=payload.field)
    response["Cache-Control"] = "no-store"
    return {"field": payload.field, "value": value}


@router.get("/search", response={200: SearchOut, 401: ErrorOut})
def search(request: HttpRequest, q: str):
    """Residents by name, pinyin, initials, last four digits or full number; households by address."""
    residents = queries.search_residents(request.user, q)
    households = queries.search_households(request.user, q)
    prefetch_related_objects(residents, "tags", "party_member")
    prefetch_related_objects(households, "tags", "grid_group")
    return {"residents": residents, "households": households}


# --- party organisation ------------------------------------------------------------------------


@router.get("/party-orgs", response={200: list[PartyOrgOut], 401: ErrorOut})
@paginate(Pages)
def list_party_orgs(request: HttpRequest, filters: Query[PartyOrgFilter]):
    return filters.filter(PartyOrg.objects.for_user(request.user)).order_by("community_id", "kind", "name", "pk")


@router.get("/party-orgs/{org_id}", response={200: PartyOrgDetail, **READ})
def get_party_org(request: HttpRequest, org_id: Id):
    return queries.get_party_org_for_user(request.user, org_id)


@router.post("/party-orgs/{org_id}/formalize", response={200: PartyOrgOut, **WRITE})
def formalize_party_org(request: HttpRequest, org_id: Id, payload: FormalizeIn):
    branch = queries.get_party_org_for_user(request.user, org_id, manage=True)
    try:
        return services.formalize_party_branch(by=request.user, branch=branch, on=payload.on)
    except ValidationError as exc:
        # The service names the model field; the request calls it "on".
        if hasattr(exc, "error_dict") and "formalized_on" in exc.error_dict:
            raise ValidationError({"on": exc.error_dict["formalized_on"]}) from None
        raise


# --- partner units ------------------------------------------------------------------------------


def _visible_communities(user: Any) -> Prefetch:
    # A partner unit names only the communities the caller can see, though it may co-build with others.
    return Prefetch("communities", OrgUnit.objects.for_user(user).only("pk"), to_attr="visible_communities")


@router.get("/partner-units", response={200: list[PartnerUnitOut], 401: ErrorOut})
@paginate(Pages)
def list_partner_units(request: HttpRequest, filters: Query[PartnerUnitFilter]):
    units = PartnerUnit.objects.for_user(request.user).prefetch_related(_visible_communities(request.user))
    return filters.filter(units).order_by("name", "pk")


@router.get("/partner-units/{unit_id}", response={200: PartnerUnitOut, **READ})
def get_partner_unit(request: HttpRequest, unit_id: Id):
    unit = queries.get_partner_unit_for_user(request.user, unit_id)
    prefetch_related_objects([unit], _visible_communities(request.user))
    return unit


@router.post("/partner-units", response={201: PartnerUnitOut, **WRITE})
def create_partner_unit(request: HttpRequest, payload: PartnerUnitIn):
    communities = [
        queries.get_org_unit_for_user(request.user, pk, manage=True) for pk in dict.fromkeys(payload.communities)
    ]
    unit = services.create_partner_unit(
        by=request.user,
        county=communities[0].county,
        name=payload.name,
        kind=payload.kind,
        contact_name=payload.contact_name,
        contact_phone=payload.contact_phone,
        address=payload.address,
        communities=communities,
    )
    prefetch_related_objects([unit], _visible_communities(request.user))
    return Status(201, unit)


# --- roster imports -------------------------------------------------------------------------
# The upload is checked and queued here; the task worker checks every row and writes all or none.
# Poll GET /roster-imports/{id} until its status is no longer queued, validating or writing.


@router.post("/roster-imports", response={201: RosterImportOut, **WRITE})
def start_roster_import(request: HttpRequest, community: Form[Id], file: File[UploadedFile]):
    target = queries.communities_for_user(request.user, Cap.REGISTRY_MANAGE).filter(pk=community).first()
    if target is None:
        raise ValidationError({"community": _("Choose a community whose registry you manage.")})
    try:
        imports.check_upload(file)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    roster_import = import_runs.start_roster_import(
        by=request.user, community=target, upload=file, language=get_language()
    )
    return Status(201, roster_import)


@router.get("/roster-imports/{import_id}", response={200: RosterImportOut, **READ, 403: ErrorOut})
def get_roster_import(request: HttpRequest, import_id: Id):
    return queries.get_roster_import_for_user(request.user, import_id)


@router.post("/roster-imports/{import_id}/retry", response={200: RosterImportOut, **WRITE})
def retry_roster_import(request: HttpRequest, import_id: Id):
    roster_import = queries.get_roster_import_for_user(request.user, import_id)
    return import_runs.retry_roster_import(by=request.user, roster_import=roster_import, language=get_language())


@router.post("/roster-imports/{import_id}/discard", response={200: RosterImportOut, **WRITE})
def discard_roster_import(request: HttpRequest, import_id: Id):
    roster_import = queries.get_roster_import_for_user(request.user, import_id)
    return import_runs.discard_roster_import(by=request.user, roster_import=roster_import)
