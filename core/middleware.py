from django.conf import settings


def client_origin(request) -> str:
    """The client's address. X-Forwarded-For is believed only behind the TLS proxy the deployment declares."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and settings.SECURE_PROXY_SSL_HEADER:
        return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def audit_origin_middleware(get_response):
    """Put the client address on the user so services can log where a change came from."""

    def middleware(request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user.audit_origin = client_origin(request)
        return get_response(request)

    return middleware
