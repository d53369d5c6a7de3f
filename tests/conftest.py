"""Test settings: the environment is fixed before any project module reads it (read once).

And one guard for every test: a request that ends in a 500 fails the test that made it.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from youthvoice.config import QUOTA_SETTINGS

ROOT = Path(__file__).resolve().parent.parent
TEST_LOCAL_DIR = Path(tempfile.mkdtemp(prefix="youthvoice-tests-"))

os.environ.update(
    {
        "STAGE": "local",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "cn-north-1",
        "AWS_REGION": "cn-north-1",
        "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
        "CONTENT_TABLE": "youthvoice-test-content",
        "PROJECTIONS_TABLE": "youthvoice-test-projections",
        "YOUTHVOICE_LOCAL_DIR": str(TEST_LOCAL_DIR),
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_NAMESPACE": "YouthVoice",
        "POWERTOOLS_SERVICE_NAME": "youthvoice",
        # As in .chalice/config.json: the screen reads characters one by one, not phrases
        "PYPINYIN_NO_PHRASES": "1",
        # Tests act many times as one user; tests of the quotas set their own (the defaults).
        **{setting: "1000000" for setting, *_ in QUOTA_SETTINGS},
    }
)
os.environ.pop("AWS_ENDPOINT_URL", None)

# What `functions.http.endpoint` logs when a view raises something that is not a DomainError (a
# 500); powertools names its logger after the service (`functions.observability.SERVICE`).
UNHANDLED = "unhandled error"
SERVICE_LOGGER = "youthvoice"
OPT_OUT = "expects_unhandled_error"


class UnhandledErrors(logging.Handler):
    """Keeps what the service logs as an unhandled error, with its traceback.

    On the root logger, as pytest's own capture is: the service's logger keeps its one handler.
    """

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.setFormatter(logging.Formatter("%(message)s"))
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.split(".")[0] == SERVICE_LOGGER and record.getMessage() == UNHANDLED:
            self.seen.append(self.format(record))


def refusal(seen: list[str], marker: pytest.Mark | None) -> str | None:
    """Why the test fails, if it does: an undeclared 500, or a declared one that never came."""
    if marker is None:
        return f"{len(seen)} request(s) ended in a 500:\n" + "\n".join(seen) if seen else None
    if not marker.kwargs.get("reason"):
        return f"@pytest.mark.{OPT_OUT} needs a reason="
    return None if seen else f"@pytest.mark.{OPT_OUT}: no request ended in a 500"


@pytest.fixture(autouse=True)
def no_unhandled_errors(request: pytest.FixtureRequest) -> Iterator[None]:
    """A 500 fails the test even when the test asserted nothing about that request's status.

    A test that provokes one on purpose says so: `@pytest.mark.expects_unhandled_error(reason=)`.
    """
    handler = UnhandledErrors()
    logging.root.addHandler(handler)
    try:
        yield
    finally:
        logging.root.removeHandler(handler)
    failure = refusal(handler.seen, request.node.get_closest_marker(OPT_OUT))
    if failure is not None:
        pytest.fail(failure, pytrace=False)


# Tiers by how long their modules take, longest first.
TIERS = ("e2e", "packaging", "integration", "unit")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest tiers first: on several workers (make test) the many short unit modules are
    what is left at the end, not a package build or a simulated year."""
    items.sort(key=lambda item: TIERS.index(item.path.relative_to(ROOT).parts[1]))
