"""The registry's section of the left menu, registered from RegistryConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from core.menu import MenuItem, has, register_section
from core.roles import Cap


def beyond_household(request, scope) -> bool:
    """A resident reads their own household: the org tree, grid, party and partners are empty to them."""
    areas = scope.areas.get(Cap.REGISTRY_VIEW, {})
    return scope.is_superuser or any(ids for kind, ids in areas.items() if kind != "household")


def register() -> None:
    register_section(
        "registry",
        order=10,
        title=_("Registry"),
        items=[
            MenuItem(_("Search"), "registry:search", has(Cap.REGISTRY_VIEW)),
            MenuItem(_("Org tree"), "registry:org-tree", beyond_household),
            MenuItem(_("Households"), "registry:household-list", has(Cap.REGISTRY_VIEW)),
            MenuItem(_("Residents"), "registry:resident-list", has(Cap.REGISTRY_VIEW)),
            MenuItem(_("Service grid"), "registry:grid", beyond_household),
            MenuItem(_("Party organisation"), "registry:party-list", beyond_household),
            MenuItem(_("Partner units"), "registry:partner-list", beyond_household),
            MenuItem(_("Roster import"), "registry:import-start", has(Cap.REGISTRY_MANAGE)),
        ],
    )
