"""Input and output shapes of the activities API. Volunteers appear by name and number only."""

import datetime as dt

from ninja import Field, Schema

from activities.models import Activity, SignUp

Kind = Activity.Kind
Status = Activity.Status


class ActivityFilter(Schema):
    status: Activity.Status | None = Field(None, description="Only activities in this status.")
    community: int | None = Field(None, description="Only activities of this community (id).")


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
    status: Activity.Status
    cancel_reason: str


class ActivityDetail(ActivityOut):
    target: str
    description: str
    residents_served: int
    series_id: int | None


class ActivityIn(Schema):
    community: int
    title: str
    kind: Activity.Kind
    starts_at: dt.datetime
    ends_at: dt.datetime
    places: int = Field(ge=1)
    signup_deadline: dt.datetime
    team: int | None = None
    eligibility: Activity.Eligibility = Activity.Eligibility.ANYONE
    place: int | None = Field(None, description="A compound or building of the community (id).")
    place_text: str = ""
    custom_kind: str = ""
    requires_approval: bool = False
    target: str = ""
    description: str = ""


class ActivityPatch(Schema):
    """Only the fields given are changed; volunteers signed up to a published activity are told."""

    title: str | None = None
    kind: Activity.Kind | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    places: int | None = Field(None, ge=1)
    signup_deadline: dt.datetime | None = None
    place_text: str | None = None
    custom_kind: str | None = None
    requires_approval: bool | None = None
    target: str | None = None
    description: str | None = None


class ActivityCancelIn(Schema):
    reason: str = Field(description="Why the activity is cancelled; everyone signed up reads it.")


class ActivitySignUpIn(Schema):
    volunteer: int | None = Field(
        None, description="Staff and leaders may sign up a volunteer of the community (id); omit to sign yourself up."
    )


class SignUpOut(Schema):
    id: int
    activity_id: int
    volunteer_id: int
    volunteer_name: str = Field(alias="volunteer.name")
    volunteer_number: str = Field(alias="volunteer.number")
    status: SignUp.Status
    created_at: dt.datetime
    checked_in_at: dt.datetime | None
    checked_out_at: dt.datetime | None
    no_show: bool


class SignUpDecideIn(Schema):
    accept: bool


class CheckinTokenIn(Schema):
    token: str = Field(description="The secret in the activity's QR code.")


class CheckinTokenOut(Schema):
    token: str


class BeneficiariesIn(Schema):
    residents: list[int] = []
    households: list[int] = []
    count: int | None = Field(None, description="Residents served, as a plain number when they are not listed.")
