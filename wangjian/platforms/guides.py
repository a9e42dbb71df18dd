"""合规指引: guides per business type assembled from data (``data/guides/*.yaml``), the
obligations, the monitoring rule pack and the legal catalogue.

``assemble`` reads everything live; publishing stores its result in the guide row with a
SHA-256 of the canonical JSON, so a published version never changes when the rule pack, the
obligations or the catalogue move on.
"""

import functools
import hashlib
import json
from pathlib import Path

import yaml

from wangjian.platforms.obligations import obligation

DATA_DIR = Path(__file__).parent / "data" / "guides"


class GuideDataError(ValueError):
    pass


@functools.cache
def guide_sources() -> dict[str, dict]:
    sources = {}
    for path in sorted(DATA_DIR.glob("*.yaml")):
        raw = path.read_bytes()
        content = yaml.safe_load(raw)
        for name in ("business_type", "version", "title", "obligations", "monitoring_families"):
            if name not in content:
                raise GuideDataError(f"合规指引 {path.name}：缺少字段 {name} / missing {name}")
        for key in content["obligations"]:
            if obligation(key) is None:
                raise GuideDataError(f"合规指引 {path.name}：未知义务 {key} / unknown obligation")
        content["version"] = str(content["version"])
        content["sha256"] = hashlib.sha256(raw).hexdigest()
        sources[content["business_type"]] = content
    return sources


def business_types_for_subtype(category: str, subtype: str) -> list[str]:
    """The business types whose guides apply to a platform of this category and sub-type."""
    wanted = f"{category}.{subtype}"
    return [
        kind
        for kind, source in guide_sources().items()
        if wanted in (source.get("platform_subtypes") or [])
    ]


def _example(example) -> dict:
    return {"text": example.text, "match": example.match or ""}


def assemble(business_type: str) -> dict:
    """The full content of the guide for ``business_type`` as it reads today."""
    from wangjian.monitoring.engine.rules import current_rule_pack
    from wangjian.monitoring.rulebook import family_label, legal_texts, severity_label

    source = guide_sources()[business_type]
    pack = current_rule_pack(None)
    families = []
    for family in source["monitoring_families"]:
        rules = [rule for rule in pack.rules if rule.family == family]
        texts = legal_texts(key for rule in rules for key in rule.legal_basis)
        families.append(
            {
                "family": family,
                "label": family_label(family),
                "rules": [
                    {
                        "id": rule.id,
                        "title": rule.title,
                        "severity": severity_label(rule.severity),
                        "basis": [texts[key].citation for key in rule.legal_basis],
                        "must_fire": [_example(example) for example in rule.must_fire],
                        "must_not_fire": [_example(example) for example in rule.must_not_fire],
                    }
                    for rule in rules
                ],
            }
        )
    articles = legal_texts(source.get("articles") or [])
    return {
        "business_type": business_type,
        "version": source["version"],
        "title": source["title"],
        "intro": source.get("intro", ""),
        "source_sha256": source["sha256"],
        "rule_pack": f"{pack.name}@{pack.version}",
        "obligations": [
            {
                "key": key,
                "title": obligation(key)["title"],
                "basis": [basis["text"] for basis in obligation(key)["basis"]],
                "verification": obligation(key)["verification"],
                "how": "系统依据报送、投诉等记录计算"
                if obligation(key)["check"] != "declared"
                else "平台声明并附证明材料，经监管人员审核",
            }
            for key in source["obligations"]
        ],
        "families": families,
        "articles": [
            {"key": text.key, "citation": text.citation, "text": text.text, "found": text.found}
            for text in articles.values()
        ],
        "lenient_items": source.get("lenient_items") or [],
    }


def content_digest(content: dict) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def render_pdf(guide) -> bytes:
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from wangjian.core.documents import check_outgoing

    html = render_to_string("platforms/guide_pdf.html", {"guide": guide, "c": guide.content})
    return HTML(string=check_outgoing(html, title=guide.title)).write_pdf()
