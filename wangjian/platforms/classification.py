"""平台分类分级: the category and tier of a platform for a year, computed from stored inputs by a
versioned rule file (``data/classification/*.yaml``).

The rules are SAMR's 2021-10-29 draft 《互联网平台分类分级指南（征求意见稿）》: draft guidance,
not law, and every result says so. The tier criteria are conjunctive: a platform is 超级 only when
it meets all four criteria of 超级, 大型 only when it meets all four of 大型, otherwise 中小. Each
criterion is reported with the value, the threshold and whether it holds, so the reasons can be
shown and checked.
"""

import functools
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError

RULES_DIR = Path(__file__).parent / "data" / "classification"
DRAFT_LABEL = "征求意见稿，非正式规定 / draft guidance, not in force"


class ClassificationRuleError(ValidationError):
    pass


@dataclass(frozen=True)
class RuleSet:
    key: str
    version: str
    title: str
    published_on: str
    status: str
    basis: str
    verification: str
    categories: dict
    restriction_levels: tuple
    tiers: tuple
    default_tier: dict
    sha256: str

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def label(self) -> str:
        draft = "（征求意见稿）" if self.is_draft else ""
        return f"《{self.title}》{draft}{self.published_on}"

    def category_label(self, category: str) -> str:
        return self.categories.get(category, {}).get("label", "")

    def subtype_label(self, category: str, subtype: str) -> str:
        return self.categories.get(category, {}).get("subtypes", {}).get(subtype, "")

    def restriction_rank(self, level: str) -> int:
        keys = [item["key"] for item in self.restriction_levels]
        return keys.index(level) if level in keys else -1

    def restriction_label(self, level: str) -> str:
        for item in self.restriction_levels:
            if item["key"] == level:
                return item["label"]
        return "未填报"

    def category_choices(self) -> list[tuple[str, str]]:
        return [(key, value["label"]) for key, value in self.categories.items()]

    def subtype_choices(self) -> list[tuple[str, str]]:
        return [
            (f"{key}.{subtype}", f"{value['label']} · {label}")
            for key, value in self.categories.items()
            for subtype, label in value["subtypes"].items()
        ]


def _fail(where: str, field_name: str, zh: str, en: str):
    raise ClassificationRuleError(
        f"分类分级规则 {where}：字段 {field_name} {zh} / classification rules {where}: field "
        f"{field_name}: {en}"
    )


def read_rule_file(path: Path) -> RuleSet:
    raw = path.read_bytes()
    content = yaml.safe_load(raw)
    where = path.name
    for name in ("key", "version", "title", "published_on", "status", "categories", "tiers"):
        if name not in content:
            _fail(where, name, "缺失", "missing")
    levels = tuple(content.get("restriction_levels") or ())
    level_keys = [item["key"] for item in levels]
    previous_users = None
    for position, tier in enumerate(content["tiers"], start=1):
        for name in ("key", "label", "min_active_users", "min_market_value_100m", "restriction"):
            if name not in tier:
                _fail(where, f"tiers[{position}].{name}", "缺失", "missing")
        if tier["restriction"] not in level_keys:
            _fail(where, f"tiers[{position}].restriction", "不在 restriction_levels 中", "unknown")
        if previous_users is not None and tier["min_active_users"] > previous_users:
            _fail(where, f"tiers[{position}]", "须从高到低排列", "tiers must run highest first")
        previous_users = tier["min_active_users"]
    return RuleSet(
        key=content["key"],
        version=str(content["version"]),
        title=content["title"],
        published_on=str(content["published_on"]),
        status=content["status"],
        basis=content.get("basis", ""),
        verification=content.get("verification", "unconfirmed"),
        categories=content["categories"],
        restriction_levels=levels,
        tiers=tuple(content["tiers"]),
        default_tier=content["default_tier"],
        sha256=hashlib.sha256(raw).hexdigest(),
    )


@functools.cache
def rule_sets() -> dict[str, RuleSet]:
    sets = {}
    for path in sorted(RULES_DIR.glob("*.yaml")):
        rules = read_rule_file(path)
        sets[rules.version] = rules
    return sets


def current_rules() -> RuleSet:
    """The newest rule version (by publication date)."""
    return max(rule_sets().values(), key=lambda rules: rules.published_on)


def rules_version(version: str) -> RuleSet:
    try:
        return rule_sets()[version]
    except KeyError as error:
        raise ClassificationRuleError(
            f"未找到分类分级规则版本 {version} / no classification rules version {version}"
        ) from error


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    value: str
    threshold: str
    met: bool

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "value": self.value,
            "threshold": self.threshold,
            "met": self.met,
        }


