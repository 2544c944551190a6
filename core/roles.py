"""Roles and what each may do. The org unit of a membership decides where."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COUNTY_ADMIN = "county_admin", _("county admin")
    TOWN_ADMIN = "town_admin", _("town admin")
    COMMUNITY_STAFF = "community_staff", _("community staff")
    GRID_WORKER = "grid_worker", _("grid worker")
    HOUSEHOLD_REP = "household_rep", _("household-head representative")
    TEAM_LEADER = "team_leader", _("team leader")
    VOLUNTEER = "volunteer", _("volunteer")
    RESIDENT = "resident", _("resident")
    PARTNER_CONTACT = "partner_contact", _("partner-unit contact")
    PAIRED_CADRE = "paired_cadre", _("paired cadre")


class Cap:
    """Capabilities: what a role may do, named by app and verb."""

    REGISTRY_VIEW = "registry.view"
    REGISTRY_CHANGE = "registry.change"  # residents and households
    REGISTRY_MANAGE = "registry.manage"  # org tree, grid, party, partner units, tags, imports
    REGISTRY_REVEAL = "registry.reveal"  # full ID numbers and phones
    REGISTRY_EXPORT = "registry.export"
    AUDIT_VIEW = "audit.view"
    VOLUNTEERING_VIEW = "volunteering.view"  # volunteers, teams, the ledger, certificates
    VOLUNTEERING_RECORD = "volunteering.record"  # record service hours
    VOLUNTEERING_MANAGE = "volunteering.manage"  # approve volunteers, teams, certificates, settings
    ACCOUNTS_MANAGE = "accounts.manage"
    WISHES_VIEW = "wishes.view"  # wishes with their beneficiary and history (the public wall needs nothing)
    WISHES_RECORD = "wishes.record"  # post a wish for a resident, confirm its receipt
    WISHES_MANAGE = "wishes.manage"  # verify, act for offline residents, publish stories, settings
    JOBS_VIEW = "jobs.view"  # the periodic jobs' last runs and errors, deployment-wide


ROLE_CAPS: dict[str, frozenset[str]] = {
    Role.COUNTY_ADMIN: frozenset(
        {Cap.REGISTRY_VIEW, Cap.REGISTRY_EXPORT, Cap.AUDIT_VIEW, Cap.VOLUNTEERING_VIEW, Cap.WISHES_VIEW, Cap.JOBS_VIEW}
    ),
    Role.TOWN_ADMIN: frozenset(
        {Cap.REGISTRY_VIEW, Cap.REGISTRY_EXPORT, Cap.AUDIT_VIEW, Cap.VOLUNTEERING_VIEW, Cap.WISHES_VIEW}
    ),
    Role.COMMUNITY_STAFF: frozenset(
        {
            Cap.REGISTRY_VIEW,
            Cap.REGISTRY_CHANGE,
            Cap.REGISTRY_MANAGE,
            Cap.REGISTRY_REVEAL,
            Cap.REGISTRY_EXPORT,
            Cap.AUDIT_VIEW,
            Cap.ACCOUNTS_MANAGE,
            Cap.VOLUNTEERING_VIEW,
            Cap.VOLUNTEERING_RECORD,
            Cap.VOLUNTEERING_MANAGE,
            Cap.WISHES_VIEW,
            Cap.WISHES_RECORD,
            Cap.WISHES_MANAGE,
        }
    ),
    # A grid worker keeps their grid's households up to date on home visits.
    # and records the wishes of residents without a phone.
    Role.GRID_WORKER: frozenset({Cap.REGISTRY_VIEW, Cap.REGISTRY_CHANGE, Cap.WISHES_VIEW, Cap.WISHES_RECORD}),
    Role.HOUSEHOLD_REP: frozenset({Cap.REGISTRY_VIEW, Cap.WISHES_VIEW}),
    # A resident sees their own household, masked like everyone else, and posts its wishes.
    Role.RESIDENT: frozenset({Cap.REGISTRY_VIEW, Cap.WISHES_VIEW, Cap.WISHES_RECORD}),
    # A team leader's and a volunteer's volunteering rights come from their team leadership and
    # their own volunteer record (volunteering.scoping), not from the community they belong to.
    Role.TEAM_LEADER: frozenset(),
    Role.VOLUNTEER: frozenset(),
    Role.PARTNER_CONTACT: frozenset(),
    Role.PAIRED_CADRE: frozenset(),
}

# Which area a membership of each role must be scoped to.
ORG_ROLES = {
    Role.COUNTY_ADMIN,
    Role.TOWN_ADMIN,
    Role.COMMUNITY_STAFF,
    Role.TEAM_LEADER,
    Role.VOLUNTEER,
    Role.PARTNER_CONTACT,
    Role.PAIRED_CADRE,
}
GRID_ROLES = {Role.GRID_WORKER, Role.HOUSEHOLD_REP}
HOUSEHOLD_ROLES = {Role.RESIDENT}
