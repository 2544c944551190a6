"""Every write to the registry. Keyword-only, an explicit actor, atomic, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import idcard, pii
from core.audit import record_event
from core.typing import Actor
from registry.models import (
    GridUnit,
    Household,
    OrgUnit,
    PartnerUnit,
    PartyMember,
    PartyOrg,
    Resident,
    ResidentSearchKey,
    Tag,
)
from registry.pinyin import search_keys

PARENT_KIND: dict[str, str] = {
    OrgUnit.Kind.TOWN: OrgUnit.Kind.COUNTY,
    OrgUnit.Kind.COMMUNITY: OrgUnit.Kind.TOWN,
    OrgUnit.Kind.COMPOUND: OrgUnit.Kind.COMMUNITY,
    OrgUnit.Kind.BUILDING: OrgUnit.Kind.COMPOUND,
}


def _audit(by: Actor, action: str, obj: Model, *, community: OrgUnit | None, details: dict | None = None) -> None:
    record_event(
        by=by,
        action=action,
        obj=obj,
        community_id=community.pk if community else None,
        county_id=community.county_id if community else None,
        details=details,
    )


# --- org tree and grid -------------------------------------------------------------------


def org_unit_fields(*, kind: str, parent: OrgUnit | None) -> dict[str, Any]:
    """The denormalised ancestors a new org unit of `kind` under `parent` carries."""
    if kind == OrgUnit.Kind.COUNTY:
        if parent is not None:
            raise ValidationError({"parent": _("A county is the top of the tree and has no parent.")})
        return {}
    if parent is None or parent.kind != PARENT_KIND[kind]:
        raise ValidationError(
            {
                "parent": _("A %(kind)s must be placed under a %(parent)s.")
                % {"kind": OrgUnit.Kind(kind).label, "parent": OrgUnit.Kind(PARENT_KIND[kind]).label}
            }
        )
    fields = {"county_id": parent.county_id, "town_id": parent.town_id, "community_id": parent.community_id}
    if parent.kind == OrgUnit.Kind.TOWN:
        fields["town_id"] = parent.pk
    if parent.kind == OrgUnit.Kind.COMMUNITY:
        fields["community_id"] = parent.pk
    return fields


@transaction.atomic
def create_org_unit(
    *, by: Actor, kind: str, name: str, code: str, parent: OrgUnit | None, sort_order: int = 0
) -> OrgUnit:
    """Add a node to the org tree; a county, town or community points to itself as such."""
    name, code = name.strip(), code.strip()
    if not name:
        raise ValidationError({"name": _("Enter a name.")})
    if not code:
        raise ValidationError({"code": _("Enter a code.")})
    if OrgUnit.objects.filter(code=code).exists():
        raise ValidationError({"code": _("The code %(code)s is already used; choose another.") % {"code": code}})
    if parent is not None and OrgUnit.objects.filter(parent=parent, name=name).exists():
        raise ValidationError(
            {"name": _("%(parent)s already has a unit named %(name)s.") % {"parent": parent, "name": name}}
        )
    unit = OrgUnit.objects.create(
        kind=kind,
        name=name,
        code=code,
        parent=parent,
        sort_order=sort_order,
        **org_unit_fields(kind=kind, parent=parent),
    )
    if kind in (OrgUnit.Kind.COUNTY, OrgUnit.Kind.TOWN, OrgUnit.Kind.COMMUNITY):
        # A county, town or community is its own ancestor of that kind: scoping stays one equality.
        setattr(unit, f"{kind}_id", unit.pk)
        unit.save(update_fields=[kind])
    community = unit if kind == OrgUnit.Kind.COMMUNITY else unit.community
    _audit(by, "registry.org_unit.create", unit, community=community, details={"kind": kind})
    return unit


@transaction.atomic
def create_grid_unit(
    *, by: Actor, community: OrgUnit, kind: str, name: str, code: str, zone: GridUnit | None = None
) -> GridUnit:
    """Add a zone, or a group inside a zone, to a community's service grid."""
    if community.kind != OrgUnit.Kind.COMMUNITY:
        raise ValidationError({"community": _("A grid belongs to a community.")})
    if kind == GridUnit.Kind.GROUP and (
        zone is None or zone.community_id != community.pk or zone.kind != GridUnit.Kind.ZONE
    ):
        raise ValidationError({"zone": _("Choose the zone of this community that the group belongs to.")})
    if kind == GridUnit.Kind.ZONE:
        zone = None
    if GridUnit.objects.filter(community=community, code=code.strip()).exists():
        raise ValidationError(
            {"code": _("The code %(code)s is already used in this community's grid.") % {"code": code}}
        )
    unit = GridUnit.objects.create(
        kind=kind,
        community=community,
        county_id=community.county_key,
        parent=zone,
        name=name.strip(),
        code=code.strip(),
    )
    _audit(by, "registry.grid_unit.create", unit, community=community, details={"kind": kind})
    return unit


