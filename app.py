"""The Chalice application: blueprints, middleware, and one-line shims for event handlers.

Event handlers live here, not in blueprints, because blueprint event handlers skip app middleware.
"""

from __future__ import annotations

from typing import Any

from chalice.app import CloudWatchEvent, DynamoDBEvent, Rate

from functions import jobs, streams
from functions.alliances import alliance_routes
from functions.application import Application
from functions.audit import audit_routes
from functions.auth import auth_routes
from functions.cors import add_preflight_routes, cross_origin
from functions.experts import expert_routes
from functions.http import uniform_errors
from functions.me import me_routes
from functions.moderation import moderation_routes
from functions.notifications import notification_routes
from functions.observability import instrument
from functions.openapi import openapi_routes
from functions.platforms import platform_routes
from functions.questions import question_routes
from functions.search import search_routes
from functions.seasons import season_routes
from functions.security_headers import secure_headers
from functions.spreadsheets import XLSX_TYPE
from functions.stats import stats_routes
from functions.supervision import supervision_routes
from youthvoice.config import get_settings

# Every setting and data file is validated here, at import: a bad one fails the cold start and
# names the setting, rather than failing requests.
settings = get_settings()
app = Application(app_name="youthvoice", configure_logs=False)
for blueprint in (
    auth_routes,
    platform_routes,
    me_routes,
    question_routes,
    search_routes,
    expert_routes,
    moderation_routes,
    stats_routes,
    notification_routes,
    supervision_routes,
    season_routes,
    alliance_routes,
    audit_routes,
    openapi_routes,
):
    app.register_blueprint(blueprint)
add_preflight_routes(app)
# Reports leave as workbooks too: API Gateway passes those bytes through, base64 in the proxy.
app.api.binary_types.append(XLSX_TYPE)
# The first registered runs outermost: security and CORS headers go on the errors
# uniform_errors rewrites too.
app.register_middleware(secure_headers, "http")
app.register_middleware(cross_origin, "http")
app.register_middleware(uniform_errors, "http")
instrument(app)


@app.on_dynamodb_record(
    stream_arn=settings.content_stream_arn, batch_size=100, starting_position="TRIM_HORIZON"
)
def project_content(event: DynamoDBEvent) -> dict[str, Any]:
    return streams.project_content(event)


@app.schedule(Rate(1, unit=Rate.DAYS))
def reconcile(event: CloudWatchEvent) -> dict[str, int]:
    return jobs.reconcile(event)


@app.schedule(Rate(5, unit=Rate.MINUTES))
def escalation_sweep(event: CloudWatchEvent) -> dict[str, int]:
    return jobs.escalation_sweep(event)


@app.schedule(Rate(5, unit=Rate.MINUTES))
def season_lifecycle(event: CloudWatchEvent) -> dict[str, int]:
    return jobs.season_lifecycle(event)
