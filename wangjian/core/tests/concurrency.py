"""Two requests at once, for double-submission tests on PostgreSQL."""

import threading

import pytest
from django.db import connection

# SQLite lets one writer at a time hold the whole database, so two requests never interleave
# between their check and their write there; the race these tests provoke needs row locks.
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a double submission can only interleave on PostgreSQL (SQLite locks the database)",
)


def race(load, act, *, timeout: float = 60) -> list[tuple[str, object]]:
    """Run ``act(load())`` in two threads, each on its own database connection.

    Both threads load before either acts (a barrier), like two requests that read the same row
    before either writes. Return the two outcomes, each ``("done", result)`` or
    ``("refused", exception)``.
    """
    barrier = threading.Barrier(2, timeout=timeout)
    outcomes: list = [None, None]

    def run(index: int) -> None:
        try:
            loaded = load()
            barrier.wait()
            outcomes[index] = ("done", act(loaded))
        except Exception as error:
            outcomes[index] = ("refused", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert all(not thread.is_alive() for thread in threads), "a request hung on its lock"
    return outcomes


def one_done_one_refused(outcomes, refusal: type[Exception]):
    """The result of the one request that was done, and the other's refusal."""
    done = [value for kind, value in outcomes if kind == "done"]
    refused = [value for kind, value in outcomes if kind == "refused"]
    assert (len(done), len(refused)) == (1, 1), outcomes
    assert isinstance(refused[0], refusal), repr(refused[0])
    return done[0], refused[0]
