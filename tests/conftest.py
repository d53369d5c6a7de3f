"""Test settings: the environment is fixed before any project module reads it (read once)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

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
    }
)
os.environ.pop("AWS_ENDPOINT_URL", None)
