"""The JSON API: one NinjaAPI at /api/v1/, token or session authentication."""

from functools import partial

from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import ValidationError as InputError
from ninja.security import HttpBearer, django_auth

from accounts.models import ApiToken
from core.api import answer_input_errors, declare_input_refusals
from core.net import client_address


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        row = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if row is None:
            return None
        # Touch last_used_at at most once a minute: a busy client must not write on every call.
        now = timezone.now()
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        row.user.audit_origin = client_address(request)  # the middleware ran before the token was read
        request.user = row.user
        return row.user


class LinliAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        return declare_input_refusals(super().get_openapi_schema(**kwargs))


api = LinliAPI(
    title="Linli API",
    version="1",
    description="Community registry, volunteering and neighbourhood governance. Every answer is scoped to the caller's roles.",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
    docs_url="/docs",
)
# A schema's refusal answers in the same shape and language as a service's (core.api.FieldErrorsOut).
api.add_exception_handler(InputError, partial(answer_input_errors, api))

from activities.api import router as activities_router  # noqa: E402
from registry.api import router as registry_router  # noqa: E402
from volunteering.api import router as volunteering_router  # noqa: E402
from wishes.api import router as wishes_router  # noqa: E402
from wishes.api_figures import router as wish_figures_router  # noqa: E402

api.add_router("/registry/", registry_router)
api.add_router("/volunteering/", volunteering_router)
api.add_router("/activities/", activities_router)
api.add_router("/wishes/figures/", wish_figures_router)
api.add_router("/wishes/", wishes_router)
