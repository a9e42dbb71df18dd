"""Programmes and the indicator catalogue as data: loading and citing.

``load_programmes`` reads ``data/programmes/*.yaml`` into ``Programme`` rows. A (key, version)
that is already loaded with the same content is left alone, so loading twice changes nothing;
the same (key, version) with different content is refused, because applications made under a
version must keep the rules they were made under (a changed rule is a new version).
"""

import datetime as dt
import functools
import hashlib
import json
from pathlib import Path

import yaml
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _

DATA_DIRECTORY = Path(__file__).resolve().parent / "data"
PROGRAMME_DIRECTORY = DATA_DIRECTORY / "programmes"
INDICATOR_FILE = DATA_DIRECTORY / "indicators.yaml"

DIGITS = "零一二三四五六七八九"


class ProgrammeDataError(ValueError):
    """A programme or indicator file is malformed or contradicts what is already loaded."""


def chinese_number(number: int) -> str:
    """1 → 一, 10 → 十, 23 → 二十三, 35 → 三十五 (article numbers stay below 100)."""
    if number < 10:
        return DIGITS[number]
    tens, units = divmod(number, 10)
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[units] if units else "")


def article_label(article: str) -> str:
    """``"23"`` → 第二十三条; ``"8.1"`` → 第八条第(一)项; None → 条款未核实."""
    if article is None:
        return "(条款未核实)"
    number, _dot, item = str(article).partition(".")
    label = f"第{chinese_number(int(number))}条"
    if item:
        label += f"第({chinese_number(int(item))})项"
    return label


def canonical(document) -> str:
    return json.dumps(document, sort_keys=True, ensure_ascii=False, default=str)


def _read_yaml(path: Path) -> dict:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ProgrammeDataError(
            f"文件 {path.name} 不是有效的 YAML / {path.name} is not valid YAML: {error}"
        ) from error


def _check_rules(path: Path, document: dict) -> None:
    articles = document.get("articles") or {}
    for name, rule in document["rules"].items():
        for field in ("value", "article", "verification"):
            if field not in rule:
                raise ProgrammeDataError(
                    f"{path.name} 规则 {name} 缺少字段 {field}(每条规则须注明依据条款和核实状态)/ "
                    f"{path.name}: rule {name} lacks {field} (every rule cites its article and "
                    "verification status)"
                )
        if rule["article"] is None:
            if rule["verification"] != "unconfirmed":
                raise ProgrammeDataError(
                    f"{path.name} 规则 {name} 未注明条款,须标为 unconfirmed / {path.name}: rule "
                    f"{name} cites no article, so it must be marked unconfirmed"
                )
            continue
        article = str(rule["article"]).partition(".")[0]
        if article not in articles:
            raise ProgrammeDataError(
                f"{path.name} 规则 {name} 引用的第{article}条未收录条文 / {path.name}: rule "
                f"{name} cites article {article}, whose text is not in the file"
            )


@functools.cache
def programme_instrument_names() -> dict[str, str]:
    """The programme files' instruments by key, with the short title a reader knows them by;
    read once from the packaged files (the figures on the board cite them on every row)."""
    names = {}
    for path in sorted(PROGRAMME_DIRECTORY.glob("*.yaml")):
        instrument = _read_yaml(path)["instrument"]
        names[instrument["key"]] = instrument.get("short_title") or instrument["title"]
    return names


def read_programme_files(directory: Path = PROGRAMME_DIRECTORY) -> list[tuple[str, dict]]:
    """``(file name, document)`` for every programme file, its rules checked."""
    documents = []
    for path in sorted(directory.glob("*.yaml")):
        document = _read_yaml(path)
        _check_rules(path, document)
        documents.append((path.name, document))
    return documents


def programme_hash(document: dict) -> str:
    """The content hash a loaded programme version keeps, to tell a changed file."""
    return hashlib.sha256(canonical(document).encode("utf-8")).hexdigest()


