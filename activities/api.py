"""The activities JSON API at /api/v1/activities/: the pages' services and scoping, as JSON.

As in the registry's API: outside what the caller sees answers 404 exactly as a missing id, seen
but not managed 403, and a service's ValidationError 422 with the messages the pages show.
Records named in a body (team, place, volunteer, residents) are looked up in the caller's scope
and refused as a field error when unseen. Pictures (the cover, summary photos) are uploaded as
multipart/form-data and read back, with the same authentication, from the URL the answers give.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema, UploadedFile
from ninja.pagination import paginate
from ninja.params.functions import Form as FormField
from ninja.responses import Status

from activities import queries, services
from activities.api_schemas import (
    ActivityCancelIn,
    ActivityDetail,
    ActivityFilter,
    ActivityIn,
    ActivityOut,
    ActivityPatch,
    ActivitySignUpIn,
    BeneficiariesIn,
    CheckinTokenIn,
    CheckinTokenOut,
    PhotoOut,
    SeriesIn,
    SeriesOut,
    SignUpDecideIn,
    SignUpOut,
)
from activities.forms import SeriesForm, SummaryPhotosForm
from activities.models import Activity, ActivitySeries, SignUp
from core.api import READ, WRITE, ErrorOut, FormText, Id, Pages, answer_refusals
from core.uploads import image_response
from registry import queries as registry_queries
from registry.models import OrgUnit
from volunteering.models import Volunteer
from volunteering.queries import own_active_volunteer

router = Router(tags=["activities"])
router.add_decorator(answer_refusals)

READ_RESTRICTED = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
IMAGE = {
    "responses": {
        200: {"description": "The picture.", "content": {"image/*": {"schema": {"type": "string", "format": "binary"}}}}
    }
}


# --- scoped fetching ----------------------------------------------------------------------------


def _community(user: Any, pk: int) -> OrgUnit:
    seen = OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNITY).for_user(user, queries.VIEW)
    community = seen.filter(pk=pk).first()
    if community is None:
        raise ValidationError({"community": _("Choose a community from the list.")})
    return community


def _one(queryset: Any, pk: int | None, field: str, message: str) -> Any:
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: message})
    return found


def _signup(user: Any, activity: Activity, signup_id: int) -> SignUp:
    """Your own sign-up, or any of an activity you manage; 403 when only read, 404 when unseen."""
    signup = activity.signups.select_related("volunteer").filter(pk=signup_id).first()
    if signup is None:
        raise Http404
    if signup.volunteer.user_id == user.pk or queries.can_manage(user, activity):
        return signup
    if queries.activities_for_user(user, queries.VIEW).filter(pk=activity.pk).exists():
        raise PermissionDenied
    raise Http404


def _form_data(data: Schema) -> dict[str, Any]:
    """A JSON body as the page's form data, so that the API is validated by the page's form."""
    out: dict[str, Any] = {}
    for name, value in data.dict().items():
        if value is None or value is False:
            continue  # an empty field, an unticked box
        out[name] = value.isoformat() if isinstance(value, dt.date | dt.time) else value
    return out


def _valid(form: Any) -> Any:
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form


def _own_signup(user: Any, activity: Activity) -> SignUp:
    volunteer = own_active_volunteer(user)
    signup = queries.live_signup(activity, volunteer)
    if signup is None:
        raise ValidationError(_("You have not signed up for this activity."))
    return signup


# --- recurring activities (before "/{activity_id}", which would take "/series" for an id) -------------


def _series_out(user: Any, series: ActivitySeries) -> ActivitySeries:
    series.seen_occurrences = list(queries.series_occurrences(user, series))
    return series


@router.post("/series", response={201: SeriesOut, **WRITE})
def create_series(request: HttpRequest, data: SeriesIn):
    """A recurring activity: a draft occurrence on each chosen weekday, each then changed on its own."""
    user = request.user
    if not queries.organisable_communities(user).exists():
        raise PermissionDenied(_("Only the community staff or a team's leader can organise activities."))
    form = _valid(SeriesForm(user, _form_data(data)))
    return Status(201, _series_out(user, services.create_series(by=user, **form.service_kwargs())))


@router.get("/series/{series_id}", response={200: SeriesOut, **READ})
def get_series(request: HttpRequest, series_id: Id):
    return _series_out(request.user, queries.get_series_for_user(request.user, series_id))


# --- activities -------------------------------------------------------------------------------


@router.get("/", response={200: list[ActivityOut], 401: ErrorOut})
@paginate(Pages)
def list_activities(request: HttpRequest, filters: Query[ActivityFilter]):
    activities = queries.visible_activities(request.user).order_by("-starts_at", "-pk")
    if filters.status:
        activities = activities.filter(status=filters.status)
    if filters.community:
        activities = activities.filter(community_id=filters.community)
    return activities


@router.get("/{activity_id}", response={200: ActivityDetail, **READ})
def get_activity(request: HttpRequest, activity_id: Id):
    return queries.get_activity_for_user(request.user, activity_id)


@router.post("/", response={201: ActivityDetail, **WRITE})
def create_activity(request: HttpRequest, data: ActivityIn):
    user = request.user
    community = _community(user, data.community)
    fields = data.dict(exclude={"community", "team", "place"})
    activity = services.create_activity(
        by=user,
        community=community,
        team=_one(queries.organisable_teams(user), data.team, "team", _("Choose a team from the list.")),
        place=_one(
            queries.places_of(OrgUnit.objects.filter(pk=community.pk)),
            data.place,
            "place",
            _("Choose a compound or building of this community."),
        ),
        **fields,
    )
    return Status(201, activity)


@router.patch("/{activity_id}", response={200: ActivityDetail, **WRITE})
def update_activity(request: HttpRequest, activity_id: Id, data: ActivityPatch):
    activity = queries.get_activity_for_user(request.user, activity_id, manage=True)
    changes = data.dict(exclude_unset=True)
    nulls = sorted(k for k, v in changes.items() if v is None)
    if nulls:  # null is not "no change": say so rather than fail on the column
        raise ValidationError(
            dict.fromkeys(nulls, _("Leave the field out to keep it; it cannot be emptied with null."))
        )
    return services.update_activity(by=request.user, activity=activity, **changes)


@router.post("/{activity_id}/publish", response={200: ActivityDetail, **WRITE})
def publish_activity(request: HttpRequest, activity_id: Id):
    activity = queries.get_activity_for_user(request.user, activity_id, manage=True)
    return services.publish_activity(by=request.user, activity=activity)


@router.post("/{activity_id}/cancel", response={200: ActivityDetail, **WRITE})
def cancel_activity(request: HttpRequest, activity_id: Id, data: ActivityCancelIn):
    activity = queries.get_activity_for_user(request.user, activity_id, manage=True)
    return services.cancel_activity(by=request.user, activity=activity, reason=data.reason)


@router.get("/{activity_id}/checkin-token", response={200: CheckinTokenOut, **WRITE})
def checkin_token(request: HttpRequest, activity_id: Id):
    """The secret the leader shows as a QR code for volunteers to check in and out."""
    activity = queries.get_activity_for_user(request.user, activity_id, manage=True)
    return {"token": services.checkin_token(activity)}


@router.post("/{activity_id}/beneficiaries", response={200: ActivityDetail, **WRITE})
def record_beneficiaries(request: HttpRequest, activity_id: Id, data: BeneficiariesIn):
    user = request.user
    activity = queries.get_activity_for_user(user, activity_id, manage=True)
    residents = list(registry_queries.residents_for_user(user).filter(pk__in=data.residents))
    if len(residents) != len(set(data.residents)):
        raise ValidationError({"residents": _("Choose residents from the registry you can see.")})
    households = list(registry_queries.households_for_user(user).filter(pk__in=data.households))
    if len(households) != len(set(data.households)):
        raise ValidationError({"households": _("Choose households from the registry you can see.")})
    return services.record_beneficiaries(
        by=user, activity=activity, residents=residents, households=households, count=data.count
    )


# --- sign-ups -----------------------------------------------------------------------------------


@router.get("/{activity_id}/signups", response={200: list[SignUpOut], **WRITE})
def list_signups(request: HttpRequest, activity_id: Id):
    """The roster, for those who manage the activity."""
    activity = queries.get_activity_for_user(request.user, activity_id, manage=True)
    return activity.signups.select_related("volunteer").order_by("pk")


@router.post("/{activity_id}/signups", response={201: SignUpOut, **WRITE})
def sign_up(request: HttpRequest, activity_id: Id, data: ActivitySignUpIn):
    user = request.user
    own = own_active_volunteer(user)  # read once: for what the user sees, and who signs up
    activity = queries.get_activity_for_user(user, activity_id, volunteer=own)
    if data.volunteer is None:
        volunteer = own
        if volunteer is None:
            raise ValidationError({"volunteer": _("You are not a registered volunteer; sign up first.")})
    else:
        if not queries.can_manage(user, activity):
            raise PermissionDenied(_("Only the community staff or the organising team's leader can sign others up."))
        volunteer = _one(
            Volunteer.objects.filter(community_id=activity.community_id),
            data.volunteer,
            "volunteer",
            _("Choose a volunteer of this community."),
        )
    return Status(201, services.sign_up(by=user, activity=activity, volunteer=volunteer))


@router.post("/{activity_id}/signups/{signup_id}/cancel", response={200: SignUpOut, **WRITE})
def cancel_signup(request: HttpRequest, activity_id: Id, signup_id: Id):
    activity = queries.get_activity_for_user(request.user, activity_id)
    signup = _signup(request.user, activity, signup_id)
    return services.cancel_signup(by=request.user, signup=signup)


@router.post("/{activity_id}/signups/{signup_id}/decide", response={200: SignUpOut, **WRITE})
def decide_signup(request: HttpRequest, activity_id: Id, signup_id: Id, data: SignUpDecideIn):
    signup = queries.get_signup_for_manager(request.user, activity_id, signup_id)[1]
    return services.decide_signup(by=request.user, signup=signup, accept=data.accept)


@router.post("/{activity_id}/check-in", response={200: SignUpOut, **WRITE})
def check_in(request: HttpRequest, activity_id: Id, data: CheckinTokenIn):
    """The volunteer checks themself in with the token from the QR code."""
    activity = queries.get_activity_for_user(request.user, activity_id)
    signup = _own_signup(request.user, activity)
    return services.check_in(by=request.user, signup=signup, token=data.token)


@router.post("/{activity_id}/check-out", response={200: SignUpOut, **WRITE})
def check_out(request: HttpRequest, activity_id: Id, data: CheckinTokenIn):
    activity = queries.get_activity_for_user(request.user, activity_id)
    signup = _own_signup(request.user, activity)
    return services.check_out(by=request.user, signup=signup, token=data.token)


@router.post("/{activity_id}/signups/{signup_id}/check-in", response={200: SignUpOut, **WRITE})
def check_in_by_hand(request: HttpRequest, activity_id: Id, signup_id: Id):
    """The leader checks a volunteer in by hand, without the QR code."""
    signup = queries.get_signup_for_manager(request.user, activity_id, signup_id)[1]
    return services.check_in(by=request.user, signup=signup)


@router.post("/{activity_id}/signups/{signup_id}/check-out", response={200: SignUpOut, **WRITE})
def check_out_by_hand(request: HttpRequest, activity_id: Id, signup_id: Id):
    """The leader checks a volunteer out by hand; the hours go to the volunteer's ledger."""
    signup = queries.get_signup_for_manager(request.user, activity_id, signup_id)[1]
    return services.check_out(by=request.user, signup=signup)


