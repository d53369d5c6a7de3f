"""HTTP caching: public reads carry a strong ETag and a short public lifetime and answer 304 and
HEAD; reads with a token and errors are never stored."""

from __future__ import annotations

import re

import pytest

from functions.caching import NOT_STORED, PUBLIC
from tests.integration.api import as_user
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


def test_a_signed_in_reader_sees_their_new_question_though_the_anonymous_feed_is_cached(
    bare_stack: Stack,
) -> None:
    # Given a platform's feed read without a token: cacheable, but only for requests without one
    feed = "/questions?platform_id=sx-06-01"
    anonymous = bare_stack.http.get(feed)
    assert anonymous.headers["Cache-Control"] == PUBLIC
    assert "Authorization" in anonymous.headers["Vary"]
    # When a young person asks there and reads the feed with their token
    token = bearer("u-cache-asker", Role.YOUTH)
    asked = as_user(bare_stack, "u-cache-asker", Role.YOUTH).post(
        "/questions",
        {
            "title": "考研还是工作？",
            "body": "想听听建议。",
            "topic": "study",
            "platform_id": "sx-06-01",
        },
    )
    assert asked.status == 201
    bare_stack.pump.drain()
    mine = bare_stack.http.get(feed, headers=token)
    # Then their answer is fresh and never kept by a cache, and it shows the new question
    assert mine.headers["Cache-Control"] == NOT_STORED
    assert "ETag" not in mine.headers
    assert asked.body["id"] in [item["id"] for item in mine.json_body["items"]]


@pytest.mark.parametrize(
    "path",
    [
        "/questions?platform_id=sx-06-01&_=1700000000000",
        "/search?q=%E8%80%83%E7%A0%94&_=1700000000000",
        "/platforms?_=1",
        "/stats?_=1",
        "/leaderboards/experts?_=",
    ],
)
def test_a_cache_buster_parameter_is_ignored(bare_stack: Stack, path: str) -> None:
    # Given a read with strict query parameters, When a client adds `_` to defeat caches
    response = bare_stack.http.get(path)
    # Then it is answered as without it
    assert response.status_code == 200, response.body
    without = bare_stack.http.get(re.sub(r"[?&]_=\d*$", "", path))
    assert response.body == without.body


def test_an_unknown_parameter_beside_the_cache_buster_is_still_refused(bare_stack: Stack) -> None:
    # Given the cache-buster and a parameter no route takes, When a feed is read with both
    response = bare_stack.http.get("/questions?platform_id=sx-06-01&_=1&__=1")
    # Then the unknown one is a 400, named
    assert response.status_code == 400
    assert response.json_body["error"]["fields"][0]["field"] == "__"
