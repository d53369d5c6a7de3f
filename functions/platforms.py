"""Public reference routes: health, the platform hierarchy, the topic catalogue."""

from __future__ import annotations

from chalice.app import Blueprint

from functions.http import endpoint, parse_query
from functions.schemas.platforms import (
    HealthOut,
    PlatformDetailOut,
    PlatformOut,
    PlatformPageOut,
    PlatformQuery,
    TopicListOut,
    TopicOut,
)
from youthvoice.config import get_settings
from youthvoice.services import catalog

platform_routes = Blueprint(__name__)


@endpoint(platform_routes, "/health", summary="Liveness", response=HealthOut)
def health() -> HealthOut:
    return HealthOut(status="ok", stage=get_settings().stage)


@endpoint(
    platform_routes,
    "/platforms",
    summary="Platforms, optionally the children of one parent and of one kind",
    response=PlatformPageOut,
    query=PlatformQuery,
)
def list_platforms() -> PlatformPageOut:
    query = parse_query(platform_routes.current_request, PlatformQuery)
    page = catalog.list_platforms(query.parent, query.kind, query.page)
    return PlatformPageOut(
        items=[PlatformOut.of(p) for p in page.items], next_cursor=page.next_cursor
    )


@endpoint(
    platform_routes,
    "/platforms/{platform_id}",
    summary="One platform with its children",
    response=PlatformDetailOut,
)
def get_platform(platform_id: str) -> PlatformDetailOut:
    detail = catalog.get_platform(platform_id)
    return PlatformDetailOut(
        **PlatformOut.of(detail.platform).model_dump(),
        children=[PlatformOut.of(child) for child in detail.children],
        experts=detail.experts,
    )


@endpoint(platform_routes, "/topics", summary="The topic catalogue", response=TopicListOut)
def list_topics() -> TopicListOut:
    return TopicListOut(items=[TopicOut.model_validate(topic) for topic in catalog.list_topics()])
