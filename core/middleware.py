from django.http import HttpResponseBadRequest, JsonResponse

from core.net import client_address
from core.validators import NUL_MESSAGE


def audit_origin_middleware(get_response):
    """Put the client address on the user so services can log where a change came from."""

    def middleware(request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user.audit_origin = client_address(request)
        return get_response(request)

    return middleware


def nul_refusal_middleware(get_response):
    """Refuse a NUL character in the path, the query string or a form post: a page answers 400, the
    API 422 as for any input it refuses.

    PostgreSQL refuses NUL in text where SQLite stores it: refused here, both databases answer alike
    and no view has to think of it. JSON bodies are the API schemas' to check (core.api.InputSchema).
    """

    def middleware(request):
        if _holds_nul(request):
            if request.path.startswith("/api/"):  # the API's answer to any refused input (core.api)
                return JsonResponse({"detail": [{"field": None, "message": str(NUL_MESSAGE)}]}, status=422)
            return HttpResponseBadRequest(str(NUL_MESSAGE), content_type="text/plain; charset=utf-8")
        return get_response(request)

    return middleware


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _holds_nul(request) -> bool:
    if "\x00" in request.path or _any_nul(request.GET):
        return True
    return request.method == "POST" and request.content_type in FORM_TYPES and _any_nul(request.POST)


def _any_nul(data) -> bool:
    return any("\x00" in key or "\x00" in value for key, values in data.lists() for value in values)
