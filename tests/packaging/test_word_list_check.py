"""`make package` refuses a word list the handler could only refuse on its first screened post."""

from __future__ import annotations

import json
from pathlib import Path

from infra.check_word_list import check, main


def test_the_shipped_list_of_every_deployed_stage_builds() -> None:
    # Given the stages Chalice deploys / When each is checked / Then the check passes
    assert [main([stage]) for stage in ("dev", "prod")] == [0, 0]


def test_a_list_whose_allowed_phrase_hides_a_word_is_refused_naming_the_setting(
    tmp_path: Path,
) -> None:
    # Given a list of the right shape whose allowed phrase is part of a listed word
    path = tmp_path / "words.json"
    path.write_text(json.dumps({"hard": {"gambling": ["六合彩"]}, "allow": ["合彩"]}), "utf-8")
    # When it is checked as a stage's SENSITIVE_WORDS_FILE
    problem = check({"SENSITIVE_WORDS_FILE": str(path)})
    # Then the check names the setting and the phrase
    assert problem is not None
    assert problem.startswith("setting SENSITIVE_WORDS_FILE:")
    assert "allowed phrase" in problem


def test_a_list_of_the_wrong_shape_is_refused_too(tmp_path: Path) -> None:
    # Given a list that is not an object of categories
    path = tmp_path / "words.json"
    path.write_text(json.dumps(["六合彩"]), "utf-8")
    # When it is checked / Then the check names the setting
    problem = check({"SENSITIVE_WORDS_FILE": str(path)})
    assert problem is not None and problem.startswith("setting SENSITIVE_WORDS_FILE:")
