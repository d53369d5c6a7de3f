"""What `import app` leaves for later: every Lambda function imports app.py on its cold start, and
these serve only some requests or some functions, so they load on first use
(docs/performance.md)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

from tests.conftest import ROOT

# The libraries, by what loads them: the word screen (the first post), token verification (the
# authorizer, or a public read with a token), workbooks, the X-Ray SDK (background functions),
# and the data layer with the AWS SDK (the first use case that runs; the authorizer never does).
DEFERRED = (
    "opencc_purepy",
    "pypinyin",
    "ahocorasick",
    "jwt",
    "cryptography",
    "openpyxl",
    "aws_xray_sdk",
    "pynamodb",
    "boto3",
)
# The use cases and the data layer: a blueprint imports its services on its first request.
DEFERRED_PACKAGES = ("youthvoice.services", "youthvoice.data")


def loaded_by(statement: str) -> set[str]:
    """The deferred libraries and packages in sys.modules after `statement`, in a fresh
    interpreter with the dev stage's environment."""
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    environment = {
        **os.environ,
        **config["environment_variables"],
        **config["stages"]["dev"]["environment_variables"],
    }
    probe = f"import json, sys\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    modules: list[str] = json.loads(result.stdout)
    libraries = {name.split(".")[0] for name in modules} & set(DEFERRED)
    packages = {p for p in DEFERRED_PACKAGES for name in modules if name.startswith(f"{p}.")}
    return libraries | packages


def test_importing_the_app_loads_nothing_deferred() -> None:
    # Given the deferred libraries, each installed
    assert all(importlib.util.find_spec(name) for name in DEFERRED)
    # When a fresh interpreter imports the app
    loaded = loaded_by("import app")
    # Then none of them is loaded, and no use case or data module either
    assert loaded == set()


def test_the_first_screened_text_loads_the_screen_and_only_its_use_case() -> None:
    # Given a fresh interpreter that imported the app
    # When the word list screens a text
    loaded = loaded_by(
        "import app\nfrom youthvoice.services.runtime import word_list\nword_list().check('你好')"
    )
    # Then OpenCC, pypinyin and the automaton are loaded then, with the services and data
    # modules it needs
    assert loaded == {"opencc_purepy", "pypinyin", "ahocorasick", "pynamodb", *DEFERRED_PACKAGES}
