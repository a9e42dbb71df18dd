"""Rule packs: versioned YAML data read into frozen objects the matcher can use.

A pack is a directory with ``pack.yaml`` (name, version, effective date, parameters, the list of
family files), ``contexts.yaml`` (exemption and escalation contexts, each citing the article that
creates it), optionally ``lexicons.yaml`` (named word lists — diseases, effect verbs, endorsement
subjects — each with its source and version) and one YAML file per rule family. A rule crosses
lexicons with patterns: ``terms_from`` adds a lexicon's words to its triggers, and
``requires_nearby.lexicons`` (or a context's ``before_lexicons``/``after_lexicons``) adds one to
the words looked for around a hit, so a new disease or verb is one line of data, not a new rule.
Every rule names its legal basis as keys of the core legal catalogue (``ad-law-2021:9.3``:
instrument key, article, item).

Errors name the file, the rule and the field, Chinese first then English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

RULES_DIRECTORY = Path(__file__).resolve().parent.parent / "rules"
DEFAULT_PACK = "default"

SOURCE_TYPES = ("listing", "ad", "shop_page", "live_transcript", "review")
VERDICTS = ("violation", "needs_substantiation", "exempt")
SEVERITIES = ("low", "medium", "high", "critical")
# Conditions on a record's fields that an exemption context may require (checks.py).
RECORD_CONDITIONS = (
    "comparison_price_within_recent_low",
    "health_food_label_item",
    "single_price_shown",
)
RECORD_CHECKS = (
    "health_food_statement",
    "health_food_statement_variant",
    "comparison_price_above_recent_low",
    "raise_then_discount",
    "display_price_below_detail_price",
    "limited_offer_not_limited",
    "food_licence_missing",
    "licence_missing",
    "licence_missing_front_page_text",
    "licence_invalid_uscc",
    "licence_name_mismatch",
)
LEGAL_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*-\d{4}:\d+(?:\.\d+)*$")


class RulePackError(ValueError):
    """A rule pack that cannot be used; the message says where and why."""


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    verdict: str | None
    source_type: str | None
    category: str | None
    match: str | None
    fields: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Context:
    """An exemption or escalation context: cue patterns looked for only around a hit.

    ``match`` is ``any`` (a cue before or after suffices) or ``all`` (every cue group given
    must be present).
    """

    id: str
    kind: str  # "exemption" or "escalation"
    legal_basis: tuple[str, ...]
    verdict: str | None
    severity: str | None
    explanation: str
    before: re.Pattern | None
    after: re.Pattern | None
    before_window: int
    after_window: int
    match: str
    terms: frozenset[str]
    source_types: frozenset[str]
    categories: frozenset[str]
    # A condition on the record's fields (checks.RECORD_CONDITIONS) that must also hold: a
    # comparison price that the record's own price history substantiates, say.
    record_condition: str | None = None
    # A pattern read on the text before the hit and the hit's term together (it ends in ``$``);
    # found, it takes the context away: 国内唯一可灭3A级火灾 and 行业第一款支持5G rank a maker in
    # its market, however near a number and unit stand (bound_to_quantity).
    unless_before: re.Pattern | None = None
    # Applies, without cues, when the hit lies inside the record's own registered or displayed
    # name as its text shows it (the registry's names; 指南第六条第四项).
    record_name: bool = False

    def cited_with(self, legal_basis: tuple[str, ...]) -> tuple[str, ...]:
        """The rule's legal basis followed by this context's articles, without repeats."""
        return legal_basis + tuple(key for key in self.legal_basis if key not in legal_basis)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    family: str
    title: str
    legal_basis: tuple[str, ...]
    severity: str
    verdict: str
    explanation: str
    source_types: frozenset[str]
    categories: frozenset[str]  # empty means every category
    exclude_categories: frozenset[str]
    terms: tuple[str, ...]
    variants: dict[str, str]
    pinyin_terms: tuple[str, ...]
    not_terms: tuple[str, ...]
    requires_nearby: re.Pattern | None
    nearby_window: int
    # The verdict when the nearby words are missing (a disease named without an effect verb is
    # still worth a look); None drops the hit.
    nearby_otherwise: str | None
    exemptions: tuple[Context, ...]
    escalations: tuple[Context, ...]
    check: str | None
    must_fire: tuple[Example, ...]
    must_not_fire: tuple[Example, ...]

    def applies_to(self, source_type: str, category: str) -> bool:
        if source_type not in self.source_types:
            return False
        if category in self.exclude_categories:
            return False
        return not self.categories or category in self.categories


@dataclass(frozen=True, slots=True)
class Parameter:
    value: object
    legal_basis: tuple[str, ...]
    status: str
    note: str


@dataclass(frozen=True, slots=True)
class Lexicon:
    """A named word list: what it holds, where it comes from and which version."""

    name: str
    title: str
    source: str
    version: str
    entries: tuple[str, ...]

    def pattern(self) -> str:
        """The entries as one regular-expression alternation, longest first."""
        return "|".join(re.escape(entry) for entry in sorted(self.entries, key=(lambda e: -len(e))))


@dataclass(frozen=True, slots=True)
class RulePack:
    name: str
    version: str
    effective_from: date
    title: str
    directory: Path
    categories: dict[str, str]
    category_aliases: dict[str, str]
    parameters: dict[str, Parameter]
    contexts: dict[str, Context]
    rules: tuple[Rule, ...]
    lexicons: dict[str, Lexicon] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def parameter(self, name: str):
        return self.parameters[name].value


FOLDED_SPACE = re.compile(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])")


def _prose(text: str) -> str:
    """YAML folding joins lines with a space; between Chinese characters it does not belong."""
    return FOLDED_SPACE.sub("", text.strip())


def _error(where: str, field_name: str, zh: str, en: str) -> RulePackError:
    return RulePackError(
        f"规则包 {where} 字段 {field_name}：{zh} / rule pack {where}, field {field_name}: {en}"
    )


def _legal_basis(values, where: str) -> tuple[str, ...]:
    if isinstance(values, str):
        values = [values]
    if not values:
        raise _error(
            where, "legal_basis", "每条规则都必须引用法律依据", "every rule needs a legal basis"
        )
    for key in values:
        if not isinstance(key, str) or not LEGAL_KEY.match(key):
            raise _error(
                where,
                "legal_basis",
                f"{key!r} 不是法律依据目录的条文键（如 ad-law-2021:9.3）",
                f"{key!r} is not a legal-catalogue article key (e.g. ad-law-2021:9.3)",
            )
    return tuple(values)


def _pattern(value, where: str, field_name: str) -> re.Pattern | None:
    if value is None:
        return None
    if isinstance(value, list):
        value = "|".join(value)
    try:
        return re.compile(value)
    except re.error as error:
        raise _error(
            where, field_name, f"正则表达式无效：{error}", f"invalid pattern: {error}"
        ) from None


def _lexicon_names(values, lexicons: dict[str, Lexicon], where: str, field_name: str):
    if isinstance(values, str):
        values = [values]
    for name in values or ():
        if name not in lexicons:
            raise _error(where, field_name, f"未定义的词表 {name}", f"unknown lexicon {name}")
    return list(values or ())


def _with_lexicons(value, names, lexicons, where: str, field_name: str) -> re.Pattern | None:
    """A cue pattern: the given regular expression(s) or'ed with the named lexicons."""
    parts = []
    if isinstance(value, list):
        parts.extend(value)
    elif value is not None:
        parts.append(value)
    parts.extend(
        lexicons[name].pattern() for name in _lexicon_names(names, lexicons, where, field_name)
    )
    return _pattern(parts or None, where, field_name)