@router.post("/{activity_id}/signups/{signup_id}/no-show", response={200: SignUpOut, **WRITE})
def mark_no_show(request: HttpRequest, activity_id: Id, signup_id: Id):
    """The leader marks a confirmed volunteer who did not come."""
    signup = queries.get_signup_for_manager(request.user, activity_id, signup_id)[1]
    return services.mark_no_show(by=request.user, signup=signup)


# --- the cover --------------------------------------------------------------------------------------


@router.get("/{activity_id}/cover", response=READ, url_name="activity_cover_file", openapi_extra=IMAGE)
def get_cover(request: HttpRequest, activity_id: Id):
    return image_response(queries.get_activity_for_user(request.user, activity_id).cover)


@router.post("/{activity_id}/cover", response={200: ActivityDetail, **WRITE})
def set_cover(request: HttpRequest, activity_id: Id, cover: File[UploadedFile]):
    """Set or replace the cover: a JPEG or PNG picture of at most 5 MB."""
    activity = queries.get_activity_for_user(request.user, activity_id, manage=True)
    return services.update_activity(by=request.user, activity=activity, cover=cover)


@router.delete("/{activity_id}/cover", response={200: ActivityDetail, **WRITE})
def remove_cover(request: HttpRequest, activity_id: Id):
    activity = queries.get_activity_for_user(request.user, activity_id, manage=True)
    return services.update_activity(by=request.user, activity=activity, cover=False)


