"""Public reference routes: health, the platform hierarchy, the topic catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from functions.deferred import Deferred
from functions.http import endpoint, parse_query
from functions.schemas.platforms import (
    HealthOut,
    PlatformDetailOut,
    PlatformOut,
    PlatformPageOut,
    PlatformQuery,
    TopicListOut,
)
from youthvoice.config import get_settings

if TYPE_CHECKING:
    from youthvoice.services import catalog
else:
    catalog = Deferred("youthvoice.services.catalog")

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
    page = catalog.list_platforms(query.parent_id, query.kind, query.page)
    return PlatformPageOut.of(page, PlatformOut.of)


@endpoint(
    platform_routes,
    "/platforms/{platform_id}",
    summary="One platform with its children",
    response=PlatformDetailOut,
)
def get_platform(platform_id: str) -> PlatformDetailOut:
    return PlatformDetailOut.of(catalog.get_platform(platform_id))


@endpoint(platform_routes, "/topics", summary="The topic catalogue", response=TopicListOut)
def list_topics() -> TopicListOut:
    return TopicListOut.of(catalog.list_topics())
