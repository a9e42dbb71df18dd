"""API rate limits per signed-in user and per anonymous address.

DRF's rate classes read their rates once, at import; these read ``settings.API_THROTTLE_RATES``
on every request so that an operator's environment and the tests' overrides both apply.

The limit is DRF's: at most N calls in any ``duration`` seconds (the times of the calls within
the window are kept, newest first). What differs is where they are kept: one row per key in
``core_apiratecounter``, read under the row's lock and rewritten in the same short transaction,
so two worker processes counting the same key at once are serialised and no call goes uncounted.
That needs nothing beyond the database (no cache server), and costs two statements a call where
DRF's throttle on the database cache issued about six, unlocked (two processes could both read
the same history and each write back their own, losing a call).

On PostgreSQL the counting transaction's commit does not wait for the disk (``synchronous_commit``
off for that transaction only): a crash can forget the last few calls' times, never a change.
"""

import random
import time

from django.conf import settings
from django.db import connection, transaction
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from wangjian.core.models import ApiRateCounter

# About one call in this many removes the rows of keys idle for a day (the longest period a
# rate can name), so the table does not grow with every address that ever called.
CLEAN_UP_ONE_CALL_IN = 1000
IDLE_MILLISECONDS = 24 * 3600 * 1000

_TABLE = ApiRateCounter._meta.db_table
# Creates the row when missing and locks it either way (PostgreSQL locks a row that ON CONFLICT
# updates; SQLite's IMMEDIATE transactions hold the database's write lock from the start).
_LOCK = f"""
    INSERT INTO {_TABLE} ("key", calls, last_call)
    SELECT %s, '', %s {{relaxed}}
    ON CONFLICT ("key") DO UPDATE SET calls = {_TABLE}.calls
    RETURNING calls
"""
# set_config(…, true) lasts until the end of the transaction.
_RELAXED_POSTGRESQL = "FROM (SELECT set_config('synchronous_commit', 'off', true)) AS relaxed"
# SQLite reads "INSERT … SELECT … ON CONFLICT" as a join unless the SELECT has a WHERE clause.
_RELAXED_SQLITE = "WHERE true"
_WRITE = f'UPDATE {_TABLE} SET calls = %s, last_call = %s WHERE "key" = %s'


def count_call(key: str, limit: int, duration: float, now: float) -> list[float] | None:
    """Count a call for ``key`` at ``now`` unless ``limit`` calls fall within the last
    ``duration`` seconds. Return None when counted, else the times of those calls."""
    relaxed = _RELAXED_POSTGRESQL if connection.vendor == "postgresql" else _RELAXED_SQLITE
    now_ms = int(now * 1000)
    since_ms = now_ms - int(duration * 1000)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_LOCK.format(relaxed=relaxed), [key, now_ms])
        (stored,) = cursor.fetchone()
        recent = [int(value) for value in stored.split()]
        while recent and recent[-1] <= since_ms:
            recent.pop()
        if len(recent) >= limit:
            return [value / 1000 for value in recent]
        recent.insert(0, now_ms)
        cursor.execute(_WRITE, [" ".join(map(str, recent)), now_ms, key])
    if random.randrange(CLEAN_UP_ONE_CALL_IN) == 0:
        ApiRateCounter.objects.filter(last_call__lt=now_ms - IDLE_MILLISECONDS).delete()
    return None


class CountedThrottle:
    """``allow_request`` on the shared counter, mixed into DRF's rate classes, which provide the
    rate parsing, the key per user or address, and ``wait`` (from ``history`` and ``now``)."""

    def get_rate(self):
        return settings.API_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = time.time()
        refused = count_call(self.key, self.num_requests, self.duration, self.now)
        if refused is None:
            return True
        self.history = refused
        return False


class UserThrottle(CountedThrottle, UserRateThrottle):
    pass


class AnonymousThrottle(CountedThrottle, AnonRateThrottle):
    pass
