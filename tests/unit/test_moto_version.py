"""The local stack's patches to moto were verified on one moto: it refuses to start on another."""

from __future__ import annotations

from pathlib import Path

import moto
import pytest

from youthvoice_local.cli import main
from youthvoice_local.moto_patches import VERIFIED_MOTO, check_version


def test_the_verified_moto_is_the_one_installed() -> None:
    # The pin in pyproject.toml and VERIFIED_MOTO move together: this is the check that passes
    assert moto.__version__ == VERIFIED_MOTO
    check_version()


def test_serve_refuses_another_moto_before_starting_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a moto other than the verified one
    monkeypatch.setattr(moto, "__version__", "5.3.0")
    monkeypatch.delenv("YOUTHVOICE_LOCAL_DIR")
    local_dir = tmp_path / "local"
    # When the local stack is started
    status = main(["serve", "--local-dir", str(local_dir), "--port", "1"])
    # Then it exits with 2, naming both versions and the command that installs the locked one,
    # before creating its key, tables or snapshot
    error = capsys.readouterr().err
    assert status == 2
    assert "moto 5.3.0 is installed" in error
    assert f"verified on moto {VERIFIED_MOTO} only" in error
    assert ".venv/bin/uv sync --locked --all-extras" in error
    assert not local_dir.exists()
