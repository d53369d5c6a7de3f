"""Public search routes: find questions, and the answered twins of a question being typed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from functions.deferred import Deferred
from functions.http import endpoint, parse_query
from functions.schemas.search import (
    SearchHitOut,
    SearchPageOut,
    SearchQuery,
    SimilarOut,
    SimilarQuery,
)

if TYPE_CHECKING:
    from youthvoice.domain.search import SearchDocument
    from youthvoice.services import people, search
    from youthvoice.services.people import ListedNames
else:
    people = Deferred("youthvoice.services.people")
    search = Deferred("youthvoice.services.search")

search_routes = Blueprint(__name__)


@endpoint(
    search_routes,
    "/search",
    summary="Visible questions ranked by relevance, with highlighted snippets",
    query=SearchQuery,
    response=SearchPageOut,
)
def search_questions() -> SearchPageOut:
    query = parse_query(search_routes.current_request, SearchQuery)
    page = search.search(query.q, query.platform_id, query.topic, query.status, query.page)
    names = listed_names([result.document for result in page.items])
    return SearchPageOut.of(page, lambda result: SearchHitOut.of(result, names))


@endpoint(
    search_routes,
    "/questions/similar",
    summary="The answered questions most like a draft, to show while it is typed",
    query=SimilarQuery,
    response=SimilarOut,
)
def similar_questions() -> SimilarOut:
    query = parse_query(search_routes.current_request, SimilarQuery)
    found = search.similar(query.title, query.body, query.topic)
    names = listed_names([result.document for result in found])
    return SimilarOut(items=[SearchHitOut.of(result, names) for result in found])


def listed_names(documents: list[SearchDocument]) -> ListedNames:
    return people.listed_names((document.platform_id, document.asker) for document in documents)
