"""Input and output shapes of the activities API. Volunteers appear by name and number only."""

import datetime as dt
from enum import StrEnum
from typing import Any

from django.urls import reverse
from ninja import Field, Schema

from activities.models import Activity, ActivityPhoto, ActivitySeries, SignUp
from core.api import Id, InputSchema
from core.validators import LONG_TEXT

Kind = Activity.Kind
Status = Activity.Status

# Both models name their choices "Status"; the schema names its components after the enum, so each
# gets its own name here, or one would be documented with the other's values.
ActivityStatus = StrEnum("ActivityStatus", [(m.name, m.value) for m in Activity.Status])
SignUpStatus = StrEnum("SignUpStatus", [(m.name, m.value) for m in SignUp.Status])


class ActivityFilter(InputSchema):
    status: ActivityStatus | None = Field(None, description="Only activities in this status.")
    community: int | None = Field(None, ge=1, le=2**31 - 1, description="Only activities of this community (id).")


class ActivityOut(Schema):
    id: int
    community_id: int
    title: str
    kind: Activity.Kind
    custom_kind: str
    team_id: int | None
    place_id: int | None
    place_text: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    places: int
    confirmed_count: int
    signup_deadline: dt.datetime
    eligibility: Activity.Eligibility
    requires_approval: bool
    status: ActivityStatus
    cancel_reason: str


class ActivityDetail(ActivityOut):
    target: str
    description: str
    residents_served: int
    series_id: int | None
    cover_url: str | None = Field(
        None, description="The cover picture (GET it with the same authentication); null without a cover."
    )

    @staticmethod
    def resolve_cover_url(obj: Activity) -> str | None:
        return reverse("api:activity_cover_file", kwargs={"activity_id": obj.pk}) if obj.cover else None


class ActivityIn(InputSchema):
    community: Id
    title: str = Field(max_length=100)
    kind: Activity.Kind
    starts_at: dt.datetime
    ends_at: dt.datetime
    places: int = Field(ge=1, le=10_000)
    signup_deadline: dt.datetime
    team: Id | None = None
    eligibility: Activity.Eligibility = Activity.Eligibility.ANYONE
    place: Id | None = Field(None, description="A compound or building of the community (id).")
    place_text: str = Field("", max_length=100)
    custom_kind: str = Field("", max_length=40)
    requires_approval: bool = False
    target: str = Field("", max_length=200)
    description: str = Field("", max_length=LONG_TEXT)


class ActivityPatch(InputSchema):
    """Only the fields given are changed; volunteers signed up to a published activity are told."""

    title: str | None = Field(None, max_length=100)
    kind: Activity.Kind | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    places: int | None = Field(None, ge=1, le=10_000)
    signup_deadline: dt.datetime | None = None
    place_text: str | None = Field(None, max_length=100)
    custom_kind: str | None = Field(None, max_length=40)
    requires_approval: bool | None = None
    target: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=LONG_TEXT)


class ActivityCancelIn(InputSchema):
    reason: str = Field(max_length=200, description="Why the activity is cancelled; everyone signed up reads it.")


class ActivitySignUpIn(InputSchema):
    volunteer: Id | None = Field(
        None, description="Staff and leaders may sign up a volunteer of the community (id); omit to sign yourself up."
    )


class SignUpOut(Schema):
    id: int
    activity_id: int
    volunteer_id: int
    volunteer_name: str = Field(alias="volunteer.name")
    volunteer_number: str = Field(alias="volunteer.number")
    status: SignUpStatus
    created_at: dt.datetime
    checked_in_at: dt.datetime | None
    checked_out_at: dt.datetime | None
    no_show: bool


class SignUpDecideIn(InputSchema):
    accept: bool


class CheckinTokenIn(InputSchema):
    token: str = Field(max_length=200, description="The secret in the activity's QR code.")


class CheckinTokenOut(Schema):
    token: str


class BeneficiariesIn(InputSchema):
    residents: list[Id] = []
    households: list[Id] = []
    count: int | None = Field(
        None, ge=0, le=100_000, description="Residents served, as a plain number when they are not listed."
    )


class SeriesIn(InputSchema):
    """A recurring activity: the activity's fields, the weekdays and times, and until when it repeats."""

    community: Id
    title: str = Field(max_length=100)
    kind: Activity.Kind
    weekdays: list[int] = Field(description="The weekdays it takes place on: 0 Monday .. 6 Sunday.")
    start_time: dt.time
    end_time: dt.time
    first_date: dt.date = Field(description="Today or later.")
    last_date: dt.date | None = Field(None, description="Give the last date or `count`, not both.")
    count: int | None = Field(None, description="The number of occurrences, instead of a last date.")
    deadline_hours: int = Field(2, ge=0, le=24 * 30, description="Sign-up closes this many hours before each start.")
    places: int = Field(ge=1, le=10_000)
    team: Id | None = None
    eligibility: Activity.Eligibility = Activity.Eligibility.ANYONE
    place: Id | None = Field(None, description="A compound or building of the community (id).")
    place_text: str = Field("", max_length=100)
    custom_kind: str = Field("", max_length=40)
    requires_approval: bool = False
    target: str = Field("", max_length=200)
    description: str = Field("", max_length=LONG_TEXT)
    partner_units: list[Id] = []
    required_skills: list[Id] = []


class SeriesOut(Schema):
    id: int
    community_id: int
    title: str
    weekdays: list[int] = Field(description="0 Monday .. 6 Sunday.")
    start_time: dt.time
    end_time: dt.time
    first_date: dt.date
    last_date: dt.date
    occurrences: list[ActivityOut] = Field(description="The occurrences the caller sees, in date order.")

    @staticmethod
    def resolve_weekdays(obj: ActivitySeries) -> list[int]:
        return obj.weekday_numbers()

    @staticmethod
    def resolve_occurrences(obj: Any) -> list[Activity]:
        return obj.seen_occurrences


class PhotoOut(Schema):
    id: int
    activity_id: int
    caption: str
    position: int
    uploaded_at: dt.datetime
    url: str = Field(description="The picture (GET it with the same authentication).")

    @staticmethod
    def resolve_url(obj: ActivityPhoto) -> str:
        return reverse("api:activity_photo_file", kwargs={"activity_id": obj.activity_id, "photo_id": obj.pk})
