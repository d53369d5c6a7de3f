"""HTTP caching: public reads carry a strong ETag and a short public lifetime and answer 304 and
HEAD; reads with a token and errors are never stored."""

from __future__ import annotations

import pytest

from functions.caching import NOT_STORED, PUBLIC
from tests.integration.conftest import Stack
from tests.tokens import bearer
from youthvoice.domain.identity import Role

PUBLIC_READS = [
    "/health",
    "/topics",
    "/platforms",
    "/stats",
    "/leaderboards/experts",
    "/openapi.json",
]


@pytest.mark.parametrize("path", PUBLIC_READS)
def test_a_public_read_held_by_the_client_is_answered_304_without_a_body(
    bare_stack: Stack, path: str
) -> None:
    # Given a public read answered once
    first = bare_stack.http.get(path)
    assert first.status_code == 200
    tag = first.headers["ETag"]
    assert tag.startswith('"') and tag.endswith('"')
    assert first.headers["Cache-Control"] == PUBLIC
    # When it is read again with the validator the client holds
    again = bare_stack.http.get(path, headers={"If-None-Match": tag})
    # Then it is not sent again: 304, no body, the same validator and lifetime
    assert again.status_code == 304
    assert again.body == b""
    assert again.headers["ETag"] == tag
    assert again.headers["Cache-Control"] == PUBLIC


@pytest.mark.parametrize(
    ("if_none_match", "status"),
    [("W/{tag}", 304), ('"other", {tag}', 304), ("*", 304), ('"other"', 200)],
)
def test_if_none_match_compares_weakly_and_lists(
    bare_stack: Stack, if_none_match: str, status: int
) -> None:
    # Given the validator of a public read
    tag = bare_stack.http.get("/topics").headers["ETag"]
    # When the client sends it weak, in a list, as a wildcard or another one
    response = bare_stack.http.get(
        "/topics", headers={"If-None-Match": if_none_match.format(tag=tag)}
    )
    # Then only a validator that matches saves the body
    assert response.status_code == status


def test_head_answers_a_public_read_with_its_headers_and_no_body(bare_stack: Stack) -> None:
    # Given the public topic list, When it is asked with HEAD
    got = bare_stack.http.get("/topics")
    head = bare_stack.http.request("HEAD", "/topics", headers={}, body=b"")
    # Then it has the GET's status and validator, but no body
    assert head.status_code == 200
    assert head.body == b""
    assert head.headers["ETag"] == got.headers["ETag"]


def test_a_read_with_a_token_is_never_stored(bare_stack: Stack) -> None:
    # Given a youth's token
    token = bearer("u-cache", Role.YOUTH)
    # When a secured route and a public one are read with it
    me = bare_stack.http.get("/me", headers=token)
    topics = bare_stack.http.get("/topics", headers=token)
    # Then neither may be kept by a cache, nor revalidated
    for response in (me, topics):
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == NOT_STORED
        assert "ETag" not in response.headers


def test_an_error_on_a_public_route_is_never_stored(bare_stack: Stack) -> None:
    # Given a public route, When it is read for a platform that does not exist
    response = bare_stack.http.get("/platforms/no-such-platform")
    # Then the 404 is not kept
    assert response.status_code == 404
    assert response.headers["Cache-Control"] == NOT_STORED
    assert "ETag" not in response.headers
