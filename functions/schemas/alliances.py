"""Service alliances, their activities and signups."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, StringConstraints

from functions.schemas.common import (
    LINE,
    TEXT,
    Id,
    LocalMoment,
    PageOut,
    PageQuery,
    Schema,
    StrictBody,
    Timestamp,
)
from youthvoice.domain.alliances import (
    CAPACITY_MAX,
    CONTACT_MAX,
    DESCRIPTION_MAX,
    LOCATION_MAX,
    MEMBERS_MAX,
    NAME_MAX,
    NAME_MIN,
    NOTE_MAX,
    ORG_MAX,
    PARTY_MAX,
    SOURCE_QUESTIONS_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    TITLE_MIN,
    TOPICS_MAX,
    ActivityStatus,
    SignupState,
    Stage,
    Unit,
)
from youthvoice.domain.identity import Viewer
from youthvoice.domain.people import shows_user_id, young_person_name

if TYPE_CHECKING:
    from youthvoice.domain.alliances import Activity, Alliance, Member, Signup
    from youthvoice.services.alliances import Figures

Name = Annotated[str, LINE, StringConstraints(min_length=NAME_MIN, max_length=NAME_MAX)]
Topics = Annotated[list[Id], Field(min_length=1, max_length=TOPICS_MAX)]
UserIds = Annotated[list[Id], Field(max_length=MEMBERS_MAX)]
Title = Annotated[str, LINE, StringConstraints(min_length=TITLE_MIN, max_length=TITLE_MAX)]
Description = Annotated[str, TEXT, StringConstraints(max_length=DESCRIPTION_MAX)]
Location = Annotated[str, LINE, StringConstraints(min_length=1, max_length=LOCATION_MAX)]
Places = Annotated[int, Field(ge=0, le=CAPACITY_MAX)]


class MemberIn(StrictBody):
    org: Annotated[str, LINE, StringConstraints(min_length=1, max_length=ORG_MAX)]
    contact: Annotated[str, LINE, StringConstraints(min_length=1, max_length=CONTACT_MAX)]


Members = Annotated[list[MemberIn], Field(max_length=MEMBERS_MAX)]


class AllianceIn(StrictBody):
    name: Name
    platform_id: Id
    topics: Topics
    members: Members = Field(default_factory=list)
    member_user_ids: UserIds = Field(
        default_factory=list, description="users who then act for the alliance"
    )


class AlliancePatchIn(StrictBody):
    name: Name | None = None
    topics: Topics | None = None
    members: Members | None = None
    member_user_ids: UserIds | None = None


class AllianceQuery(PageQuery):
    platform_id: Id | None = Field(default=None, description="its subtree; the province if absent")
    topic: Id | None = None


class MemberOut(Schema):
    org: str
    contact: str

    @classmethod
    def of(cls, member: Member) -> MemberOut:
        return cls(org=member.org, contact=member.contact)


class ActivityFiguresOut(Schema):
    activities: int = Field(description="activities held (closed out)")
    participants: int = Field(description="people checked in at them")
    signups: int = Field(description="confirmed signups they had")

    @classmethod
    def of(cls, figures: Figures) -> ActivityFiguresOut:
        return cls(
            activities=figures.activities,
            participants=figures.participants,
            signups=figures.signups,
        )


class AllianceOut(Schema):
    id: str
    name: str
    platform_id: str
    topics: list[str]
    members: list[MemberOut]
    member_user_ids: list[str] = Field(
        description="the users who act for it, as far as the caller may see them: all to staff "
        "of its platform or above and admins, a member their own, none to anyone else"
    )
    created_at: Timestamp
    figures: ActivityFiguresOut | None = Field(default=None, description="on GET /alliances/{id}")

    @classmethod
    def of(cls, alliance: Alliance, viewer: Viewer, figures: Figures | None = None) -> AllianceOut:
        return cls(
            id=alliance.id,
            name=alliance.name,
            platform_id=alliance.platform_id,
            topics=list(alliance.topics),
            members=[MemberOut.of(m) for m in alliance.members],
            member_user_ids=[
                user_id
                for user_id in alliance.member_user_ids
                if shows_user_id(viewer, user_id, alliance.lineage)
            ],
            created_at=alliance.created_at,
            figures=ActivityFiguresOut.of(figures) if figures else None,
        )


class AlliancePageOut(PageOut[AllianceOut]):
    """One page of alliances."""


class ActivityIn(StrictBody):
    alliance_id: Id
    title: Title
    description: Description = ""
    location: Location
    starts_at: LocalMoment
    ends_at: LocalMoment
    signup_opens_at: LocalMoment
    signup_closes_at: LocalMoment
    capacity: Annotated[int, Field(ge=1, le=CAPACITY_MAX)]
    unit: Literal["person", "couple", "team"] = Field(
        default="person", description="places one signup takes: 1, 2, or its party_size"
    )
    reserved: Places = Field(default=0, description="places staff assign by hand")
    season_id: Id | None = None
    source_question_ids: Annotated[list[Id], Field(max_length=SOURCE_QUESTIONS_MAX)] = Field(
        default_factory=list, description="the questions the activity answers offline"
    )


class ActivityPatchIn(StrictBody):
    title: Title | None = None
    description: Description | None = None
    location: Location | None = None
    starts_at: LocalMoment | None = None
    ends_at: LocalMoment | None = None
    signup_opens_at: LocalMoment | None = None
    signup_closes_at: LocalMoment | None = None
    capacity: Annotated[int, Field(ge=1, le=CAPACITY_MAX)] | None = Field(
        default=None, description="a cut never un-confirms anyone: promotion waits for places"
    )
    reserved: Places | None = None


class ActivityQuery(PageQuery):
    platform_id: Id | None = Field(default=None, description="its subtree; the province if absent")
    season_id: Id | None = None
    topic: Id | None = None
    status: ActivityStatus | None = None


class ActivityOut(Schema):
    id: str
    alliance_id: str
    platform_id: str
    topics: list[str]
    title: str
    description: str
    location: str
    starts_at: Timestamp
    ends_at: Timestamp
    signup_opens_at: Timestamp
    signup_closes_at: Timestamp
    capacity: int
    unit: Unit
    reserved: int
    season_id: str | None
    source_question_ids: list[str]
    status: ActivityStatus
    stage: Stage
    places_left: int
    waitlist: int = Field(description="signups waiting for places")
    confirmed: int = Field(description="confirmed signups")
    checked_in: int = Field(description="signups checked in (attendance)")
    participants: int = Field(description="people checked in")
    summary: str
    closed_at: Timestamp | None

    @classmethod
    def of(cls, activity: Activity, at: str) -> ActivityOut:
        return cls(
            id=activity.id,
            alliance_id=activity.alliance_id,
            platform_id=activity.platform_id,
            topics=list(activity.topics),
            title=activity.title,
            description=activity.description,
            location=activity.location,
            starts_at=activity.starts_at,
            ends_at=activity.ends_at,
            signup_opens_at=activity.signup_opens_at,
            signup_closes_at=activity.signup_closes_at,
            capacity=activity.capacity,
            unit=activity.unit,
            reserved=activity.reserved,
            season_id=activity.season_id,
            source_question_ids=list(activity.source_question_ids),
            status=activity.status(at),
            stage=activity.stage,
            places_left=activity.places_left,
            waitlist=activity.waiting,
            confirmed=activity.confirmed,
            checked_in=activity.checked_in,
            participants=activity.participants,
            summary=activity.summary,
            closed_at=activity.closed_at,
        )


class ActivityPageOut(PageOut[ActivityOut]):
    """One page of activities."""


class SignupIn(StrictBody):
    party_size: Annotated[int, Field(ge=1, le=PARTY_MAX)] | None = Field(
        default=None, description="a team's size; persons and couples may leave it out"
    )
    note: Annotated[str, TEXT, StringConstraints(max_length=NOTE_MAX)] = ""


class SignupOut(Schema):
    activity_id: str
    user_id: str
    name: str = Field(description="how the young person is shown: 小明·7F3A, or 青年·7F3A")
    title: str
    starts_at: Timestamp
    state: SignupState
    places: int
    party_size: int
    note: str
    created_at: Timestamp
    position: int | None = Field(description="waitlisted: 1 is next in line")
    code: str | None = Field(description="check-in code; only its owner sees it")
    checked_in_at: Timestamp | None

    @classmethod
    def of(cls, signup: Signup, names: Mapping[str, str], owner: bool) -> SignupOut:
        """`names`: the nicknames read for the response (one read a page)."""
        return cls(
            activity_id=signup.activity_id,
            user_id=signup.user_id,
            name=young_person_name(signup.user_id, names.get(signup.user_id)),
            title=signup.title,
            starts_at=signup.starts_at,
            state=signup.state,
            places=signup.places,
            party_size=signup.party_size,
            note=signup.note,
            created_at=signup.created_at,
            position=signup.position,
            code=signup.code if owner else None,
            checked_in_at=signup.checked_in_at,
        )


class SignupPageOut(PageOut[SignupOut]):
    """One page of signups."""


class CheckinIn(StrictBody):
    code: Annotated[str, LINE, StringConstraints(min_length=1, max_length=20)]


class ActivityCloseIn(StrictBody):
    summary: Annotated[str, TEXT, StringConstraints(min_length=1, max_length=SUMMARY_MAX)]
