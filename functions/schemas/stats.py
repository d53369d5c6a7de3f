"""Published figures and leaderboards."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Literal, Self

from pydantic import Field, model_validator

from functions.schemas.common import (
    AuthorOut,
    Date,
    Id,
    Month,
    PageOut,
    PageQuery,
    Schema,
    StrictQuery,
)
from youthvoice.domain.reports import DateRange, Interval

if TYPE_CHECKING:
    from youthvoice.services.reports import Series
    from youthvoice.services.stats import ExpertStanding, PlatformStanding, Stats

FROM = "first Shanghai date, YYYY-MM-DD (with to)"
TO = "last Shanghai date included, YYYY-MM-DD (with from)"


# The zone whose days a report's dates are, echoed on every report: a browser's "today" may be
# another date.
ReportZone = Annotated[
    Literal["Asia/Shanghai"], Field(description="from_date and to_date are days in this zone")
]


class RangeQuery(StrictQuery):
    """An optional range of Shanghai dates, both ends included, at most a year."""

    from_: Date | None = Field(default=None, alias="from", description=FROM)
    to: Date | None = Field(default=None, description=TO)

    @model_validator(mode="after")
    def _both_or_neither(self) -> Self:
        if (self.from_ is None) != (self.to is None):
            raise ValueError("from and to go together")
        return self

    @property
    def period(self) -> DateRange | None:
        if self.from_ is None or self.to is None:
            return None
        return DateRange.of(self.from_, self.to)


class StatsQuery(RangeQuery):
    season_id: Id | None = None

    @model_validator(mode="after")
    def _season_or_range(self) -> Self:
        if self.season_id and self.from_ is not None:
            raise ValueError("give season_id or from and to, not both")
        return self


class SeriesQuery(StrictQuery):
    from_: Date = Field(alias="from", description=FROM)
    to: Date = Field(description=TO)
    interval: Interval = Interval.MONTH

    @property
    def period(self) -> DateRange:
        return DateRange.of(self.from_, self.to)


class ExpertBoardQuery(PageQuery):
    season_id: Id | None = None
    month: Month | None = Field(default=None, description="YYYY-MM")
    platform_id: Id | None = Field(default=None, description="defaults to the province")


class PlatformBoardQuery(StrictQuery):
    parent_id: Id | None = Field(default=None, description="defaults to the province: its cities")
    season_id: Id | None = None


class StatsOut(Schema):
    platform_id: str
    season_id: str | None
    questions: int
    answers: int = Field(description="official answers")
    peer_answers: int
    answered: int = Field(description="questions with at least one official answer")
    resolved: int
    on_time: int = Field(description="questions whose first official answer met the deadline")
    ratings: int
    visits: int | None = Field(description="none over a date range: visits are not counted by day")
    experts: int = Field(description="registered today, whatever the range or season")
    answer_rate: float | None = Field(description="answered / questions")
    on_time_rate: float | None = Field(description="on_time / questions")
    resolution_rate: float | None = Field(description="resolved / questions")
    satisfaction: float | None = Field(description="mean rating, 1 to 5")
    from_date: str | None = Field(
        description="first day of the range; questions count on the day they were asked"
    )
    to_date: str | None = Field(description="last day of the range, included")
    time_zone: ReportZone = "Asia/Shanghai"
    activities: int = Field(description="offline activities held (closed out)")
    participants: int = Field(description="people checked in at them")
    signups: int = Field(description="confirmed signups they had")

    @classmethod
    def of(cls, stats: Stats) -> StatsOut:
        return cls(**dataclasses.asdict(stats))


class ExpertStandingOut(Schema):
    """A member of a board as the caller may see them: an expert by their profile, staff and
    admins without one as the desk of the board's platform."""

    rank: int
    points: int
    author: AuthorOut
    platform_id: str | None = Field(description="the platform the expert serves")

    @classmethod
    def of(cls, standing: ExpertStanding) -> ExpertStandingOut:
        return cls(
            rank=standing.rank,
            points=standing.points,
            author=AuthorOut.of(standing.author),
            platform_id=standing.platform_id,
        )


class ExpertBoardOut(PageOut[ExpertStandingOut]):
    """One page of a board, best first; ranks count from the top of the whole board."""


class PlatformStandingOut(Schema):
    rank: int
    platform_id: str
    name: str
    on_time_rate: float | None
    answer_rate: float | None
    questions: int

    @classmethod
    def of(cls, standing: PlatformStanding) -> PlatformStandingOut:
        return cls(
            rank=standing.rank,
            platform_id=standing.platform.id,
            name=standing.platform.name,
            on_time_rate=standing.stats.on_time_rate,
            answer_rate=standing.stats.answer_rate,
            questions=standing.stats.questions,
        )


class PlatformBoardOut(Schema):
    items: list[PlatformStandingOut]

    @classmethod
    def of(cls, standings: Iterable[PlatformStanding]) -> PlatformBoardOut:
        return cls(items=[PlatformStandingOut.of(standing) for standing in standings])


class SeriesPointOut(Schema):
    from_date: str
    to_date: str
    questions: int
    answered: int
    on_time: int
    resolved: int
    ratings: int
    answer_rate: float | None
    on_time_rate: float | None
    satisfaction: float | None

    @classmethod
    def of(cls, stats: Stats) -> SeriesPointOut:
        return cls.model_validate(dataclasses.asdict(stats))


class SeriesOut(Schema):
    platform_id: str
    from_date: str
    to_date: str
    time_zone: ReportZone = "Asia/Shanghai"
    interval: Interval
    items: list[SeriesPointOut] = Field(description="one per day, ISO week or month, in order")

    @classmethod
    def of(cls, series: Series) -> SeriesOut:
        return cls(
            platform_id=series.platform.id,
            from_date=series.period.first.isoformat(),
            to_date=series.period.last.isoformat(),
            interval=series.interval,
            items=[SeriesPointOut.of(point) for point in series.points],
        )


class ChildOut(Schema):
    rank: int = Field(description="by on-time rate, then answer rate")
    platform_id: str
    name: str
    questions: int
    answered: int
    on_time: int
    resolved: int
    ratings: int
    answer_rate: float | None
    on_time_rate: float | None
    resolution_rate: float | None
    satisfaction: float | None

    @classmethod
    def of(cls, standing: PlatformStanding) -> ChildOut:
        figures = dataclasses.asdict(standing.stats)
        return cls.model_validate(
            {**figures, "rank": standing.rank, "name": standing.platform.name}
        )


class ChildrenOut(Schema):
    platform_id: str
    from_date: str | None
    to_date: str | None
    time_zone: ReportZone = "Asia/Shanghai"
    items: list[ChildOut]

    @classmethod
    def of(
        cls, platform_id: str, period: DateRange | None, standings: Iterable[PlatformStanding]
    ) -> ChildrenOut:
        return cls(
            platform_id=platform_id,
            from_date=period.first.isoformat() if period else None,
            to_date=period.last.isoformat() if period else None,
            items=[ChildOut.of(standing) for standing in standings],
        )
