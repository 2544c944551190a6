"""Schemas of the registry's JSON API. Residents appear only with masked ID numbers and phones."""

import datetime as dt
from typing import Annotated, Literal

from django.core.exceptions import ObjectDoesNotExist
from ninja import Field, FilterLookup, FilterSchema, Schema

from core.api import Id, InputSchema
from core.validators import LONG_TEXT, QUERY_TEXT
from registry import queries
from registry.models import GridUnit, OrgUnit, PartnerUnit, PartyMember, PartyOrg, Resident, RosterImport, Tag

OrgKind = Literal[tuple(OrgUnit.Kind.values)]
GridKind = Literal[tuple(GridUnit.Kind.values)]
TagAppliesTo = Literal[tuple(Tag.AppliesTo.values)]
Gender = Literal[tuple(Resident.Gender.values)]
Relation = Literal[tuple(Resident.Relation.values)]
ResidentStatus = Literal[tuple(Resident.Status.values)]
PartyOrgKind = Literal[tuple(PartyOrg.Kind.values)]
PartyOrgStatus = Literal[tuple(PartyOrg.Status.values)]
PartyMemberKind = Literal[tuple(PartyMember.Kind.values)]
PartnerKind = Literal[tuple(PartnerUnit.Kind.values)]


# --- org tree, grid, tags ---------------------------------------------------------------------


class OrgUnitOut(Schema):
    id: int
    kind: OrgKind
    name: str
    code: str
    parent_id: int | None
    county_id: int | None
    town_id: int | None
    community_id: int | None
    sort_order: int


class OrgUnitFilter(FilterSchema):
    kind: OrgKind | None = None
    parent: Annotated[Id | None, FilterLookup("parent_id")] = None


class GridUnitOut(Schema):
    id: int
    kind: GridKind
    name: str
    code: str
    community_id: int
    parent_id: int | None


class GridUnitDetail(GridUnitOut):
    household_count: int = Field(description="Households in this group (or in all groups of this zone) you can see.")

    @staticmethod
    def resolve_household_count(obj, context) -> int:
        return queries.grid_unit_household_count(context["request"].user, obj)


class GridUnitFilter(FilterSchema):
    kind: GridKind | None = None
    community: Annotated[Id | None, FilterLookup("community_id")] = None
    parent: Annotated[Id | None, FilterLookup("parent_id")] = None


class TagBrief(Schema):
    id: int
    code: str
    label: str


class TagOut(TagBrief):
    name: str
    name_en: str
    applies_to: TagAppliesTo
    community_id: int | None = Field(description="Null for a built-in tag.")


# --- residents ------------------------------------------------------------------------------


class ResidentOut(Schema):
    id: int
    household_id: int
    address: str
    community_id: int
    name: str
    gender: Gender
    relation: Relation
    status: ResidentStatus
    age: int
    is_minor: bool = Field(description="Under 14: personal data needs a guardian's consent.")
    id_number_masked: str
    phone_masked: str
    guardian_id: int | None
    guardian_name: str
    tags: list[TagBrief]
    party_member_kind: PartyMemberKind | None = Field(description="Null unless the resident is a party member.")

    @staticmethod
    def resolve_address(obj) -> str:
        return obj.household.address

    @staticmethod
    def resolve_age(obj) -> int:
        return obj.age()

    @staticmethod
    def resolve_party_member_kind(obj) -> str | None:
        try:
            return obj.party_member.kind
        except ObjectDoesNotExist:
            return None


class ResidentDetail(ResidentOut):
    notes: str


class ResidentFilter(InputSchema):
    """The resident list's filter bar; applied by queries.filter_residents, as on the page."""

    community: Id | None = None
    compound: Id | None = None
    grid_group: Id | None = None
    tag: Id | None = None
    gender: Gender | None = None
    age_min: int | None = Field(None, ge=0, le=150, description="Whole years today.")
    age_max: int | None = Field(None, ge=0, le=150, description="Whole years today.")
    minors: bool = Field(False, description="Only children under 14.")
    status: ResidentStatus | None = None


class ResidentIn(InputSchema):
    household: Id
    name: str = Field(max_length=50)
    gender: Gender | None = Field(None, description="Read from the ID-card number when left out.")
    birth_date: dt.date | None = Field(None, description="Read from the ID-card number when left out.")
    id_number: str = Field("", max_length=32)
    phone: str = Field("", max_length=30)
    relation: Relation = Resident.Relation.OTHER.value
    guardian: Id | None = Field(
        None, description="A resident in the registry; under 14 one or guardian_name is needed."
    )
    guardian_name: str = Field("", max_length=50)
    tags: list[Id] = Field(default_factory=list)
    notes: str = Field("", max_length=LONG_TEXT)


class ResidentPatch(InputSchema):
    """Change a resident: fields left out keep their stored value.

    A new ID number also sets birth date and gender unless they are given.
    """

    name: str = Field(None, max_length=50)
    gender: Gender | None = Field(None, description="null reads it from the ID-card number.")
    birth_date: dt.date | None = Field(None, description="null reads it from the ID-card number.")
    id_number: str | None = Field(
        None, max_length=32, description="null keeps the stored number; an empty string clears it."
    )
    phone: str | None = Field(
        None, max_length=30, description="null keeps the stored phone; an empty string clears it."
    )
    relation: Relation = None
    guardian: Id | None = Field(None, description="null: no guardian in the registry.")
    guardian_name: str = Field(None, max_length=50)
    tags: list[Id] = Field(None, description="The complete new list of tag ids.")
    notes: str = Field(None, max_length=LONG_TEXT)
    status: ResidentStatus = None


