"""What `youthvoice serve` prints: one line per request, projected poll and job run, for a person
reading a terminal; with `--json-logs`, those lines and the app's own logs as JSON, as Lambda
writes them to CloudWatch."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Mapping
from typing import Any, TextIO

from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter

APP_LOGGER = "youthvoice"


class HumanFormatter(LambdaPowertoolsFormatter):
    """`LEVEL message`, then the traceback if any. A Powertools formatter still, because the
    Logger appends and clears its keys through the formatter on every invocation."""

    def format(self, record: logging.LogRecord) -> str:
        line = f"{record.levelname} {record.getMessage()}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class Console:
    def __init__(self, json_logs: bool, stream: TextIO | None = None) -> None:
        self.json_logs = json_logs
        self._stream = stream or sys.stdout

    def say(self, message: str, **fields: Any) -> None:
        line = (
            json.dumps({"level": "INFO", "message": message, **fields})
            if self.json_logs
            else message
        )
        print(line, file=self._stream, flush=True)

    def request(self, method: str, path: str, status: int, milliseconds: float) -> None:
        self.say(
            f"{method} {path} {status} {milliseconds:.0f} ms",
            method=method,
            path=path,
            status=status,
            ms=round(milliseconds, 1),
        )

    def projected(self, records: int, dead_lettered: int) -> None:
        failing = f", {dead_lettered} sent to the on-failure queue" if dead_lettered else ""
        self.say(f"projected {records} records{failing}", records=records, failed=dead_lettered)

    def job(self, name: str, result: Any) -> None:
        """The job's return value, e.g. `escalation_sweep: 3 due, 0 overdue, 1 escalations`."""
        figures = result if isinstance(result, Mapping) else {}
        summary = ", ".join(f"{value} {key}" for key, value in figures.items())
        self.say(f"{name}: {summary or 'done'}", job=name, **figures)

    def quiet_app_logs(self) -> None:
        """Without --json-logs: the app's warnings and errors as `LEVEL message` lines, its info
        logs and metric blobs left out. Called once the app is imported (its Logger exists)."""
        if self.json_logs:
            return
        app_logger = logging.getLogger(APP_LOGGER)
        app_logger.setLevel(logging.WARNING)
        for handler in app_logger.handlers:
            handler.setFormatter(HumanFormatter())


def unhandled_error_line(line: str, message: str) -> bool:
    """Whether a line of the stack's output logs `message` at ERROR, in either form."""
    return line.startswith(f"ERROR {message}") or f'"message":"{message}"' in line
