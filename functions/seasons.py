"""Question season (问题季) routes."""

from __future__ import annotations

from chalice.app import Blueprint

from functions.auth import bearer_token
from functions.http import endpoint, parse_body, parse_query, principal_of
from functions.schemas.seasons import (
    BusiestDayOut,
    DutySlotOut,
    FiguresOut,
    LiftOut,
    PeriodOut,
    RosterIn,
    SeasonExpertsIn,
    SeasonIn,
    SeasonOut,
    SeasonPageOut,
    SeasonPatchIn,
    SeasonPlatformOut,
    SeasonQuery,
    SeasonReportOut,
    SlaOut,
)
from functions.schemas.stats import ExpertStandingOut
from youthvoice.domain.errors import ValidationFailed
from youthvoice.domain.questions import iso
from youthvoice.domain.seasons import DutySlot, Season, SeasonChanges
from youthvoice.services import seasons
from youthvoice.services.runtime import now
from youthvoice.services.seasons import Figures, SeasonDraft

season_routes = Blueprint(__name__)


def season_out(season: Season, invited: tuple[str, ...] | None = None) -> SeasonOut:
    return SeasonOut(
        id=season.id,
        name=season.name,
        topics=list(season.topics),
        platform_id=season.platform_id,
        starts_at=season.starts_at,
        ends_at=season.ends_at,
        status=str(season.status(iso(now()))),
        sla=SlaOut(first_response_hours=season.sla_hours) if season.sla_hours else None,
        description=season.description,
        roster=[
            DutySlotOut(
                department=s.department,
                staff_ids=list(s.staff_ids),
                starts_at=s.starts_at,
                ends_at=s.ends_at,
            )
            for s in season.roster
        ],
        created_by=season.created_by,
        created_at=season.created_at,
        invited_experts=list(invited) if invited is not None else None,
    )


@endpoint(
    season_routes,
    "/seasons",
    method="POST",
    summary="Define a question season (staff of the scope platform or above, admins)",
    body=SeasonIn,
    response=SeasonOut,
    status=201,
    authorizer=bearer_token,
)
def create() -> SeasonOut:
    request = season_routes.current_request
    body = parse_body(request, SeasonIn)
    season = seasons.create(
        principal_of(request),
        SeasonDraft(
            name=body.name,
            topics=tuple(body.topics),
            platform_id=body.platform_id,
            starts_at=body.starts_at,
            ends_at=body.ends_at,
            description=body.description,
            sla_hours=body.sla.first_response_hours if body.sla else None,
        ),
    )
    return season_out(season)


@endpoint(
    season_routes,
    "/seasons",
    summary="Seasons, newest first; of one scope platform and by status if asked",
    query=SeasonQuery,
    response=SeasonPageOut,
    authorizer=bearer_token,
)
def listing() -> SeasonPageOut:
    query = parse_query(season_routes.current_request, SeasonQuery)
    page = seasons.listing(query.platform_id, query.status, query.page)
    return SeasonPageOut(items=[season_out(s) for s in page.items], next_cursor=page.next_cursor)


@endpoint(
    season_routes,
    "/seasons/{season_id}",
    summary="A season with its roster and invited experts",
    response=SeasonOut,
    authorizer=bearer_token,
)
def read(season_id: str) -> SeasonOut:
    view = seasons.get(season_id)
    return season_out(view.season, view.expert_ids)


@endpoint(
    season_routes,
    "/seasons/{season_id}",
    method="PATCH",
    summary="Change a season before it ends (topics and start only before it starts)",
    body=SeasonPatchIn,
    response=SeasonOut,
    authorizer=bearer_token,
)
def patch(season_id: str) -> SeasonOut:
    request = season_routes.current_request
    body = parse_body(request, SeasonPatchIn)
    given = body.model_fields_set
    for name in sorted(given - {"sla"}):
        if getattr(body, name) is None:
            raise ValidationFailed(f"{name}: must not be null (only sla may be, to drop it)")
    changes = SeasonChanges(
        name=body.name,
        description=body.description,
        topics=tuple(body.topics) if body.topics is not None else None,
        starts_at=body.starts_at,
        ends_at=body.ends_at,
        sla_hours=body.sla.first_response_hours if body.sla else None,
        fields=frozenset({"sla_hours" if name == "sla" else name for name in given}),
    )
    return season_out(seasons.patch(principal_of(request), season_id, changes))


