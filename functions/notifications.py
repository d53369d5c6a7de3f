"""The signed-in user's notification inbox."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from functions.auth import bearer_token
from functions.deferred import Deferred
from functions.http import endpoint, parse_body, parse_query, principal_of
from functions.schemas.notifications import (
    InboxOut,
    NotificationQuery,
    ReadIn,
    ReadOut,
)

if TYPE_CHECKING:
    from youthvoice.services import notifications
else:
    notifications = Deferred("youthvoice.services.notifications")

notification_routes = Blueprint(__name__)


@endpoint(
    notification_routes,
    "/me/notifications",
    summary="My notifications, newest first, with the unread count",
    query=NotificationQuery,
    response=InboxOut,
    authorizer=bearer_token,
)
def my_notifications() -> InboxOut:
    request = notification_routes.current_request
    query = parse_query(request, NotificationQuery)
    return InboxOut.of(notifications.inbox(principal_of(request), query.desk, query.page))


@endpoint(
    notification_routes,
    "/me/notifications/read",
    method="POST",
    summary='Mark notifications read: {"ids": [...]} or {"all": true}',
    body=ReadIn,
    response=ReadOut,
    authorizer=bearer_token,
)
def mark_read() -> ReadOut:
    request = notification_routes.current_request
    body = parse_body(request, ReadIn)
    marked = notifications.mark_read(principal_of(request), body.desk, body.ids, body.all)
    return ReadOut(marked=marked)
