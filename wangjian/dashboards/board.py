"""The board for one division, cached per day: the figures are computed once a day per division,
role and language, and the page shows the time they were computed (as of). Drill-down lists are
read live, so a figure and its list can differ when rows changed since the as-of time; the page
says so."""

from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone, translation

from wangjian.dashboards.figures import Table, comparison, figures_for


@dataclass
class Board:
    as_of: object
    tables: list[Table]
    comparison: Table
    compared: list[str]

    def table(self, key: str) -> Table | None:
        if key == "comparison":
            return self.comparison
        return next((t for t in self.tables if t.key == key), None)


def cache_key(user, division) -> str:
    day = timezone.localdate().isoformat()
    return f"dashboards:board:{division.pk}:{user.role}:{translation.get_language()}:{day}"


def compute_board(user, division) -> Board:
    tables = [figure.table(figure.base(user, division)) for figure in figures_for(user)]
    compared_table, compared = comparison(user, division)
    return Board(timezone.now(), tables, compared_table, [f.key for f in compared])


def board_for(user, division, *, refresh: bool = False) -> Board:
    key = cache_key(user, division)
    board = None if refresh else cache.get(key)
    if board is None:
        board = compute_board(user, division)
        cache.set(key, board, timeout=24 * 3600)
    return board
