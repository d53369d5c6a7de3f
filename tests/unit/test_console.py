"""The local stack's console: human lines by default, JSON with --json-logs."""

from __future__ import annotations

import io
import json
import logging
import sys

from youthvoice_local.console import Console, HumanFormatter, unhandled_error_line


def test_a_job_is_one_line_of_its_figures() -> None:
    # Given a human console, When a sweep reports its figures
    said = io.StringIO()
    Console(False, said).job("escalation_sweep", {"due": 3, "escalations": 1})
    # Then one line names the job and each figure
    assert said.getvalue() == "escalation_sweep: 3 due, 1 escalations\n"


def test_json_logs_carry_the_same_event_as_fields() -> None:
    # Given a JSON console, When a poll projected records with one left failing
    said = io.StringIO()
    Console(True, said).projected(23, 1)
    # Then the line is JSON with the figures as fields
    logged = json.loads(said.getvalue())
    assert logged["message"] == "projected 23 records, 1 sent to the on-failure queue"
    assert (logged["records"], logged["failed"]) == (23, 1)


def test_an_unhandled_error_stays_recognisable_in_human_form() -> None:
    # Given an error logged with its exception
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logging.LogRecord(
            "youthvoice", logging.ERROR, __file__, 1, "unhandled error", None, sys.exc_info()
        )
    # When it is formatted for a person
    line = HumanFormatter().format(record)
    # Then it starts with its level and message, and carries the traceback
    assert unhandled_error_line(line, "unhandled error")
    assert "RuntimeError: boom" in line
    assert not unhandled_error_line("GET /topics 200 3 ms", "unhandled error")
