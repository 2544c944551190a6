"""The server error page: self-contained, so it shows even when the database or templates fail."""

from csp.decorators import csp_exempt
from django.http import HttpRequest, HttpResponse
from django.template import loader


@csp_exempt()
def server_error(request: HttpRequest) -> HttpResponse:
    """500.html carries its own inline styles (it loads nothing); the site's CSP would drop them."""
    return HttpResponse(loader.get_template("500.html").render({}), status=500)
