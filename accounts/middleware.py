from django.shortcuts import redirect
from django.urls import reverse


def password_change_middleware(get_response):
    """An account made by staff with a generated password must set its own before anything else."""

    def middleware(request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse("accounts:password-change"), reverse("accounts:logout"), reverse("set_language")}
            if request.path not in allowed and not request.path.startswith(("/static/", "/api/")):
                return redirect("accounts:password-change")
        return get_response(request)

    return middleware