def core_categories(business_lines) -> list[str]:
    """The distinct platform categories of the lines marked core (核心业务), in input order."""
    seen = []
    for line in business_lines:
        if line.get("is_core") and line.get("category") and line["category"] not in seen:
            seen.append(line["category"])
    return seen


def main_line(business_lines):
    for line in business_lines:
        if line.get("is_main"):
            return line
    return None


def tier_criteria(rules: RuleSet, tier: dict, inputs: dict) -> list[Criterion]:
    users = inputs.get("annual_active_users")
    value = inputs.get("market_value_100m")
    restriction = inputs.get("restriction_ability") or ""
    lines = inputs.get("business_lines") or []
    cores = core_categories(lines)
    criteria = [
        Criterion(
            "active_users",
            "年活跃用户",
            "未填报" if users is None else f"{users:,}",
            f"≥ {tier['min_active_users']:,}",
            users is not None and users >= tier["min_active_users"],
        ),
    ]
    if tier.get("min_core_categories"):
        labels = "、".join(rules.category_label(key) for key in cores) or "无"
        criteria.append(
            Criterion(
                "core_categories",
                "核心业务涉及的平台类别",
                f"{len(cores)}（{labels}）",
                f"≥ {tier['min_core_categories']}",
                len(cores) >= tier["min_core_categories"],
            )
        )
    else:
        line = main_line(lines)
        criteria.append(
            Criterion(
                "main_business",
                "表现突出的主营业务",
                line["name"] if line else "无",
                "有",
                line is not None,
            )
        )
    amount = None if value in (None, "") else Decimal(str(value))
    criteria.append(
        Criterion(
            "market_value",
            "上年底市值（估值，亿元）",
            "未填报" if amount is None else f"{amount:,}",
            f"≥ {tier['min_market_value_100m']:,}",
            amount is not None and amount >= tier["min_market_value_100m"],
        )
    )
    criteria.append(
        Criterion(
            "restriction",
            "限制商户接触消费者的能力",
            rules.restriction_label(restriction),
            f"{rules.restriction_label(tier['restriction'])}及以上",
            rules.restriction_rank(restriction) >= rules.restriction_rank(tier["restriction"]),
        )
    )
    return criteria


@dataclass(frozen=True)
class Result:
    category: str
    subtype: str
    tier: str
    tier_label: str
    reasons: list

    def reasons_text(self) -> list[str]:
        return [reason["text"] for reason in self.reasons if "text" in reason]


def classify(rules: RuleSet, inputs: dict) -> Result:
    """Category and tier for one platform-year; ``reasons`` explains both.

    ``inputs``: ``annual_active_users`` (int), ``business_lines`` (list of dicts with ``name``,
    ``category``, ``subtype``, ``is_main``, ``is_core``), ``market_value_100m`` (亿元) and
    ``restriction_ability`` (a restriction level key).
    """
    lines = inputs.get("business_lines") or []
    line = main_line(lines) or (lines[0] if lines else None)
    category = line.get("category", "") if line else ""
    subtype = line.get("subtype", "") if line else ""
    reasons = [
        {
            "kind": "category",
            "text": (
                f"平台类别按主营业务「{line['name']}」确定为"
                f"{rules.category_label(category)}"
                + (f" · {rules.subtype_label(category, subtype)}" if subtype else "")
            )
            if line
            else "未填报业务线，无法确定平台类别",
        }
    ]
    chosen = None
    for tier in rules.tiers:
        criteria = tier_criteria(rules, tier, inputs)
        failed = [criterion for criterion in criteria if not criterion.met]
        reasons.append(
            {
                "kind": "tier",
                "tier": tier["key"],
                "label": tier["label"],
                "met": not failed,
                "criteria": [criterion.as_dict() for criterion in criteria],
                "text": (
                    f"{tier['label']}：各项条件均满足"
                    if not failed
                    else f"不属于{tier['label']}：未满足 "
                    + "、".join(
                        f"{criterion.label}（{criterion.value}，要求 {criterion.threshold}）"
                        for criterion in failed
                    )
                ),
            }
        )
        if not failed:
            chosen = tier
            break
    if chosen is None:
        chosen = rules.default_tier
    return Result(
        category=category,
        subtype=subtype,
        tier=chosen["key"],
        tier_label=chosen["label"],
        reasons=reasons,
    )
