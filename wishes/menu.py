"""The wish wall's section of the left menu, registered from WishesConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from core.menu import MenuItem, has, per_request, register_section
from core.roles import Cap
from volunteering.menu import volunteer_active
from wishes.services import claimant_identities


def one_wall(request, scope) -> bool:
    """The wall of the user's one community; readers of several find theirs on the wish list."""
    return len(scope.community_ids(Cap.WISHES_VIEW)) == 1


def the_wall(request, scope):
    return scope.community_ids(Cap.WISHES_VIEW)


def claimant(request, scope) -> bool:
    """Whether to offer "My claims", without a query for most users: active volunteers are known
    from the scope; users holding no capability (partner-unit contacts, paired cadres) may claim;
    only users linked to a resident, who may be party members, are looked up, once per request."""
    if scope.own_volunteer_ids() or not any(dict.values(scope.areas)):
        return True
    if not request.user.resident_id:
        return False
    return per_request(request, "wish_claimant", lambda: bool(claimant_identities(request.user)))


def figures(request, scope) -> bool:
    """Staff and town and county admins; a grid worker's or resident's wishes are not figures."""
    return bool(scope.is_superuser or scope.community_ids(Cap.WISHES_VIEW))


def register() -> None:
    register_section(
        "wishes",
        order=40,
        title=_("Wish wall"),
        items=[
            MenuItem(_("Wishes"), "wishes:wish-list", has(Cap.WISHES_VIEW)),
            MenuItem(_("Post a wish"), "wishes:wish-create", has(Cap.WISHES_RECORD)),
            MenuItem(_("The public wall"), "wishes:wall", one_wall, args=the_wall),
            MenuItem(_("My claims"), "wishes:my-claims", claimant),
            MenuItem(_("Deliveries"), "wishes:deliveries", volunteer_active),
            MenuItem(_("Wall settings"), "wishes:wish-settings", has(Cap.WISHES_MANAGE)),
            MenuItem(_("Wish figures"), "wishes:figures", figures),
        ],
    )