def _load_lexicons(path: Path) -> dict[str, Lexicon]:
    if not path.is_file():
        return {}
    lexicons = {}
    for name, data in (_read_yaml(path).get("lexicons") or {}).items():
        where = f"{path.name} {name}"
        entries = data.get("entries") or []
        if not entries or not all(isinstance(entry, str) and entry for entry in entries):
            raise _error(
                where, "entries", "词表为空或含非文本项", "empty lexicon or non-text entry"
            )
        for field_name in ("source", "version"):
            if not data.get(field_name):
                raise _error(where, field_name, "缺少来源或版本", "source or version missing")
        lexicons[name] = Lexicon(
            name=name,
            title=data.get("title", name),
            source=_prose(str(data["source"])),
            version=str(data["version"]),
            entries=tuple(dict.fromkeys(entries)),
        )
    return lexicons


def _choice(value, allowed, where: str, field_name: str):
    if value not in allowed:
        raise _error(
            where,
            field_name,
            f"{value!r} 不在允许的取值 {list(allowed)} 中",
            f"{value!r} is not one of {list(allowed)}",
        )
    return value


def _load_context(
    context_id: str, data: dict, where: str, lexicons: dict[str, Lexicon] | None = None
) -> Context:
    where = f"{where} {context_id}"
    kind = _choice(data.get("kind", "exemption"), ("exemption", "escalation"), where, "kind")
    verdict = data.get("verdict")
    if kind == "exemption":
        _choice(verdict, ("exempt", "needs_substantiation"), where, "verdict")
    severity = data.get("severity")
    if kind == "escalation":
        _choice(severity, SEVERITIES, where, "severity")
    if not data.get("explanation"):
        raise _error(where, "explanation", "缺少说明", "explanation missing")
    return Context(
        id=context_id,
        kind=kind,
        legal_basis=_legal_basis(data.get("legal_basis"), where),
        verdict=verdict,
        severity=severity,
        explanation=_prose(data["explanation"]),
        before=_with_lexicons(
            data.get("before"), data.get("before_lexicons"), lexicons or {}, where, "before"
        ),
        after=_with_lexicons(
            data.get("after"), data.get("after_lexicons"), lexicons or {}, where, "after"
        ),
        before_window=int(data.get("before_window", 12)),
        after_window=int(data.get("after_window", 12)),
        match=_choice(data.get("match", "any"), ("any", "all", "none"), where, "match"),
        terms=frozenset(data.get("terms", ())),
        source_types=frozenset(data.get("source_types", ())),
        categories=frozenset(data.get("categories", ())),
        record_condition=(
            _choice(data["record_condition"], RECORD_CONDITIONS, where, "record_condition")
            if data.get("record_condition")
            else None
        ),
        unless_before=_with_lexicons(
            data.get("unless_before"), None, lexicons or {}, where, "unless_before"
        ),
        record_name=_choice(data.get("record_name", False), (True, False), where, "record_name"),
    )


