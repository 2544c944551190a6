from core.menu import sections_for


def navigation(request):
    """The left menu: the sections and entries the apps registered (core.menu)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_sections": sections_for(request)}
