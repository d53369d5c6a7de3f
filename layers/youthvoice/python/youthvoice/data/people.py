"""People's profiles: what a person chose to be shown by, one item per user."""

from __future__ import annotations

from collections.abc import Collection

from youthvoice.data import keys
from youthvoice.data.models import ContentItem, ProfileItem
from youthvoice.data.platforms import of_kind


class ProfileRepository:
    def nicknames(self, user_ids: Collection[str]) -> dict[str, str]:
        """The nicknames of those who set one, in one BatchGet; the others are absent."""
        if not user_ids:
            return {}
        found = ContentItem.batch_get(
            [(keys.user_pk(user_id), keys.USER_PROFILE) for user_id in set(user_ids)]
        )
        return {item.user_id: item.nickname for item in of_kind(found, ProfileItem)}

    def forget(self, user_id: str) -> None:
        ProfileItem(keys.user_pk(user_id), keys.USER_PROFILE).delete()

    def set_nickname(self, user_id: str, nickname: str, at: str) -> None:
        ProfileItem(
            keys.user_pk(user_id),
            keys.USER_PROFILE,
            user_id=user_id,
            nickname=nickname,
            updated_at=at,
        ).save()
