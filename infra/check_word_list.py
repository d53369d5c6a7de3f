"""Build the stage's sensitive-word list in full before it is packaged.

The handler checks the list's shape at start-up but normalises its words (OpenCC) only on a
container's first screened post, to keep that cost out of every cold start; a list that cannot
be built (an allowed phrase inside a listed word) would then fail that post. `make package` runs
this, so such a list never ships.

Usage: python -m infra.check_word_list STAGE
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from youthvoice.config import SettingsError, built_word_list, load_settings

ROOT = Path(__file__).resolve().parent.parent


def stage_environment(stage: str) -> dict[str, str]:
    """The word-list setting as .chalice/config.json gives it to the stage (or the default)."""
    config = json.loads((ROOT / ".chalice" / "config.json").read_text("utf-8"))
    merged = {
        **config.get("environment_variables", {}),
        **config["stages"][stage].get("environment_variables", {}),
    }
    return {name: merged[name] for name in ("SENSITIVE_WORDS_FILE",) if name in merged}


def check(environment: dict[str, str]) -> str | None:
    """None when the list builds, else the line that says why not."""
    try:
        built_word_list(load_settings(environment).sensitive_words)
    except SettingsError as error:
        return str(error)
    return None


def main(argv: list[str]) -> int:
    problem = check(stage_environment(argv[0]))
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
