"""Record-level checks: rules that look at a record's fields rather than at a phrase.

Each check takes the rule, the record, the record's normalised text and the pack, and returns
``(field, start, end, match, explanation)`` tuples, one per problem found. Thresholds come from
the pack's parameters, each with its legal basis and confirmation status.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from wangjian.core.identifiers import check_uscc

from .records import Record
from .rules import Rule, RulePack

USCC_IN_TEXT = re.compile(r"(?:统一社会信用代码|信用代码|注册号)\s*[:：]?\s*([0-9A-Za-z]{15,20})")
NAME_IN_TEXT = re.compile(
    r"(?:企业名称|公司名称|经营者名称|主体名称|名称)\s*[:：]\s*([^\s，。；;,|]+)"
)


def _money(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _cents(value: float) -> Decimal:
    """A price as money: rounded to the cent, as ``_money`` shows it.

    Prices arrive as floats (JSON, CSV, Parquet); 0.1 + 0.2 and 0.3 are the same price on a
    page, and a finding must never rest on a difference the explanation cannot show.
    """
    return Decimal(f"{value:.2f}")


def _reference_day(record: Record):
    if record.observed_on is not None:
        return record.observed_on
    return record.price_history[-1].on if record.price_history else None


def _health_food_label_field(text: str, pack: RulePack) -> bool:
    """The text is one of the label items 食品安全法第七十八条 requires (适宜人群, 不适宜人群,
    功效成分, 食用方法…) and nothing else: it is not the advertisement, so the statement's absence
    from it shows nothing about the page it came from."""
    if re.match(pack.parameter("health_food_label_fields"), text.strip()):
        return True
    segments = [s for s in re.split(r"[，,；;。\s]+", text) if s]
    population = re.compile(pack.parameter("health_food_population_line"))
    if segments and all(population.fullmatch(segment) for segment in segments):
        return True
    sentences = [s for s in re.split(r"[。；;！!\n]+", text) if s.strip()]
    caution = re.compile(pack.parameter("health_food_caution_line"))
    dosage = re.compile(pack.parameter("health_food_dosage_line"))
    return bool(sentences) and all(
        caution.search(sentence) or dosage.search(sentence) for sentence in sentences
    )


def health_food_statement(rule: Rule, record: Record, text: str, pack: RulePack):
    statement = pack.parameter("health_food_statement")
    if statement in text or _health_food_label_field(text, pack):
        return []
    # A reworded statement (本品不能替代药物) is not the statutory wording, but whether it is
    # 显著标明 enough is for a person to judge: HF-006 raises it for review, HF-001 stays silent.
    if re.search(pack.parameter("health_food_statement_variants"), text):
        return []
    return [("text", 0, 0, "", rule.explanation.format(statement=statement, match=""))]


def health_food_statement_variant(rule: Rule, record: Record, text: str, pack: RulePack):
    statement = pack.parameter("health_food_statement")
    if statement in text:
        return []
    variants = pack.parameter("health_food_statement_variants")
    found = re.search(variants, text)
    if found is None:
        return []
    explanation = rule.explanation.format(statement=statement, match=found.group())
    # ``text`` is normalised; the place is reported only where the words stand as they are in
    # the record's own text (not split by spaces or symbols), else the finding covers the record.
    for field_name in ("text", "title"):
        own = re.search(variants, getattr(record, field_name) or "")
        if own is not None:
            return [(field_name, own.start(), own.end(), own.group(), explanation)]
    return [("text", 0, 0, found.group(), explanation)]


def _recent_low(record: Record, pack: RulePack):
    """The price the comparison price may not exceed (第十六条第二款), with how it was found:
    the lowest transaction price of the window before the comparison, else the last one before
    it; None without a transaction before the comparison."""
    day = _reference_day(record)
    window = int(pack.parameter("price_comparison_window_days"))
    earlier = [point for point in record.price_history if point.on < day]
    recent = [point.price for point in earlier if point.on >= day - timedelta(days=window)]
    if recent:
        limit = min(recent)
        first, last = day - timedelta(days=window), day - timedelta(days=1)
        basis = f"比较前{window}日内（{first} 至 {last}）最低成交价"
    elif earlier:
        limit = earlier[-1].price
        basis = f"前{window}日内无交易，比较前最后一次成交价（{earlier[-1].on}）"
    else:
        return None
    return limit, basis


def comparison_price_within_recent_low(record: Record, pack: RulePack) -> bool:
    """The record's price history shows its comparison price lawful by 第十六条第二款."""
    if record.comparison_price is None or not record.price_history:
        return False
    low = _recent_low(record, pack)
    return low is not None and _cents(record.comparison_price) <= _cents(low[0])


