"""API rate limits per signed-in user and per anonymous address.

DRF's rate classes read their rates once, at import; these read ``settings.API_THROTTLE_RATES``
on every request so that an operator's environment and the tests' overrides both apply.

The counts live in the database table ``core_apiratecounter``, shared by every worker process,
and each call is counted by one atomic statement (an upsert returning the new count): two
workers counting the same key at once are serialised by the row, so the limit holds across
processes with no cache server. (DRF's own throttle reads a list of timestamps from the cache
and writes it back, which loses counts between processes, and on the database cache costs
about six statements a call.)

The limit is a sliding-window counter: the calls of the current period plus the previous
period's, weighted by how much of it still falls within the last ``duration`` seconds. A call
the limit refuses is not counted, as with DRF. On PostgreSQL the statement's commit does not
wait for the disk (``synchronous_commit`` off for that one transaction): a crash can forget the
last few counts, never a complaint.
"""

import random
import time

from django.conf import settings
from django.db import connection
from django.db.models import F
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from wangjian.core.models import ApiRateCounter

# Counters of keys idle for two periods are dead weight: about one call in this many removes
# them (one delete over a table of one row per active key), so the table does not grow with every
# address that ever called.
CLEAN_UP_ONE_CALL_IN = 1000

_TABLE = ApiRateCounter._meta.db_table
_COUNT = f"""
    INSERT INTO {_TABLE} ("key", period_index, current_count, previous_count)
    SELECT %s, %s, 1, 0 {{relaxed}}
    ON CONFLICT ("key") DO UPDATE SET
        previous_count = CASE
            WHEN {_TABLE}.period_index = excluded.period_index THEN {_TABLE}.previous_count
            WHEN {_TABLE}.period_index = excluded.period_index - 1 THEN {_TABLE}.current_count
            ELSE 0 END,
        current_count = CASE
            WHEN {_TABLE}.period_index = excluded.period_index THEN {_TABLE}.current_count + 1
            ELSE 1 END,
        period_index = excluded.period_index
    RETURNING current_count, previous_count
"""
# Only for the one transaction of this statement (set_config(…, true) is transaction-local).
_RELAXED_POSTGRESQL = "FROM (SELECT set_config('synchronous_commit', 'off', true)) AS relaxed"
# SQLite reads "INSERT … SELECT … ON CONFLICT" as a join unless the SELECT has a WHERE clause.
_RELAXED_SQLITE = "WHERE true"


def count_call(key: str, duration: int, now: float) -> tuple[int, int, float]:
    """Count one call for ``key``: (calls this period, calls last period, fraction of this
    period elapsed)."""
    period, elapsed = divmod(now, duration)
    relaxed = _RELAXED_POSTGRESQL if connection.vendor == "postgresql" else _RELAXED_SQLITE
    with connection.cursor() as cursor:
        cursor.execute(_COUNT.format(relaxed=relaxed), [key, int(period)])
        current, previous = cursor.fetchone()
    if random.randrange(CLEAN_UP_ONE_CALL_IN) == 0:
        ApiRateCounter.objects.filter(period_index__lt=int(period) - 1).delete()
    return current, previous, elapsed / duration


def uncount_call(key: str, duration: int, now: float) -> None:
    """Take back a refused call's count, so that a client calling on regardless is let through
    again as soon as its allowed calls slide out of the window."""
    ApiRateCounter.objects.filter(
        key=key, period_index=int(now // duration), current_count__gt=0
    ).update(current_count=F("current_count") - 1)


class CountedThrottle:
    """``allow_request`` and ``wait`` on the shared counter (mixed into DRF's rate classes, which
    provide the rate parsing and the key per user or address)."""

    def get_rate(self):
        return settings.API_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = time.time()
        current, previous, elapsed = count_call(self.key, self.duration, self.now)
        # The previous period's calls still inside the sliding window, assumed evenly spread.
        estimate = previous * (1 - elapsed) + current
        if estimate <= self.num_requests:
            return True
        uncount_call(self.key, self.duration, self.now)
        self.estimate = estimate
        return False

    def wait(self):
        """Seconds until enough of the previous period has slid out of the window, at most
        the rest of this period."""
        rest = self.duration - self.now % self.duration
        return max(1.0, rest)


class UserThrottle(CountedThrottle, UserRateThrottle):
    pass


class AnonymousThrottle(CountedThrottle, AnonRateThrottle):
    pass
