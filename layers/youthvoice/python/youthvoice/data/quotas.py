"""Per-user quota counters: one conditional UpdateItem spends every quota of one action."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import reduce

from pynamodb.exceptions import UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.operand import Path

from youthvoice.data import keys
from youthvoice.data.models import QuotaItem
from youthvoice.domain.quotas import Quota, frame

CONDITION_FAILED = "ConditionalCheckFailedException"


class QuotaCounter:
    """Counts live in the Projections table (no stream): losing them only forgives a window."""

    def spend(
        self, user_id: str, quotas: Sequence[Quota], moment: dt.datetime, scope: str = ""
    ) -> list[Quota]:
        """Adds one to every window's count unless one is full; returns the full ones (none
        when spent). Only a refusal reads the item back, to say which window to wait for."""
        item = self._item(user_id, quotas, moment, scope)
        longest = frame(quotas)
        counts = {quota: Path(self._count(quota, moment)) for quota in quotas}
        room: list[Condition] = [
            count.does_not_exist() | (count < quota.limit) for quota, count in counts.items()
        ]
        expires = dt.datetime.fromtimestamp(longest.window_end(moment), dt.UTC)
        try:
            item.update(
                actions=[
                    *(count.add(1) for count in counts.values()),
                    QuotaItem.expires_at.set(expires),
                ],
                condition=reduce(lambda left, right: left & right, room),
            )
        except UpdateError as error:
            if error.cause_response_code != CONDITION_FAILED:
                raise
            return self._full(item, quotas, moment)
        return []

    def full(
        self, user_id: str, quotas: Sequence[Quota], moment: dt.datetime, scope: str = ""
    ) -> list[Quota]:
        """The windows already at their limit, without spending: one strongly consistent read."""
        return self._full(self._item(user_id, quotas, moment, scope), quotas, moment)

    @staticmethod
    def _item(user_id: str, quotas: Sequence[Quota], moment: dt.datetime, scope: str) -> QuotaItem:
        longest = frame(quotas)
        start = longest.window_start(moment)
        return QuotaItem(keys.quota_pk(user_id), keys.quota_sk(longest.action, start, scope))

    @staticmethod
    def _count(quota: Quota, moment: dt.datetime) -> str:
        return keys.quota_count(quota.window, quota.window_start(moment))

    def _full(self, item: QuotaItem, quotas: Sequence[Quota], moment: dt.datetime) -> list[Quota]:
        # The counts are attributes the model does not declare: read the item as DynamoDB has it.
        raw = QuotaItem._get_connection().get_item(item.pk, item.sk, consistent_read=True)
        stored = raw.get("Item", {})
        return [
            quota
            for quota in quotas
            if int(stored.get(self._count(quota, moment), {}).get("N", 0)) >= quota.limit
        ]
