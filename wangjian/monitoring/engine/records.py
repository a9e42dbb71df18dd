"""Records in and findings out: the engine's data, independent of any file format or database.

A ``Record`` is one listing, ad, shop page, live-stream transcript or review. A ``Finding`` is one
rule firing on it, with the verdict, the legal basis and the span in the original text. The
fields of ``Finding.as_dict`` are what the platform stores per finding (rule, verdict, basis,
span, explanation) plus the record's shop, so scan jobs can link findings to shops.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from .rules import SOURCE_TYPES

FINDING_FIELDS = (
    "id",
    "rule",
    "family",
    "verdict",
    "legal_basis",
    "start",
    "end",
    "match",
    "explanation",
    "field",
    "severity",
    "context",
    "shop_id",
    "source_type",
    "line",
    "rule_pack",
)


class RecordError(ValueError):
    """A malformed input record; the message names the line, the field and the rule broken."""

    def __init__(self, line: int, field_name: str, zh: str, en: str) -> None:
        self.line = line
        self.field_name = field_name
        self.zh, self.en = zh, en
        super().__init__(
            f"第 {line} 行，字段 {field_name}：{zh} / line {line}, field {field_name}: {en}"
        )


@dataclass(frozen=True, slots=True)
class PricePoint:
    on: date
    price: float


@dataclass(frozen=True, slots=True)
class Record:
    id: str
    text: str
    source_type: str = "listing"
    category: str = ""
    shop_id: str = ""
    title: str = ""
    price: float | None = None  # the price shown on the detail page (the listing itself)
    comparison_price: float | None = None
    # The price shown for the same goods on the home page, a search or list page or another
    # prominent position (首页或者其他显著位置, 明码标价和禁止价格欺诈规定 第二十条第一项).
    display_price: float | None = None
    price_history: tuple[PricePoint, ...] = ()
    observed_on: date | None = None
    uscc: str = ""
    registered_name: str = ""
    displayed_name: str = ""
    # The page the text was taken from: where evidence of a finding is captured.
    url: str = ""
    line: int = 0


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ is several times slower
class Finding:
    id: str
    rule: str
    family: str
    verdict: str
    legal_basis: tuple[str, ...]
    start: int
    end: int
    match: str
    explanation: str
    field: str
    severity: str
    context: str
    shop_id: str
    source_type: str
    line: int
    rule_pack: str

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "rule": self.rule,
            "family": self.family,
            "verdict": self.verdict,
            "legal_basis": list(self.legal_basis),
            "start": self.start,
            "end": self.end,
            "match": self.match,
            "explanation": self.explanation,
            "field": self.field,
            "severity": self.severity,
            "context": self.context,
            "shop_id": self.shop_id,
            "source_type": self.source_type,
            "line": self.line,
            "rule_pack": self.rule_pack,
        }


def _text_field(raw: dict, name: str, line: int, *, required: bool = False) -> str:
    value = raw.get(name)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        if required:
            raise RecordError(line, name, "缺少必填字段", "required field missing")
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise RecordError(line, name, "应为文本", f"must be text, got {type(value).__name__}")
    return str(value)


def _price(raw: dict, name: str, line: int) -> float | None:
    value = raw.get(name)
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise RecordError(
            line, name, f"价格 {value!r} 不是数字", f"price {value!r} is not a number"
        ) from None
    if math.isnan(number):
        return None
    if number < 0 or math.isinf(number):
        raise RecordError(line, name, f"价格 {value!r} 无效", f"price {value!r} is invalid")
    return number


def _date(value, line: int, name: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise RecordError(
            line, name, f"日期 {value!r} 应为 YYYY-MM-DD", f"date {value!r} must be YYYY-MM-DD"
        ) from None


def _price_history(raw: dict, line: int) -> tuple[PricePoint, ...]:
    value = raw.get("price_history")
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        import json

        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            raise RecordError(
                line, "price_history", "应为 JSON 列表", "must be a JSON list"
            ) from None
    if not isinstance(value, list | tuple):
        raise RecordError(
            line, "price_history", "应为 {date, price} 列表", "must be a list of {date, price}"
        )
    points = []
    for item in value:
        if not isinstance(item, dict) or "date" not in item or "price" not in item:
            raise RecordError(
                line, "price_history", "每项应含 date 和 price", "each item needs date and price"
            )
        price = _price(item, "price", line)
        if price is None:
            raise RecordError(line, "price_history", "价格为空", "empty price")
        points.append(PricePoint(on=_date(item["date"], line, "price_history"), price=price))
    return tuple(sorted(points, key=lambda point: point.on))


def parse_record(raw: dict, line: int, category_aliases: dict[str, str] | None = None) -> Record:
    """Check one input record and return it; raise RecordError naming the line and field."""
    if not isinstance(raw, dict):
        raise RecordError(line, "(record)", "记录应为对象", "record must be an object")
    record_id = _text_field(raw, "id", line, required=True)
    if not record_id.strip():
        raise RecordError(line, "id", "编号为空", "empty id")
    text = _text_field(raw, "text", line, required=True)
    source_type = _text_field(raw, "source_type", line) or "listing"
    if source_type not in SOURCE_TYPES:
        raise RecordError(
            line,
            "source_type",
            f"{source_type!r} 不是允许的来源类型 {list(SOURCE_TYPES)}",
            f"{source_type!r} is not one of {list(SOURCE_TYPES)}",
        )
    category = _text_field(raw, "category", line).strip()
    if category_aliases:
        category = category_aliases.get(category, category)
    url = _text_field(raw, "url", line).strip()
    if url and not url.startswith(("http://", "https://")):
        raise RecordError(
            line,
            "url",
            f"网址 {url[:80]!r} 应以 http:// 或 https:// 开头",
            f"url {url[:80]!r} must start with http:// or https://",
        )
    observed = raw.get("date") or raw.get("observed_on")
    return Record(
        id=record_id,
        text=text,
        source_type=source_type,
        category=category,
        shop_id=_text_field(raw, "shop_id", line),
        title=_text_field(raw, "title", line),
        price=_price(raw, "price", line),
        comparison_price=_price(raw, "comparison_price", line),
        display_price=_price(raw, "display_price", line),
        price_history=_price_history(raw, line),
        observed_on=_date(observed, line, "date") if observed else None,
        uscc=_text_field(raw, "uscc", line).strip(),
        registered_name=_text_field(raw, "registered_name", line).strip(),
        displayed_name=_text_field(raw, "displayed_name", line).strip(),
        url=url,
        line=line,
    )