@endpoint(
    season_routes,
    "/seasons/{season_id}/roster",
    method="PUT",
    summary="The duty rotation (轮值): departments on duty, covering the season exactly",
    body=RosterIn,
    response=SeasonOut,
    authorizer=bearer_token,
)
def roster(season_id: str) -> SeasonOut:
    request = season_routes.current_request
    body = parse_body(request, RosterIn, list_field="slots")
    slots = [DutySlot(s.department, tuple(s.staff_ids), s.starts_at, s.ends_at) for s in body.slots]
    return season_out(seasons.set_roster(principal_of(request), season_id, slots))


@endpoint(
    season_routes,
    "/seasons/{season_id}/experts",
    method="POST",
    summary="Invite experts: routing offers them the season's questions first",
    body=SeasonExpertsIn,
    response=SeasonOut,
    authorizer=bearer_token,
)
def invite(season_id: str) -> SeasonOut:
    request = season_routes.current_request
    body = parse_body(request, SeasonExpertsIn)
    view = seasons.invite(principal_of(request), season_id, body.expert_ids)
    return season_out(view.season, view.expert_ids)


@endpoint(
    season_routes,
    "/seasons/{season_id}/experts",
    method="DELETE",
    summary="Withdraw season invitations",
    body=SeasonExpertsIn,
    response=SeasonOut,
    authorizer=bearer_token,
)
def uninvite_many(season_id: str) -> SeasonOut:
    request = season_routes.current_request
    return _uninvited(season_id, parse_body(request, SeasonExpertsIn).expert_ids)


@endpoint(
    season_routes,
    "/seasons/{season_id}/experts/{expert_id}",
    method="DELETE",
    summary="Withdraw one expert's season invitation",
    response=SeasonOut,
    authorizer=bearer_token,
)
def uninvite(season_id: str, expert_id: str) -> SeasonOut:
    return _uninvited(season_id, [expert_id])


def _uninvited(season_id: str, expert_ids: list[str]) -> SeasonOut:
    principal = principal_of(season_routes.current_request)
    view = seasons.uninvite(principal, season_id, expert_ids)
    return season_out(view.season, view.expert_ids)


def _figures(figures: Figures) -> FiguresOut:
    def rate(part: int) -> float | None:
        return round(part / figures.questions, 4) if figures.questions else None

    return FiguresOut(
        questions=figures.questions,
        answered=figures.answered,
        on_time=figures.on_time,
        resolved=figures.resolved,
        ratings=figures.ratings,
        satisfaction=figures.satisfaction,
        answer_rate=rate(figures.answered),
        on_time_rate=rate(figures.on_time),
        resolution_rate=rate(figures.resolved),
    )


def _difference(after: float | None, before: float | None) -> float | None:
    return None if after is None or before is None else round(after - before, 4)


@endpoint(
    season_routes,
    "/seasons/{season_id}/report",
    summary="What the season did, against the same scope just before it (from projections)",
    response=SeasonReportOut,
    authorizer=bearer_token,
)
def report(season_id: str) -> SeasonReportOut:
    result = seasons.report(season_id)
    during, before = _figures(result.figures), _figures(result.before)
    return SeasonReportOut(
        season=season_out(result.season),
        figures=during,
        before=PeriodOut(
            **before.model_dump(), first_day=result.before_from, last_day=result.before_to
        ),
        lift=LiftOut(
            questions=during.questions - before.questions,
            answered=during.answered - before.answered,
            answer_rate=_difference(during.answer_rate, before.answer_rate),
            on_time_rate=_difference(during.on_time_rate, before.on_time_rate),
            resolution_rate=_difference(during.resolution_rate, before.resolution_rate),
            satisfaction=_difference(during.satisfaction, before.satisfaction),
        ),
        top_experts=[
            ExpertStandingOut(rank=rank, user_id=s.user_id, points=s.points)
            for rank, s in enumerate(result.top_experts, 1)
        ],
        top_platforms=[SeasonPlatformOut.model_validate(p) for p in result.top_platforms],
        busiest_day=BusiestDayOut(date=result.busiest_day, questions=result.busiest_day_questions)
        if result.busiest_day
        else None,
    )