def _examples(values, where: str, field_name: str, default_verdict) -> tuple[Example, ...]:
    examples = []
    for value in values or ():
        if isinstance(value, str):
            value = {"text": value}
        if "text" not in value:
            raise _error(where, field_name, "示例缺少 text", "example without text")
        examples.append(
            Example(
                text=value["text"],
                verdict=value.get("verdict", default_verdict),
                source_type=value.get("source_type"),
                category=value.get("category"),
                match=value.get("match"),
                fields={
                    key: item
                    for key, item in value.items()
                    if key not in {"text", "verdict", "source_type", "category", "match"}
                },
            )
        )
    return tuple(examples)


def _load_rule(
    data: dict,
    family: str,
    contexts: dict[str, Context],
    where: str,
    lexicons: dict[str, Lexicon] | None = None,
) -> Rule:
    rule_id = data.get("id")
    if not rule_id:
        raise _error(where, "id", "规则缺少编号", "rule without id")
    where = f"{where} {rule_id}"
    source_types = data.get("source_types") or []
    for source_type in source_types:
        _choice(source_type, SOURCE_TYPES, where, "source_types")
    check = data.get("check")
    if check is not None:
        _choice(check, RECORD_CHECKS, where, "check")
    lexicons = lexicons or {}
    terms = list(data.get("terms", ()))
    for name in _lexicon_names(data.get("terms_from"), lexicons, where, "terms_from"):
        terms.extend(lexicons[name].entries)
    terms = tuple(dict.fromkeys(terms))
    if not terms and check is None:
        raise _error(
            where, "terms", "规则既无触发词也无记录检查", "rule has neither terms nor check"
        )
    exemptions, escalations = [], []
    for context_id in data.get("exemptions", ()):
        if context_id not in contexts:
            raise _error(
                where, "exemptions", f"未定义的情形 {context_id}", f"unknown context {context_id}"
            )
        exemptions.append(contexts[context_id])
    for context_id in data.get("escalations", ()):
        if context_id not in contexts:
            raise _error(
                where, "escalations", f"未定义的情形 {context_id}", f"unknown context {context_id}"
            )
        escalations.append(contexts[context_id])
    verdict = _choice(data.get("verdict", "violation"), VERDICTS, where, "verdict")
    variants = dict(data.get("variants", {}))
    for variant, canonical in variants.items():
        if canonical not in terms:
            raise _error(
                where,
                "variants",
                f"变体 {variant} 指向未列出的词 {canonical}",
                f"variant {variant} points to unlisted term {canonical}",
            )
    pinyin_terms = tuple(data.get("pinyin_terms", ()))
    for term in pinyin_terms:
        if term not in terms:
            raise _error(where, "pinyin_terms", f"{term} 不在 terms 中", f"{term} is not in terms")
    nearby = data.get("requires_nearby") or {}
    if not data.get("explanation"):
        raise _error(where, "explanation", "缺少说明", "explanation missing")
    must_fire = _examples(data.get("must_fire"), where, "must_fire", verdict)
    must_not_fire = _examples(data.get("must_not_fire"), where, "must_not_fire", None)
    if not must_fire or not must_not_fire:
        raise _error(
            where,
            "must_fire/must_not_fire",
            "每条规则都需要正反示例",
            "every rule needs examples that must and must not fire",
        )
    return Rule(
        id=rule_id,
        family=family,
        title=data.get("title", rule_id),
        legal_basis=_legal_basis(data.get("legal_basis"), where),
        severity=_choice(data.get("severity", "medium"), SEVERITIES, where, "severity"),
        verdict=verdict,
        explanation=_prose(data["explanation"]),
        source_types=frozenset(source_types),
        categories=frozenset(data.get("categories", ())),
        exclude_categories=frozenset(data.get("exclude_categories", ())),
        terms=terms,
        variants=variants,
        pinyin_terms=pinyin_terms,
        not_terms=tuple(data.get("not_terms", ())),
        requires_nearby=_with_lexicons(
            nearby.get("terms"), nearby.get("lexicons"), lexicons, where, "requires_nearby"
        ),
        nearby_window=int(nearby.get("window", 12)),
        nearby_otherwise=(
            _choice(nearby["otherwise"], VERDICTS, where, "requires_nearby.otherwise")
            if nearby.get("otherwise")
            else None
        ),
        exemptions=tuple(exemptions),
        escalations=tuple(escalations),
        check=check,
        must_fire=must_fire,
        must_not_fire=must_not_fire,
    )


