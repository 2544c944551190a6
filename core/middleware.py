from core.net import client_address


def audit_origin_middleware(get_response):
    """Put the client address on the user so services can log where a change came from."""

    def middleware(request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user.audit_origin = client_address(request)
        return get_response(request)

    return middleware
