"""What `import app` leaves for later: every Lambda function imports app.py on its cold start, and
these libraries serve only some requests, so they load on first use (docs/performance.md)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

from tests.conftest import ROOT

# The library each is loaded by: the word screen (on the first post), token verification (the
# authorizer, or a public read with a token), workbooks, and the X-Ray SDK (background functions).
DEFERRED = ("opencc_purepy", "pypinyin", "jwt", "cryptography", "openpyxl", "aws_xray_sdk")


def loaded_by(statement: str) -> list[str]:
    """The deferred modules in sys.modules after `statement`, in a fresh interpreter with the
    dev stage's environment."""
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    environment = {
        **os.environ,
        **config["environment_variables"],
        **config["stages"]["dev"]["environment_variables"],
    }
    probe = (
        f"import json, sys\n{statement}\n"
        f"print(json.dumps(sorted(set({DEFERRED!r}) & sys.modules.keys())))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    loaded: list[str] = json.loads(result.stdout)
    return loaded


def test_importing_the_app_loads_none_of_the_deferred_libraries() -> None:
    # Given the deferred libraries, each installed
    assert all(importlib.util.find_spec(name) for name in DEFERRED)
    # When a fresh interpreter imports the app
    loaded = loaded_by("import app")
    # Then none of them is loaded
    assert loaded == []


def test_the_first_screened_text_loads_the_screen() -> None:
    # Given a fresh interpreter that imported the app
    # When the word list screens a text
    loaded = loaded_by(
        "import app\nfrom youthvoice.services.runtime import word_list\nword_list().check('你好')"
    )
    # Then OpenCC and pypinyin are loaded then, and only they
    assert loaded == ["opencc_purepy", "pypinyin"]