def comparison_price_above_recent_low(rule: Rule, record: Record, text: str, pack: RulePack):
    if record.comparison_price is None or not record.price_history:
        return []
    low = _recent_low(record, pack)
    if low is None:
        return []
    limit, basis = low
    if record.comparison_price <= limit:
        return []
    explanation = rule.explanation.format(
        comparison_price=_money(record.comparison_price), limit=_money(limit), basis=basis, match=""
    )
    return [("comparison_price", 0, 0, _money(record.comparison_price), explanation)]


def raise_then_discount(rule: Rule, record: Record, text: str, pack: RulePack):
    if record.comparison_price is None or record.price is None or not record.price_history:
        return []
    day = _reference_day(record)
    window = int(pack.parameter("price_comparison_window_days"))
    lookback = int(pack.parameter("price_raise_lookback_days"))
    window_start = day - timedelta(days=window)
    before_window = [
        point.price
        for point in record.price_history
        if day - timedelta(days=lookback) <= point.on < window_start
    ]
    in_window = [point.price for point in record.price_history if window_start <= point.on < day]
    if not before_window or not in_window:
        return []
    usual, raised = min(before_window), max(in_window)
    if not (raised > usual and record.comparison_price >= raised and record.price >= usual):
        return []
    explanation = rule.explanation.format(
        usual=_money(usual),
        raised=_money(raised),
        price=_money(record.price),
        comparison_price=_money(record.comparison_price),
        lookback=lookback,
        window=window,
        match="",
    )
    return [("price_history", 0, 0, _money(raised), explanation)]


def display_price_below_detail_price(rule: Rule, record: Record, text: str, pack: RulePack):
    # 第二十条第一项 names no tolerance: any cent lower is the prohibited act.
    if record.display_price is None or record.price is None:
        return []
    if _cents(record.display_price) >= _cents(record.price):
        return []
    display_price, detail_price = _money(record.display_price), _money(record.price)
    explanation = rule.explanation.format(
        display_price=display_price, detail_price=detail_price, match=""
    )
    return [("display_price", 0, 0, display_price, explanation)]


def limited_offer_not_limited(rule: Rule, record: Record, text: str, pack: RulePack):
    """A 限时/秒杀 price that transactions show has been the ordinary price for a while."""
    if record.price is None or not record.price_history:
        return []
    cues = pack.parameter("limited_offer_cues")
    seen = re.search(cues, text)
    if seen is None:
        return []
    day = _reference_day(record)
    days = int(pack.parameter("limited_offer_flat_days"))
    since = day - timedelta(days=days)
    earlier = [point for point in record.price_history if point.on < day]
    # The period must be covered: a point on or before its start, and every price since then
    # no higher than the "limited" one.
    covering = [point for point in earlier if point.on <= since]
    if not covering:
        return []
    period = [covering[-1], *(point for point in earlier if point.on > since)]
    if any(_cents(point.price) > _cents(record.price) for point in period):
        return []
    # Offsets point into the field as received; a cue seen only after normalisation (full
    # width, inserted symbols) is reported without a span.
    field_name, start, end, found = "text", 0, 0, seen.group()
    for name, value in (("text", record.text), ("title", record.title)):
        cue = re.search(cues, value)
        if cue is not None:
            field_name, start, end, found = name, cue.start(), cue.end(), cue.group()
            break
    explanation = rule.explanation.format(
        cue=found,
        price=_money(record.price),
        since=period[0].on.isoformat(),
        days=days,
        match=found,
    )
    return [(field_name, start, end, found, explanation)]


def food_licence_missing(rule: Rule, record: Record, text: str, pack: RulePack):
    """LD-004: a food shop's home page shows no food-business licence. As for LD-001 and LD-005,
    a text without its page's address is read only where it reads as the front page: a food
    shop's help page (如何取消订单？) is not where the licence is shown."""
    if re.search(pack.parameter("food_licence_cues"), text):
        return []
    if not record.url and not re.search(pack.parameter("shop_front_page_cues"), text):
        return []
    return [("text", 0, 0, "", rule.explanation.format(match=""))]