def read_indicator_catalogue(path: Path = INDICATOR_FILE) -> dict:
    """The indicator catalogue, each entry's kind checked."""
    document = _read_yaml(path)
    for entry in document["indicators"]:
        if entry["kind"] not in ("entered", "computed"):
            raise ProgrammeDataError(
                f"指标 {entry['key']} 的类型 {entry['kind']} 无效(应为 entered 或 computed)/ "
                f"indicator {entry['key']}: kind must be entered or computed"
            )
    return document


def cite(programme, article: str) -> dict:
    """The citation of one article of the programme's instrument.

    When the core legal catalogue knows the instrument, its text is cited; otherwise the text
    carried in the programme file is.
    """
    instrument = programme.instrument
    number = str(article).partition(".")[0]
    text = programme.articles.get(number, "") if article is not None else ""
    own_key = f"{instrument['key']}:{article}"
    if article is not None and instrument.get("catalogue_key"):
        try:
            from wangjian.core.legal_catalogue import get_article

            catalogued = get_article(f"{instrument['catalogue_key']}:{article}")
            text = getattr(catalogued, "text", "") or text
        except (ImportError, LookupError, ObjectDoesNotExist):
            pass
    return {
        "key": own_key,
        "instrument": instrument["title"],
        "version": instrument["version"],
        "effective_on": str(instrument["effective_on"]),
        "label": article_label(article),
        "text": text,
        "verification": instrument["verification"],
    }


RULE_TITLES = {
    "eligible_applicants": _("可申请的区划层级"),
    "consent_before_application": _("申报前须取得同意"),
    "application_materials": _("申报材料"),
    "approval_by_office_meeting": _("经局长办公会审议批准"),
    "creation_period": _("创建期限"),
    "acceptance_materials": _("验收申请材料"),
    "public_notice_period": _("公示期"),
    "objections_answered_before_decision": _("异议答复后方可决定"),
    "validity_period": _("命名有效期"),
    "annual_summary_due": _("年度总结报送截止"),
    "reevaluation_after_expiry": _("期满复评"),
    "sanctions": _("处理措施"),
    "pass_mark": _("合格分数线"),
}
VALUE_WORDS = {
    "county": _("县（市、区）及功能区"),
    "city": _("设区的市局"),
    "application_report": _("申报报告"),
    "overall_plan": _("总体方案"),
    "action_plan": _("行动计划"),
    "work_report": _("创建工作报告"),
    "special_policies": _("出台的专项政策"),
    "city_opinion": _("设区的市局意见"),
    "city_opinion_required": _("须有设区的市局意见"),
    "circulated_criticism": _("通报批评"),
    "rectification": _("限期整改"),
    "revocation": _("撤销命名"),
}


def rule_value_in_words(rule: dict) -> str:
    """A programme rule's value as a reader of the programme page needs it: "7个工作日",
    "是", "每年1月31日", "申报报告、总体方案" — never the data's slugs or Python values."""
    from wangjian.core.templatetags.wangjian import period_in_words

    value = rule["value"]
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if isinstance(value, dict) and set(value) == {"month", "day"}:
        return str(_("每年%(month)s月%(day)s日") % value)
    if isinstance(value, list | tuple):
        return "、".join(str(VALUE_WORDS.get(item, item)) for item in value)
    if rule.get("unit"):
        return period_in_words(value, rule["unit"])
    return str(VALUE_WORDS.get(value, value))


def cite_rule(programme, rule_name: str) -> dict:
    rule = programme.rule(rule_name)
    citation = cite(programme, rule["article"])
    citation["rule"] = rule_name
    citation["title"] = str(RULE_TITLES.get(rule_name, rule_name))
    citation["value_text"] = rule_value_in_words(rule)
    citation["value"] = rule["value"]
    citation["rule_verification"] = rule["verification"]
    return citation


def citation_text(programme, article: str) -> str:
    """《浙江省网络监管与服务示范区创建办法(试行)》第二十三条."""
    return f"《{programme.instrument['title']}》{article_label(article)}"


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()
