"""The signed-in caller."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import Field, StringConstraints

from functions.schemas.alliances import SignupOut
from functions.schemas.answers import AnswerOut
from functions.schemas.common import LINE, Schema, StrictBody, Timestamp
from functions.schemas.experts import ExpertOut
from functions.schemas.notifications import NotificationOut
from functions.schemas.questions import QuestionOut, RatingOut
from youthvoice.domain.identity import Principal, Role
from youthvoice.domain.people import NICKNAME_MAX, young_person_name

if TYPE_CHECKING:
    from youthvoice.services.privacy import Erasure, PersonalData

Nickname = Annotated[str, LINE, StringConstraints(min_length=1, max_length=NICKNAME_MAX)]


class MeIn(StrictBody):
    nickname: Nickname = Field(
        description="shown as {nickname}·{tag} on everything the caller wrote, past and future; "
        "screened like any text; young people only"
    )


class MeOut(Schema):
    sub: str
    role: Role
    platform: str | None
    nickname: str | None = Field(description="a young person's, when they chose one")
    name: str | None = Field(description="how others see a young person (青年·7F3A or 小明·7F3A)")

    @classmethod
    def of(cls, principal: Principal, nickname: str | None) -> MeOut:
        young = principal.role is Role.YOUTH
        return cls(
            sub=principal.sub,
            role=principal.role,
            platform=principal.platform,
            nickname=nickname,
            name=young_person_name(principal.sub, nickname) if young else None,
        )


class LikeGivenOut(Schema):
    answer_id: str
    question_id: str | None = Field(description="absent on likes given before it was kept")
    liked_at: Timestamp | None = Field(description="absent on likes given before it was kept")


class FlagGivenOut(Schema):
    question_id: str
    reason: str
    flagged_at: Timestamp


class MeExportOut(Schema):
    """Everything the service holds about the caller, each part as its own route shows it."""

    me: MeOut
    questions: list[QuestionOut] = Field(description="every question I asked, newest first")
    ratings: dict[str, RatingOut] = Field(
        description="by question id: the rating I gave my question (its latest round's)"
    )
    answers: list[AnswerOut] = Field(description="every answer I wrote, newest first")
    likes: list[LikeGivenOut] = Field(description="every answer I like, newest first")
    flags: list[FlagGivenOut] = Field(description="every question I flagged, newest first")
    signups: list[SignupOut] = Field(description="every signup, with my check-in codes")
    notifications: list[NotificationOut] = Field(description="my whole inbox, newest first")
    expert: ExpertOut | None = Field(description="my expert profile, if I am an expert")

    @classmethod
    def of(cls, data: PersonalData) -> MeExportOut:
        principal = data.principal
        names = {principal.sub: data.nickname} if data.nickname else {}
        return cls(
            me=MeOut.of(principal, data.nickname),
            questions=[QuestionOut.of(question, principal, names) for question in data.questions],
            ratings={
                question_id: RatingOut(score=rating.score, comment=rating.comment)
                for question_id, rating in data.ratings.items()
            },
            answers=[
                AnswerOut.of(answer, answer.id if answer.accepted else None, principal, (), names)
                for answer in data.answers
            ],
            likes=[
                LikeGivenOut(
                    answer_id=like.answer_id, question_id=like.question_id, liked_at=like.at
                )
                for like in data.likes
            ],
            flags=[
                FlagGivenOut(question_id=flag.question_id, reason=flag.reason, flagged_at=flag.at)
                for flag in data.flags
            ],
            signups=[SignupOut.of(signup, names, owner=True) for signup in data.signups],
            notifications=[NotificationOut.of(n) for n in data.notifications],
            expert=ExpertOut.of(data.expert, principal) if data.expert else None,
        )


class ErasureOut(Schema):
    """The receipt of an erasure; its id is all the audit trail keeps of the person."""

    id: str
    erased_at: Timestamp
    questions: int = Field(description="questions I asked, kept anonymised (figures unchanged)")
    answers: int = Field(description="answers I wrote, kept anonymised")
    flags: int = Field(description="flags I raised, taken back (the counts they raised stay)")
    likes: int = Field(description="likes I gave, taken back (the answers keep their counts)")
    signups_withdrawn: int = Field(description="signups still open: withdrawn, places given back")
    signups_forgotten: int = Field(
        description="signups of held or cancelled activities, or checked in: deleted, the "
        "activity's figures unchanged"
    )
    alliances: int = Field(description="alliances I acted for: my user id left their member list")
    notifications: int = Field(description="notifications deleted")
    account_closed: bool = Field(
        description="the account at the stage's Cognito user pool was deleted too (false with "
        "another identity provider: close it there)"
    )

    @classmethod
    def of(cls, erasure: Erasure) -> ErasureOut:
        return cls(
            id=erasure.id,
            erased_at=erasure.at,
            questions=erasure.questions,
            answers=erasure.answers,
            flags=erasure.flags,
            likes=erasure.likes,
            signups_withdrawn=erasure.signups_withdrawn,
            signups_forgotten=erasure.signups_forgotten,
            alliances=erasure.alliances,
            notifications=erasure.notifications,
            account_closed=erasure.account_closed,
        )
