"""The operators' CLI never reaches AWS by default, and reads the local form of an endpoint."""

from __future__ import annotations

import pytest

from youthvoice_local.cli import endpoint_url, main


def test_an_operation_without_a_stack_or_endpoint_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # When reconcile is run with neither --stack, --endpoint-url nor a STAGE in the environment
    monkeypatch.delenv("STAGE")
    status = main(["reconcile"])
    # Then it exits with 2 and one line naming both ways, before touching AWS
    error = capsys.readouterr().err
    assert status == 2
    assert error.count("\n") == 1
    assert "--stack youthvoice-<stage>" in error and "--endpoint-url :8001" in error


def test_the_short_endpoint_form_is_the_local_moto() -> None:
    assert endpoint_url(":8001") == "http://127.0.0.1:8001"
    assert endpoint_url("http://10.0.0.5:9000") == "http://10.0.0.5:9000"
