"""What every app's JSON API shares: the error bodies, the pages of a list, and how a service's
refusal becomes an answer.

Out of scope answers 404 exactly as a missing id; in scope but read-only answers 403; a
service's ValidationError answers 422 with the same translated messages the pages show. The
schema classes keep their names: they are the OpenAPI components every app's answers refer to.
"""

from functools import wraps
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as InputError
from ninja.pagination import LimitOffsetPagination


class Pages(LimitOffsetPagination):
    """limit/offset pages: 50 rows unless asked for more, never more than 200."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=200, description="Rows per page, 1 to 200.")
        offset: int = Field(0, ge=0, description="Rows to skip.")

    def __init__(self, **kwargs):
        super().__init__(max_limit=200, **kwargs)


class ErrorOut(Schema):
    detail: str


class FieldError(Schema):
    field: str | None = Field(description="The input field at fault; null when the error is about the whole request.")
    message: str


class FieldErrorsOut(Schema):
    detail: list[FieldError]


# The answers most operations share besides their 200.
READ = {401: ErrorOut, 404: ErrorOut}
WRITE = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: FieldErrorsOut}


def field_errors(exc: ValidationError) -> list[dict[str, Any]]:
    """A ValidationError as [{"field", "message"}]; field is null for whole-request errors."""
    if not hasattr(exc, "error_dict"):
        return [{"field": None, "message": m} for m in exc.messages]
    return [
        {"field": None if field == NON_FIELD_ERRORS else field, "message": message}
        for field, messages in exc.message_dict.items()
        for message in messages
    ]


def answer_refusals(view):
    """Services and access helpers refuse with Django exceptions; answer them as the API's errors.

    Each app's router takes it with `router.add_decorator(answer_refusals)`."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            # A service's own refusal says why; a bare one from an access helper gets the general message.
            raise HttpError(403, str(exc) or _("You can see this record but you may not change it.")) from None
        except ValidationError as exc:
            raise InputError(field_errors(exc)) from None

    return wrapper