# --- summary photos -------------------------------------------------------------------------------


@router.get("/{activity_id}/photos", response={200: list[PhotoOut], **READ_RESTRICTED})
def list_photos(request: HttpRequest, activity_id: Id):
    """The summary's photos, for its readers (public on the community's page once it is published)."""
    return queries.summary_photos(queries.get_summary_activity_for_user(request.user, activity_id))


CAPTION = FormField("", max_length=200)  # the caption beside the uploaded photos, as long as its column


@router.post("/{activity_id}/photos", response={201: list[PhotoOut], **WRITE})
def add_photos(
    request: HttpRequest,
    activity_id: Id,
    photos: File[list[UploadedFile]],
    caption: FormText = CAPTION,
):
    """Add photos to the summary (at most 12 an activity, each a JPEG or PNG of at most 5 MB). They are
    public once the summary is published: no residents' faces without their consent."""
    activity = queries.get_summary_activity_for_user(request.user, activity_id, manage=True)
    form = _valid(SummaryPhotosForm(request.POST, request.FILES))
    return Status(201, services.add_summary_photos(by=request.user, activity=activity, **form.service_kwargs()))


@router.get(
    "/{activity_id}/photos/{photo_id}", response=READ_RESTRICTED, url_name="activity_photo_file", openapi_extra=IMAGE
)
def get_photo(request: HttpRequest, activity_id: Id, photo_id: Id):
    activity = queries.get_summary_activity_for_user(request.user, activity_id)
    return image_response(queries.get_summary_photo(activity, photo_id).image)


@router.delete("/{activity_id}/photos/{photo_id}", response={204: None, **WRITE})
def remove_photo(request: HttpRequest, activity_id: Id, photo_id: Id):
    activity = queries.get_summary_activity_for_user(request.user, activity_id, manage=True)
    services.remove_summary_photo(by=request.user, photo=queries.get_summary_photo(activity, photo_id))
    return Status(204, None)
