"""People's accounts at the identity provider, for an erasure to close the person's own."""

from __future__ import annotations

from typing import Any

from botocore.session import get_session

# Cognito's ListUsers filter quotes the value; a sub holding a quote or backslash is no Cognito sub.
_UNQUOTABLE = frozenset('"\\')


class CognitoAccounts:
    """A Cognito user pool: an account is found by its `sub` (its username may differ)."""

    def __init__(self, region: str, pool_id: str) -> None:
        self._pool_id = pool_id
        self._client: Any = get_session().create_client("cognito-idp", region_name=region)

    def close(self, user_id: str) -> bool:
        if _UNQUOTABLE.intersection(user_id):
            return False
        found = self._client.list_users(
            UserPoolId=self._pool_id, Filter=f'sub = "{user_id}"', Limit=1
        )["Users"]
        if not found:
            return False
        self._client.admin_delete_user(UserPoolId=self._pool_id, Username=found[0]["Username"])
        return True


class NoAccounts:
    """The local stage signs its own tokens, and another issuer's accounts are out of reach."""

    def close(self, user_id: str) -> bool:
        return False