# --- tags ------------------------------------------------------------------------------


@transaction.atomic
def create_tag(
    *, by: Actor, community: OrgUnit, name: str, name_en: str = "", applies_to: str = Tag.AppliesTo.BOTH
) -> Tag:
    """A community's own tag, beside the built-in ones."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter the tag's name.")})
    if Tag.objects.filter(Q(community=community) | Q(community__isnull=True), name=name).exists():
        raise ValidationError({"name": _("A tag named %(name)s already exists.") % {"name": name}})
    base = slugify(name_en or "") or "tag"
    code = f"{base}-{Tag.objects.filter(community=community).count() + 1}"
    tag = Tag.objects.create(community=community, name=name, name_en=name_en.strip(), code=code, applies_to=applies_to)
    _audit(by, "registry.tag.create", tag, community=community)
    return tag


def tags_for_community(community: OrgUnit, applies_to: str | None = None):
    qs = Tag.objects.filter(community__in=[community.pk]) | Tag.objects.filter(community__isnull=True)
    if applies_to:
        qs = qs.filter(applies_to__in=[applies_to, Tag.AppliesTo.BOTH])
    return qs.order_by("community_id", "code")


def _check_tags(tags: Iterable[Tag], community: OrgUnit, applies_to: str) -> list[Tag]:
    tags = list(tags)
    for tag in tags:
        if tag.community_id not in (None, community.pk) or tag.applies_to not in (applies_to, Tag.AppliesTo.BOTH):
            raise ValidationError({"tags": _("The tag %(tag)s cannot be used here.") % {"tag": tag.label}})
    return tags


# --- households ----------------------------------------------------------------------------


def _check_household_place(
    *, building: OrgUnit, unit: str, room: str, grid_group: GridUnit | None, exclude_pk: int | None = None
) -> None:
    errors: dict[str, str] = {}
    if building.kind != OrgUnit.Kind.BUILDING:
        errors["building"] = _("Choose a building.")
    if not room.strip():
        errors["room"] = _("Enter the room number, for example 301.")
    if grid_group is not None and (
        grid_group.kind != GridUnit.Kind.GROUP or grid_group.community_id != building.community_id
    ):
        errors["grid_group"] = _("Choose a grid group of the household's own community.")
    clash = Household.objects.filter(building=building, unit=unit.strip(), room=room.strip())
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if not errors and clash.exists():
        errors["room"] = _("This building already has a household at entrance %(unit)s, room %(room)s.") % {
            "unit": unit or "-",
            "room": room,
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_household(
    *,
    by: Actor,
    building: OrgUnit,
    unit: str,
    room: str,
    grid_group: GridUnit | None = None,
    tags: Iterable[Tag] = (),
    notes: str = "",
) -> Household:
    """Register a household at an address in a building."""
    _check_household_place(building=building, unit=unit, room=room, grid_group=grid_group)
    community, compound = building.community, building.parent
    if community is None or compound is None:  # not a building, which _check_household_place reported
        raise ValidationError({"building": _("Choose a building.")})
    tags = _check_tags(tags, community, Tag.AppliesTo.HOUSEHOLD)
    address = Household.format_address(compound.name, building.name, unit.strip(), room.strip())
    household = Household.objects.create(
        county_id=building.county_key,
        community=community,
        compound=compound,
        building=building,
        unit=unit.strip(),
        room=room.strip(),
        grid_group=grid_group,
        notes=notes,
        address=address,
        sort_key=Household.address_sort_key(address),
    )
    household.tags.set(tags)
    _audit(by, "registry.household.create", household, community=community)
    return household


@transaction.atomic
def update_household(
    *, by: Actor, household: Household, grid_group: GridUnit | None, tags: Iterable[Tag], notes: str
) -> Household:
    """Change a household's grid group, tags and notes (its address is fixed)."""
    _check_household_place(
        building=household.building,
        unit=household.unit,
        room=household.room,
        grid_group=grid_group,
        exclude_pk=household.pk,
    )
    tags = _check_tags(tags, household.community, Tag.AppliesTo.HOUSEHOLD)
    before = {
        "grid_group": household.grid_group_id,
        "tags": sorted(household.tags.values_list("pk", flat=True)),
        "notes": household.notes,
    }
    household.grid_group, household.notes = grid_group, notes
    household.save(update_fields=["grid_group", "notes", "updated_at"])
    household.tags.set(tags)
    after = {"grid_group": household.grid_group_id, "tags": sorted(t.pk for t in tags), "notes": household.notes}
    changed = [k for k in before if before[k] != after[k]]
    _audit(by, "registry.household.update", household, community=household.community, details={"changed": changed})
    return household


