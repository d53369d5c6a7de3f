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


def test_the_first_screened_text_loads_the_screen_and_no_store() -> None:
    # Given a fresh interpreter that imported the app
    # When the word list screens a text
    loaded = loaded_by(
        "import app\nfrom youthvoice.services.runtime import word_list\nword_list().check('你好')"
    )
    # Then OpenCC, pypinyin and the automaton are loaded then, and the services, but no data
    # module
    assert loaded == {"opencc_purepy", "pypinyin", "ahocorasick", "youthvoice.services"}


def test_the_container_loads_a_repository_on_the_first_use_of_its_store() -> None:
    # Given a fresh interpreter that imported the app and built its container
    start = "import app\nfrom youthvoice.bootstrap import dependencies\ndeps = dependencies()\n"
    # When it reads the clock and the settings, Then nothing deferred is loaded
    assert loaded_by(start + "deps.now(), deps.settings.stage") == set()
    # And when a use case first reaches a store, the data layer and PynamoDB load then
    loaded = loaded_by(start + "deps.stores.topics")
    assert loaded == {"pynamodb", "youthvoice.data"}
