"""Powertools Logger, Metrics and Tracer, shared by every handler (configured by environment)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics.functions import is_metrics_disabled
from chalice.app import Chalice, ConvertToMiddleware

from youthvoice.config import get_settings

SERVICE = "youthvoice"
NAMESPACE = "YouthVoice"

logger = Logger(service=SERVICE)
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)
# Every figure carries its stage, so dev's and prod's never add up in one metric (alarms and the
# dashboard name it). Powertools shares these across its Metrics objects.
metrics.set_default_dimensions(stage=get_settings().stage.value)

LambdaHandler = Callable[[Any, Any], Any]


@cache
def tracer() -> Tracer:
    """Built on a background function's first event, not at import: constructing a Tracer loads
    the X-Ray SDK (about 0.3 s of a cold start). Lambda's active tracing already traces every
    invocation, the API's included, without it; the SDK adds the handler's subsegment and one
    per AWS call, which earn their cost where nobody waits on the cold start."""
    return Tracer(service=SERVICE)


def traced(handler: LambdaHandler) -> LambdaHandler:
    def run(event: Any, context: Any) -> Any:
        return tracer().capture_lambda_handler(handler)(event, context)

    return run


def published(handler: LambdaHandler) -> LambdaHandler:
    """Flushes the metrics an invocation recorded, if it recorded any: most API requests record
    none, and Powertools' own flush warns "No application metrics to publish" on each. Disabled
    metrics are dropped, where Powertools would keep them past the invocation."""

    def run(event: Any, context: Any) -> Any:
        try:
            return handler(event, context)
        finally:
            if metrics.metric_set and is_metrics_disabled():
                metrics.clear_metrics()
            elif metrics.metric_set:
                metrics.flush_metrics()

    return run


def instrument(app: Chalice) -> None:
    """Logs carry the API request id as correlation id; metrics flush once per invocation.

    State is cleared per invocation so one request's keys never leak into the next log line.
    """
    app.register_middleware(
        ConvertToMiddleware(
            partial(
                logger.inject_lambda_context,
                correlation_id_path=correlation_paths.API_GATEWAY_REST,
                clear_state=True,
            )
        ),
        "http",
    )
    for event_type in ("scheduled", "dynamodb"):
        app.register_middleware(
            ConvertToMiddleware(partial(logger.inject_lambda_context, clear_state=True)),
            event_type,
        )
        app.register_middleware(ConvertToMiddleware(traced), event_type)
    app.register_middleware(ConvertToMiddleware(published), "all")
