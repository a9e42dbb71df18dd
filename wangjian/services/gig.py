"""Checks of gig workers' 个体工商户 applications against the versioned rules in
``data/gig_registration.yaml``: ID number (GB 11643), name (行政区划 + 字号 + 行业 + 组织形式,
prohibited words), scope (standard wording), hosting agreement. Pure functions over rows."""

import datetime as dt
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data" / "gig_registration.yaml"
COLUMNS = ("applicant_name", "id_number", "business_name", "scope", "shop_id", "hosting_agreement")
SCOPE_SEPARATORS = ("；", ";")


def gig_rules() -> dict:
    """The rules in force: ``data/gig_registration.yaml``, or the file a deployment names in the
    ``SERVICES_GIG_RULES_FILE`` setting (its own version of the same document)."""
    from django.conf import settings

    return _load_rules(str(getattr(settings, "SERVICES_GIG_RULES_FILE", "") or DATA))


@cache
def _load_rules(path: str) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def application_kind(scope: list[str]) -> dict | None:
    """The auto-approval kind of an application: the first whose ``scope_within`` holds every
    scope item applied for, or None."""
    for kind in gig_rules()["auto_approval"]["kinds"]:
        if scope and set(scope) <= set(kind["scope_within"]):
            return kind
    return None


def annual_report_window(year: int) -> tuple[dt.date, dt.date]:
    """The window in ``year`` for reporting on ``year - 1``."""
    window = gig_rules()["annual_report"]["window"]
    return (
        dt.date(year, window["from_month"], window["from_day"]),
        dt.date(year, window["to_month"], window["to_day"]),
    )


def error(field: str, rule: str, message: str) -> dict:
    return {"field": field, "rule": rule, "message": message}


def split_scope(value) -> list[str]:
    if isinstance(value, list):
        return [str(item).strip() for item in value if str(item).strip()]
    text = str(value or "")
    for separator in SCOPE_SEPARATORS[1:]:
        text = text.replace(separator, SCOPE_SEPARATORS[0])
    return [item.strip() for item in text.split(SCOPE_SEPARATORS[0]) if item.strip()]


def check_name(name: str) -> list[dict]:
    """Errors of a proposed 个体工商户 name, each naming the rule it breaks."""
    naming = gig_rules()["naming"]
    name = name.strip()
    errors = []
    for entry in naming["prohibited_words"]:
        if entry["word"] in name:
            errors.append(
                error(
                    "business_name",
                    "prohibited_word",
                    f"名称含禁用字词“{entry['word']}”：{entry['reason']} / the name contains the "
                    f"prohibited word {entry['word']}",
                )
            )
    region = next((r for r in naming["regions"] if name.startswith(r)), None)
    form = next((f for f in naming["organisation_forms"] if name.endswith(f)), None)
    if region is None:
        errors.append(
            error(
                "business_name",
                "region",
                f"名称应以行政区划开头（{'、'.join(naming['regions'])}）/ the name must start with "
                "the administrative division",
            )
        )
    if form is None:
        errors.append(
            error(
                "business_name",
                "organisation_form",
                "名称应以个体工商户的组织形式结尾（如工作室、经营部、店）/ the name must end with "
                "an organisation form",
            )
        )
    if region is not None and form is not None:
        middle = name[len(region) : len(name) - len(form)]
        industry = next((i for i in naming["industries"] if middle.endswith(i)), None)
        if industry is None:
            errors.append(
                error(
                    "business_name",
                    "industry",
                    "名称应在组织形式前标明行业或经营特点 / the name must state the industry "
                    "before the organisation form",
                )
            )
        elif len(middle) - len(industry) < naming["min_trade_name_chars"]:
            errors.append(
                error(
                    "business_name",
                    "trade_name",
                    f"字号应由{naming['min_trade_name_chars']}个以上汉字组成 / the trade name "
                    "needs at least two characters",
                )
            )
    return errors


def check_scope(items: list[str]) -> list[dict]:
    allowed = set(gig_rules()["scope"]["items"])
    if not items:
        return [error("scope", "scope_missing", "经营范围不能为空 / the business scope is empty")]
    return [
        error(
            "scope",
            "scope_not_in_list",
            f"经营范围“{item}”不是规范表述目录中的条目 / scope {item!r} is not in the standard "
            "wording list",
        )
        for item in items
        if item not in allowed
    ]


def parse_csv(data: bytes, file_name: str = "upload.csv") -> list[dict]:
    """Rows of an uploaded CSV (UTF-8 with or without BOM, or GB18030) with the columns
    ``COLUMNS``, read within the deployment's import limits (``core.uploads``). A file that
    cannot be read raises ``ValueError`` (``FileRefused``) with a bilingual message."""
    from wangjian.core.uploads import csv_rows, import_limits

    reader = csv_rows(file_name, data, import_limits())
    header = [name.strip().lstrip("\ufeff") for name in next(reader, None) or []]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise ValueError(
            f"文件缺少列：{'、'.join(missing)} / the file lacks the columns {', '.join(missing)}"
        )
    rows = []
    for values in reader:
        if not any(value.strip() for value in values):
            continue
        row = dict(zip(header, values, strict=False))
        rows.append({column: (row.get(column) or "").strip() for column in COLUMNS})
    return rows
