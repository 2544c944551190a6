"""Answers kept by no browser or proxy: most pages show someone's personal data."""

from django.conf import settings


def no_store_middleware(get_response):
    """Nothing the site answers is kept by a browser or a proxy, unless its view says otherwise.

    Most pages show someone's personal data, so one rule for every answer rather than a decorator
    on each view that may be forgotten: a shared computer in a community office must not show the
    next user a resident's page from its cache or its back button. A view that chose its own
    caching keeps it (a scoped photo is `private`: the viewer's own browser only). Static files
    are served apart and cached as usual.
    """

    def middleware(request):
        response = get_response(request)
        if request.path.startswith(settings.STATIC_URL):
            return response
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        if "no-store" in response["Cache-Control"] and not response.has_header("Pragma"):
            response["Pragma"] = "no-cache"  # for HTTP/1.0 proxies, which know no Cache-Control
        return response

    return middleware
