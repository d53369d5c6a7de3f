"""The audit trail: admins and staff read the privileged acts of their subtree, as JSON or CSV."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint, Response

from functions import spreadsheets
from functions.auth import bearer_token
from functions.deferred import Deferred
from functions.http import endpoint, parse_query, principal_of
from functions.schemas.audit import AUDIT_COLUMNS, AuditEntryOut, AuditPageOut, AuditQuery

if TYPE_CHECKING:
    from youthvoice.services import audit
else:
    audit = Deferred("youthvoice.services.audit")

audit_routes = Blueprint(__name__)


@endpoint(
    audit_routes,
    "/audit",
    summary="Privileged acts of a platform's subtree, newest first (admins, staff in scope); "
    "CSV with Accept: text/csv",
    query=AuditQuery,
    response=AuditPageOut,
    authorizer=bearer_token,
    files=(spreadsheets.CSV_TYPE,),
)
def audit_trail() -> Response:
    request = audit_routes.current_request
    query = parse_query(request, AuditQuery)
    page = audit.entries(
        principal_of(request), query.platform_id, query.actor, query.period, query.page
    )
    listed = AuditPageOut.of(page, AuditEntryOut.of)
    return spreadsheets.page_response(request, listed, "audit", AUDIT_COLUMNS)