def resolve_pack_directory(pack: str | Path | None) -> Path:
    """A pack given as a directory, a ``pack.yaml`` path or the name of a packaged pack."""
    if pack is None:
        pack = DEFAULT_PACK
    path = Path(pack)
    if path.is_file():
        return path.parent
    if path.is_dir():
        return path
    packaged = RULES_DIRECTORY / str(pack)
    if (packaged / "pack.yaml").is_file():
        return packaged
    raise RulePackError(
        f"找不到规则包 {pack}（可给出目录或随附规则包名，如 {DEFAULT_PACK}）/ no rule pack {pack} "
        f"(give a directory or a packaged pack name such as {DEFAULT_PACK})"
    )


def _read_yaml(path: Path) -> dict:
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except (OSError, yaml.YAMLError) as error:
        raise RulePackError(
            f"无法读取规则文件 {path}：{error} / cannot read rule file {path}: {error}"
        ) from None
    if not isinstance(data, dict):
        raise RulePackError(f"规则文件 {path} 不是映射 / rule file {path} is not a mapping")
    return data


def current_rule_pack(pack: str | Path | None = None) -> RulePack:
    """The pack as pages show it: read and validated once per version of its files. A page that
    lists rules or their families would otherwise parse every YAML file on each request."""
    directory = resolve_pack_directory(pack)
    stamp = tuple(
        sorted(
            (path.name, path.stat().st_mtime_ns) for path in directory.iterdir() if path.is_file()
        )
    )
    return _cached_rule_pack(directory, stamp)


@lru_cache(maxsize=4)
def _cached_rule_pack(directory: Path, stamp: tuple) -> RulePack:
    return load_rule_pack(directory)


def load_rule_pack(pack: str | Path | None = None) -> RulePack:
    """Read and validate a rule pack; raise RulePackError naming the file, rule and field."""
    directory = resolve_pack_directory(pack)
    header = _read_yaml(directory / "pack.yaml")
    where = f"{directory.name}/pack.yaml"
    for required in ("name", "version", "effective_from", "families"):
        if required not in header:
            raise _error(where, required, "缺少必填字段", "required field missing")
    parameters = {}
    for name, value in (header.get("parameters") or {}).items():
        parameters[name] = Parameter(
            value=value["value"],
            legal_basis=_legal_basis(value.get("legal_basis"), f"{where} parameters.{name}"),
            status=_choice(value.get("status"), ("confirmed", "unconfirmed"), where, name),
            note=value.get("note", ""),
        )
    lexicons = _load_lexicons(directory / header.get("lexicons", "lexicons.yaml"))
    contexts_file = directory / header.get("contexts", "contexts.yaml")
    contexts = {
        context_id: _load_context(context_id, data, contexts_file.name, lexicons)
        for context_id, data in (_read_yaml(contexts_file).get("contexts") or {}).items()
    }
    rules: list[Rule] = []
    seen: set[str] = set()
    for family_file in header["families"]:
        family_data = _read_yaml(directory / family_file)
        family = family_data.get("family")
        if not family:
            raise _error(family_file, "family", "缺少规则族名", "family name missing")
        for rule_data in family_data.get("rules") or ():
            rule = _load_rule(rule_data, family, contexts, family_file, lexicons)
            if rule.id in seen:
                raise _error(
                    family_file, "id", f"规则编号 {rule.id} 重复", f"duplicate rule id {rule.id}"
                )
            seen.add(rule.id)
            rules.append(rule)
    effective_from = header["effective_from"]
    if isinstance(effective_from, str):
        effective_from = date.fromisoformat(effective_from)
    return RulePack(
        name=str(header["name"]),
        version=str(header["version"]),
        effective_from=effective_from,
        title=header.get("title", ""),
        directory=directory,
        categories=dict(header.get("categories") or {}),
        category_aliases=dict(header.get("category_aliases") or {}),
        parameters=parameters,
        contexts=contexts,
        rules=tuple(rules),
        lexicons=lexicons,
    )