def _licence_shown(record: Record, text: str, pack: RulePack) -> bool:
    """The record gives a 统一社会信用代码 or its text a licence cue (营业执照, 亮照…)."""
    return bool(record.uscc or re.search(pack.parameter("licence_cues"), text))


def licence_missing(rule: Rule, record: Record, text: str, pack: RulePack):
    """LD-001: a shop page taken from a known address shows no licence information. A text
    without its page's address is left alone: it may be one notice of the shop rather than its
    home page, and without the page the absence could not be captured as evidence."""
    if not record.url or _licence_shown(record, text, pack):
        return []
    return [("text", 0, 0, "", rule.explanation.format(match=""))]


def licence_missing_front_page_text(rule: Rule, record: Record, text: str, pack: RulePack):
    """LD-005: a text without its page's address that reads as a shop's front page (a greeting,
    an introduction of the shop) shows no licence information. Whether the home page shows it,
    perhaps as an icon or link a text does not carry, is for a person to look at."""
    if record.url or _licence_shown(record, text, pack):
        return []
    if not re.search(pack.parameter("shop_front_page_cues"), text):
        return []
    return [("text", 0, 0, "", rule.explanation.format(match=""))]


def licence_invalid_uscc(rule: Rule, record: Record, text: str, pack: RulePack):
    problems = []
    candidates = []
    if record.uscc:
        candidates.append(("uscc", 0, 0, record.uscc))
    for found in USCC_IN_TEXT.finditer(record.text):
        candidates.append(("text", found.start(1), found.end(1), found.group(1)))
    for field_name, start, end, code in candidates:
        outcome = check_uscc(code)
        if not outcome.valid:
            explanation = rule.explanation.format(code=code, reason=outcome.reason_zh, match=code)
            problems.append((field_name, start, end, code, explanation))
    return problems


def _comparable_name(name: str) -> str:
    return re.sub(r"\s+", "", name).replace("（", "(").replace("）", ")")


def licence_name_mismatch(rule: Rule, record: Record, text: str, pack: RulePack):
    if not record.registered_name:
        return []
    if record.displayed_name:
        shown = [("displayed_name", 0, 0, record.displayed_name)]
    else:
        shown = [
            ("text", found.start(1), found.end(1), found.group(1))
            for found in NAME_IN_TEXT.finditer(record.text)
        ]
    registered = _comparable_name(record.registered_name)
    return [
        (
            field_name,
            start,
            end,
            name,
            rule.explanation.format(shown=name, registered=record.registered_name, match=name),
        )
        for field_name, start, end, name in shown
        if _comparable_name(name) != registered
    ]


def health_food_label_item(record: Record, pack: RulePack) -> bool:
    """The record's text is one label item (食品安全法第七十八条), not an advertisement."""
    return _health_food_label_field(record.text, pack)


# An amount of money as shop copy writes it: 14元, ¥399, 39块9, 六百九十九元.
_AMOUNT = re.compile(
    r"[¥￥]\s*\d|\d+(?:\.\d+)?\s*(?:元|块)|[一二三四五六七八九十两百千万]+\s*(?:元|块)"
)


def single_price_shown(record: Record, pack: RulePack) -> bool:
    """The record shows one amount and no other price: 零售价：14元/500克 is the price itself.

    A price labelled 零售价 or 市场价 is a 被比较价格 (明码标价和禁止价格欺诈规定第十六条) only
    when something is compared with it; with one amount in the whole record and no second price
    in its fields, nothing is."""
    if record.comparison_price is not None or record.display_price is not None:
        return False
    return len(_AMOUNT.findall(record.title)) + len(_AMOUNT.findall(record.text)) == 1


RECORD_CONDITIONS = {
    "comparison_price_within_recent_low": comparison_price_within_recent_low,
    "health_food_label_item": health_food_label_item,
    "single_price_shown": single_price_shown,
}

RECORD_CHECKS = {
    "health_food_statement": health_food_statement,
    "health_food_statement_variant": health_food_statement_variant,
    "comparison_price_above_recent_low": comparison_price_above_recent_low,
    "raise_then_discount": raise_then_discount,
    "display_price_below_detail_price": display_price_below_detail_price,
    "limited_offer_not_limited": limited_offer_not_limited,
    "food_licence_missing": food_licence_missing,
    "licence_missing": licence_missing,
    "licence_missing_front_page_text": licence_missing_front_page_text,
    "licence_invalid_uscc": licence_invalid_uscc,
    "licence_name_mismatch": licence_name_mismatch,
}
