"""Powertools Logger, Metrics and Tracer, shared by every handler (configured by environment)."""

from __future__ import annotations

from functools import partial

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.logging import correlation_paths
from chalice.app import Chalice, ConvertToMiddleware

SERVICE = "youthvoice"
NAMESPACE = "YouthVoice"

logger = Logger(service=SERVICE)
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)
tracer = Tracer(service=SERVICE)


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
    app.register_middleware(ConvertToMiddleware(tracer.capture_lambda_handler), "all")
    app.register_middleware(ConvertToMiddleware(metrics.log_metrics), "all")