class RevealIn(InputSchema):
    field: Literal["id_number", "phone"]


class RevealOut(Schema):
    field: str
    value: str


# --- households -----------------------------------------------------------------------------


class HouseholdOut(Schema):
    id: int
    address: str
    community_id: int
    compound_id: int
    building_id: int
    unit: str
    room: str
    grid_group_id: int | None
    grid_group_name: str | None
    tags: list[TagBrief]
    has_party_badge: bool = Field(description="A member shows their party identity (亮身份).")

    @staticmethod
    def resolve_grid_group_name(obj) -> str | None:
        return obj.grid_group.name if obj.grid_group_id else None


class HouseholdDetail(HouseholdOut):
    notes: str
    members: list[ResidentOut]

    @staticmethod
    def resolve_has_party_badge(obj, context) -> bool:
        return queries.household_has_party_badge(context["request"].user, obj)

    @staticmethod
    def resolve_members(obj) -> list:
        return list(queries.household_members(obj))


class HouseholdFilter(InputSchema):
    """The household list's filter bar; applied by queries.filter_households, as on the page."""

    community: Id | None = None
    compound: Id | None = None
    building: Id | None = None
    grid_group: Id | None = None
    tag: Id | None = None
    q: str = Field("", max_length=QUERY_TEXT, description="Words of the address, all of which must appear.")


class HouseholdIn(InputSchema):
    building: Id
    unit: str = Field("", max_length=10)
    room: str = Field(max_length=20)
    grid_group: Id | None = None
    tags: list[Id] = Field(default_factory=list)
    notes: str = Field("", max_length=LONG_TEXT)


class HouseholdPatch(InputSchema):
    """Change a household: fields left out keep their stored value; the address cannot change."""

    grid_group: Id | None = Field(None, description="null takes the household out of the grid.")
    tags: list[Id] = Field(None, description="The complete new list of tag ids.")
    notes: str = Field(None, max_length=LONG_TEXT)


class SearchOut(Schema):
    residents: list[ResidentOut]
    households: list[HouseholdOut]


# --- party organisation and partner units ---------------------------------------------------------


class PartyOrgOut(Schema):
    id: int
    kind: PartyOrgKind
    name: str
    status: PartyOrgStatus
    community_id: int
    compound_id: int | None
    building_id: int | None
    parent_id: int | None
    founded_on: dt.date
    formalized_on: dt.date | None


class PartyMemberOut(Schema):
    id: int
    resident_id: int
    name: str
    kind: PartyMemberKind
    joined_on: dt.date | None
    work_unit: str
    shows_identity: bool

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.resident.name


class PartyOrgDetail(PartyOrgOut):
    members: list[PartyMemberOut]

    @staticmethod
    def resolve_members(obj, context) -> list:
        return list(queries.party_members(context["request"].user, obj))


class PartyOrgFilter(FilterSchema):
    kind: PartyOrgKind | None = None
    status: PartyOrgStatus | None = None
    community: Annotated[Id | None, FilterLookup("community_id")] = None


class FormalizeIn(InputSchema):
    on: dt.date = Field(description="The day the branch became formal.")


class PartnerUnitOut(Schema):
    id: int
    name: str
    kind: PartnerKind
    county_id: int
    contact_name: str
    contact_phone_masked: str
    address: str
    community_ids: list[int] = Field(description="The communities it co-builds with, among those you can see.")

    @staticmethod
    def resolve_community_ids(obj) -> list[int]:
        return [c.pk for c in obj.visible_communities]


class PartnerUnitFilter(FilterSchema):
    kind: PartnerKind | None = None
    community: Annotated[Id | None, FilterLookup("communities")] = None


class PartnerUnitIn(InputSchema):
    name: str = Field(max_length=100)
    kind: PartnerKind
    contact_name: str = Field("", max_length=50)
    contact_phone: str = Field("", max_length=30)
    address: str = Field("", max_length=200)
    communities: list[Id] = Field(min_length=1, description="Communities you manage that it co-builds with.")


# --- roster imports -------------------------------------------------------------------------

RosterImportStatus = Literal[tuple(RosterImport.Status.values)]


class RosterImportProblem(Schema):
    row: int | None = Field(description="The spreadsheet row at fault; null when the problem is the whole file.")
    column: str
    message: str


class RosterImportOut(Schema):
    id: int
    community_id: int
    original_name: str
    status: RosterImportStatus
    created_at: dt.datetime
    finished_at: dt.datetime | None
    total_rows: int
    processed_rows: int
    created_rows: int
    errors: list[RosterImportProblem] = Field(description="Every problem found; nothing is written while any is left.")
    can_retry: bool = Field(
        description="Stopped by an interruption with its file kept: POST .../retry queues it again."
    )
    can_discard: bool = Field(description="Waiting or stopped: POST .../discard gives it up and deletes its file.")
