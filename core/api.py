"""What every app's JSON API shares: the error bodies, the pages of a list, and how a service's
refusal becomes an answer.

Out of scope answers 404 exactly as a missing id; in scope but read-only answers 403; a
service's ValidationError answers 422 with the same translated messages the pages show. The
schema classes keep their names: they are the OpenAPI components every app's answers refer to.
"""

from functools import wraps
from typing import Annotated, Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as InputError
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator, field_validator

from core.validators import HOSTILE_MESSAGE, MAX_ID, NUL_MESSAGE, has_hostile_characters


class Pages(LimitOffsetPagination):
    """limit/offset pages: 50 rows unless asked for more, never more than 200."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=200, description="Rows per page, 1 to 200.")
        offset: int = Field(0, ge=0, le=MAX_ID, description="Rows to skip.")

    def __init__(self, **kwargs):
        super().__init__(max_limit=200, **kwargs)


class InputSchema(Schema):
    """The base of every request body: no NUL, control or text-direction characters in any text,
    refused with a 422 that names the field, as a form's field error would."""

    @field_validator("*", mode="after", check_fields=False)
    @classmethod
    def _no_hostile_characters(cls, value: Any) -> Any:
        texts = value if isinstance(value, list) else [value]
        for text in texts:
            if isinstance(text, str) and has_hostile_characters(text):
                raise ValueError(str(NUL_MESSAGE if "\x00" in text else HOSTILE_MESSAGE))
        return value


def refuse_hostile(value: str) -> str:
    if has_hostile_characters(value):
        raise ValueError(str(NUL_MESSAGE if "\x00" in value else HOSTILE_MESSAGE))
    return value


# InputSchema's check, for a text parameter outside one (a multipart form field beside a file).
FormText = Annotated[str, AfterValidator(refuse_hostile)]

# A record's id in a path, a filter or a body: a bigint, so both databases refuse a larger one alike.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


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


def _input_message(error: dict[str, Any]) -> str:
    """A request-validation error in the words (and the language) of Django's own form errors."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])  # a validator's own translated message
    if kind == "string_too_long":
        limit = int(ctx.get("max_length", 0))
        return ngettext(
            "Shorten this to at most %(limit)d character.", "Shorten this to at most %(limit)d characters.", limit
        ) % {"limit": limit}
    if kind in ("less_than_equal", "less_than"):
        return _("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("le", ctx.get("lt"))
        }
    if kind in ("greater_than_equal", "greater_than"):
        return _("Ensure this value is greater than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("ge", ctx.get("gt"))
        }
    return _("This field is required.") if kind == "missing" else _("Enter a valid value.")


def input_field_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Request-validation errors as the API's FieldErrorsOut rows: a service's refusals already are;
    a schema's name the field by where it is in the body, the query or the path."""
    rows = []
    for error in errors:
        if "field" in error and "message" in error:
            rows.append({"field": error["field"], "message": error["message"]})
            continue
        where, *names = error.get("loc") or ("body",)
        if where in ("body", "form", "file") and len(names) > 1:
            names = names[1:]  # the view's parameter that holds a schema, not a field of it
        field = ".".join(str(part) for part in names) or None
        rows.append({"field": field, "message": _input_message(error)})
    return rows


def answer_input_errors(api: Any, request: HttpRequest, exc: InputError) -> HttpResponse:
    """The NinjaAPI's handler of request-validation errors: 422 with FieldErrorsOut, as a service's
    refusal answers, whether a schema or a service refused."""
    return api.create_response(request, {"detail": input_field_errors(exc.errors)}, status=422)


def declare_input_refusals(schema: dict[str, Any]) -> dict[str, Any]:
    """Declare the 422 every operation that reads a parameter or a body may answer: a value its
    schema refuses (out of range, too long, hostile characters, a NUL) is answered so."""
    refused = {
        "description": "Unprocessable Content",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FieldErrorsOut"}}},
    }
    for operations in schema["paths"].values():
        for operation in operations.values():
            if operation.get("parameters") or operation.get("requestBody"):
                operation["responses"].setdefault(422, refused)
    return schema
