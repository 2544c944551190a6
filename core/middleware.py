from django.conf import settings


def audit_origin_middleware(get_response):
    """Put the client address on the user so services can log where a change came from.

    X-Forwarded-For is believed only behind the TLS proxy the deployment declares."""

    def middleware(request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
            user.audit_origin = (
                forwarded.split(",")[0].strip() if forwarded and settings.SECURE_PROXY_SSL_HEADER else ""
            ) or request.META.get("REMOTE_ADDR", "")
        return get_response(request)

    return middleware