# --- residents ------------------------------------------------------------------------------


def check_resident(
    *,
    name: str,
    gender: str | None,
    birth_date: dt.date | None,
    id_number: str,
    phone: str,
    relation: str,
    household: Household | None,
    guardian: Resident | None,
    guardian_name: str,
    exclude_pk: int | None = None,
    check_database: bool = True,
) -> dict[str, Any]:
    """Validate a resident's fields; return them cleaned or raise ValidationError by field.

    Birth date and gender are read from the ID number when left empty, and must agree with
    it when given. The form, the API and the roster import all come through here.
    """
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {"name": (name or "").strip(), "relation": relation or Resident.Relation.OTHER}
    if not cleaned["name"]:
        errors["name"] = _("Enter the resident's name.")
    elif len(cleaned["name"]) > 50:
        errors["name"] = _("A name has at most 50 characters.")
    if cleaned["relation"] not in Resident.Relation.values:
        errors["relation"] = _("Choose the relation to the head of household from the list.")
    number = idcard.normalize(id_number)
    card = None
    if number:
        try:
            card = idcard.parse_id_number(number)
        except ValidationError as exc:
            errors["id_number"] = exc.messages[0]
    cleaned["id_number"] = number
    if card:
        if birth_date and birth_date != card.birth_date:
            errors["birth_date"] = _("The birth date does not agree with the ID-card number, which says %(date)s.") % {
                "date": card.birth_date.isoformat()
            }
        if gender and gender != card.gender:
            errors["gender"] = _("The gender does not agree with the ID-card number (its 17th digit).")
        birth_date = birth_date or card.birth_date
        gender = gender or card.gender
    if not birth_date and "birth_date" not in errors:
        errors["birth_date"] = _("Enter the birth date, or an ID-card number to read it from.")
    elif birth_date and birth_date > timezone.localdate():
        errors["birth_date"] = _("The birth date cannot be in the future.")
    if gender not in ("M", "F") and "gender" not in errors:
        errors["gender"] = _("Choose the gender, or enter an ID-card number to read it from.")
    cleaned["birth_date"], cleaned["gender"] = birth_date, gender
    phone = pii.normalize_phone(phone)
    if phone and not pii.is_valid_phone(phone):
        errors["phone"] = _("Enter an 11-digit mobile number starting with 1, or a landline such as 0593-1234567.")
    cleaned["phone"] = phone
    cleaned["guardian"], cleaned["guardian_name"] = guardian, (guardian_name or "").strip()
    if birth_date and not errors.get("birth_date"):
        today = timezone.localdate()
        age = today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))
        if age < Resident.MINOR_AGE and guardian is None and not cleaned["guardian_name"]:
            errors["guardian"] = _("A child under 14 needs a guardian: choose one from the household or enter a name.")
    if guardian is not None and exclude_pk and guardian.pk == exclude_pk:
        errors["guardian"] = _("A resident cannot be their own guardian.")
    if check_database and number and "id_number" not in errors:
        clash = Resident.objects.filter(id_number_hash=pii.keyed_hash(number))
        if exclude_pk:
            clash = clash.exclude(pk=exclude_pk)
        if clash.exists():
            errors["id_number"] = _("A resident with this ID-card number is already registered.")
    if check_database and household is not None and relation == Resident.Relation.HEAD:
        heads = household.members.filter(relation=Resident.Relation.HEAD, status=Resident.Status.ACTIVE)
        if exclude_pk:
            heads = heads.exclude(pk=exclude_pk)
        if heads.exists():
            errors["relation"] = _("This household already has a head; choose another relation.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def pii_columns(*, id_number: str, phone: str) -> dict[str, str]:
    """A resident's encrypted, hashed and masked columns for an ID number and a phone, with the last
    four digits of each for search."""
    return pii.id_columns(id_number, last4="id_last4") | pii.phone_columns(phone, last4="phone_last4")


def search_key_rows(resident: Resident) -> list[ResidentSearchKey]:
    return [
        ResidentSearchKey(resident=resident, community_id=resident.community_id, key=k)
        for k in search_keys(resident.name)
    ]


def _save_resident(resident: Resident, cleaned: dict[str, Any]) -> None:
    for field in ("name", "gender", "birth_date", "relation", "guardian", "guardian_name"):
        setattr(resident, field, cleaned[field])
    for field, value in pii_columns(id_number=cleaned["id_number"], phone=cleaned["phone"]).items():
        setattr(resident, field, value)
    try:
        with transaction.atomic():
            resident.save()
    except IntegrityError as exc:  # a concurrent writer won the same ID number or the head's seat
        head_taken = (
            resident.relation == Resident.Relation.HEAD
            and Resident.objects.filter(
                household_id=resident.household_id, relation=Resident.Relation.HEAD, status=Resident.Status.ACTIVE
            )
            .exclude(pk=resident.pk)
            .exists()
        )
        if head_taken:
            raise ValidationError(
                {"relation": _("This household already has a head; choose another relation.")}
            ) from exc
        raise ValidationError({"id_number": _("A resident with this ID-card number is already registered.")}) from exc
    ResidentSearchKey.objects.filter(resident=resident).delete()
    ResidentSearchKey.objects.bulk_create(search_key_rows(resident))


@transaction.atomic
def create_resident(
    *,
    by: Actor,
    household: Household,
    name: str,
    gender: str | None = None,
    birth_date: dt.date | None = None,
    id_number: str = "",
    phone: str = "",
    relation: str = Resident.Relation.OTHER,
    guardian: Resident | None = None,
    guardian_name: str = "",
    tags: Iterable[Tag] = (),
    notes: str = "",
) -> Resident:
    """Register a resident in a household."""
    cleaned = check_resident(
        name=name,
        gender=gender,
        birth_date=birth_date,
        id_number=id_number,
        phone=phone,
        relation=relation,
        household=household,
        guardian=guardian,
        guardian_name=guardian_name,
    )
    tags = _check_tags(tags, household.community, Tag.AppliesTo.RESIDENT)
    resident = Resident(
        household=household, community_id=household.community_id, county_id=household.county_id, notes=notes
    )
    _save_resident(resident, cleaned)
    resident.tags.set(tags)
    _audit(by, "registry.resident.create", resident, community=household.community)
    return resident


@transaction.atomic
def update_resident(
    *,
    by: Actor,
    resident: Resident,
    name: str,
    gender: str | None,
    birth_date: dt.date | None,
    id_number: str | None,
    phone: str | None,
    relation: str,
    guardian: Resident | None,
    guardian_name: str,
    tags: Iterable[Tag],
    notes: str,
    status: str = Resident.Status.ACTIVE,
) -> Resident:
    """Change a resident. An ID number or phone of None keeps the stored one (it is never shown)."""
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    id_number = pii.decrypt(resident.id_number_enc) if id_number is None else id_number
    phone = pii.decrypt(resident.phone_enc) if phone is None else phone
    cleaned = check_resident(
        name=name,
        gender=gender,
        birth_date=birth_date,
        id_number=id_number,
        phone=phone,
        relation=relation,
        household=resident.household,
        guardian=guardian,
        guardian_name=guardian_name,
        exclude_pk=resident.pk,
    )
    if status not in Resident.Status.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    before = {
        f: getattr(resident, f)
        for f in (
            "name",
            "gender",
            "birth_date",
            "relation",
            "guardian_id",
            "guardian_name",
            "notes",
            "status",
            "id_number_hash",
            "phone_hash",
        )
    }
    tags = _check_tags(tags, resident.household.community, Tag.AppliesTo.RESIDENT)
    resident.notes, resident.status = notes, status
    _save_resident(resident, cleaned)
    resident.tags.set(tags)
    after = {f: getattr(resident, f) for f in before}
    # The log names changed fields, never their personal values.
    changed = [f.replace("_hash", "").replace("_id", "") for f in before if before[f] != after[f]]
    _audit(
        by, "registry.resident.update", resident, community=resident.household.community, details={"changed": changed}
    )
    return resident


REVEALABLE = {"id_number": "id_number_enc", "phone": "phone_enc"}


@transaction.atomic
def reveal_resident_field(*, by: Actor, resident: Resident, field: str) -> str:
    """Return a resident's full ID number or phone and leave an audit row. Check the role first."""
    if field not in REVEALABLE:
        raise ValidationError(_("Only the ID-card number or the phone can be revealed."))
    value = pii.decrypt(getattr(resident, REVEALABLE[field]))
    _audit(by, "registry.resident.reveal", resident, community=resident.community, details={"field": field})
    return value


# --- party organisation -------------------------------------------------------------------


@transaction.atomic
def create_party_org(
    *,
    by: Actor,
    community: OrgUnit,
    kind: str,
    name: str,
    founded_on: dt.date,
    parent: PartyOrg | None = None,
    compound: OrgUnit | None = None,
    building: OrgUnit | None = None,
    status: str = PartyOrg.Status.FORMAL,
) -> PartyOrg:
    """Found a party committee, a compound's branch (provisional or formal) or a building group."""
    errors = {}
    if kind == PartyOrg.Kind.BRANCH and (compound is None or compound.community_id != community.pk):
        errors["compound"] = _("A branch belongs to a compound of this community.")
    if kind == PartyOrg.Kind.GROUP and (building is None or building.community_id != community.pk):
        errors["building"] = _("A building party group belongs to a building of this community.")
    if status == PartyOrg.Status.PROVISIONAL and kind != PartyOrg.Kind.BRANCH:
        errors["status"] = _("Only a branch can be provisional.")
    if parent is not None and parent.community_id != community.pk:
        errors["parent"] = _("The parent organisation must be in the same community.")
    if founded_on > timezone.localdate():
        errors["founded_on"] = _("The founding date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    if building is not None and compound is None:
        compound = building.parent
    org = PartyOrg.objects.create(
        kind=kind,
        name=name.strip(),
        community=community,
        county_id=community.county_key,
        compound=compound,
        building=building,
        parent=parent,
        status=status,
        founded_on=founded_on,
    )
    _audit(by, "registry.party_org.create", org, community=community, details={"kind": kind, "status": status})
    return org


@transaction.atomic
def formalize_party_branch(*, by: Actor, branch: PartyOrg, on: dt.date) -> PartyOrg:
    """A provisional branch becomes formal; its founding date and history stay."""
    branch = PartyOrg.objects.select_for_update().get(pk=branch.pk)
    if branch.status != PartyOrg.Status.PROVISIONAL:
        raise ValidationError(_("Only a provisional branch can become formal."))
    if on < branch.founded_on or on > timezone.localdate():
        raise ValidationError({"formalized_on": _("The date must be between the founding date and today.")})
    branch.status, branch.formalized_on = PartyOrg.Status.FORMAL, on
    branch.save(update_fields=["status", "formalized_on"])
    _audit(by, "registry.party_org.formalize", branch, community=branch.community, details={"on": on.isoformat()})
    return branch


@transaction.atomic
def register_party_member(
    *,
    by: Actor,
    resident: Resident,
    party_org: PartyOrg,
    kind: str,
    joined_on: dt.date | None = None,
    work_unit: str = "",
    shows_identity: bool = True,
) -> PartyMember:
    """Record a resident as a party member of one of their community's party organisations."""
    if party_org.community_id != resident.community_id:
        raise ValidationError({"party_org": _("Choose a party organisation of the resident's community.")})
    if kind not in PartyMember.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of party member from the list.")})
    if PartyMember.objects.filter(resident=resident).exists():
        raise ValidationError(
            {"resident": _("%(name)s is already registered as a party member.") % {"name": resident.name}}
        )
    member = PartyMember.objects.create(
        resident=resident,
        party_org=party_org,
        kind=kind,
        joined_on=joined_on,
        work_unit=work_unit.strip(),
        shows_identity=shows_identity,
        community_id=resident.community_id,
        county_id=resident.county_id,
    )
    _audit(by, "registry.party_member.create", member, community=party_org.community, details={"kind": kind})
    return member


@transaction.atomic
def set_party_identity(*, by: Actor, member: PartyMember, shows: bool) -> PartyMember:
    """Show or stop showing a party member's identity (亮身份) on their household."""
    member.shows_identity = shows
    member.save(update_fields=["shows_identity"])
    _audit(by, "registry.party_member.identity", member, community=member.community, details={"shows": shows})
    return member


# --- partner units ------------------------------------------------------------------------------


@transaction.atomic
def create_partner_unit(
    *,
    by: Actor,
    county: OrgUnit,
    name: str,
    kind: str,
    contact_name: str = "",
    contact_phone: str = "",
    address: str = "",
    communities: Iterable[OrgUnit] = (),
) -> PartnerUnit:
    """Register a partner unit (共建单位) and the communities it co-builds with."""
    errors = {}
    name = name.strip()
    if not name:
        errors["name"] = _("Enter the partner unit's name.")
    elif PartnerUnit.objects.filter(county=county, name=name).exists():
        errors["name"] = _("A partner unit named %(name)s is already registered.") % {"name": name}
    if kind not in PartnerUnit.Kind.values:
        errors["kind"] = _("Choose the kind of partner unit from the list.")
    phone = pii.normalize_phone(contact_phone)
    if phone and not pii.is_valid_phone(phone):
        errors["contact_phone"] = _(
            "Enter an 11-digit mobile number starting with 1, or a landline such as 0593-1234567."
        )
    communities = list(communities)
    if any(c.county_id != county.pk or c.kind != OrgUnit.Kind.COMMUNITY for c in communities):
        errors["communities"] = _("Choose communities of the same county.")
    if errors:
        raise ValidationError(errors)
    unit = PartnerUnit.objects.create(
        county=county,
        name=name,
        kind=kind,
        contact_name=contact_name.strip(),
        address=address.strip(),
        # Shown to those who may see the partner unit, never looked up by: no hash column.
        **pii.phone_columns(phone, prefix="contact_phone", hashed=False),
    )
    unit.communities.set(communities)
    audited: list[OrgUnit | None] = [*communities] or [None]  # one row even with no community
    for community in audited:
        _audit(by, "registry.partner_unit.create", unit, community=community)
    return unit
