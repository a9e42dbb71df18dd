"""Entity resolution: which market entity runs a shop (主体关联).

Order: the exact USCC; otherwise entities whose normalised name or former name equals the
operator's, or contains its distinctive part, scored by name and address similarity
(rapidfuzz). Weights and thresholds are versioned data (``rules.resolution_settings_on``).
"""

import datetime as dt
from dataclasses import dataclass

from rapidfuzz import fuzz

from wangjian.registry.normalise import normalise_address, normalise_name, unbracketed
from wangjian.registry.rules import resolution_settings_on
from wangjian.registry.search import search

CANDIDATE_LIMIT = 20
# Place names and company forms every Shanghai name shares; they say nothing about identity.
_COMMON_PARTS = ("上海市", "上海", "杨浦区", "杨浦", "有限公司", "股份公司", "公司")


@dataclass(frozen=True)
class Candidate:
    entity: object
    confidence: float
    name_score: float
    address_score: float


def _core(name: str) -> str:
    text = normalise_name(name)
    for part in _COMMON_PARTS:
        text = text.replace(part, "")
    return unbracketed(text)


def candidates_for(operator_name: str, address: str, *, today: dt.date) -> list[Candidate]:
    """Entities that may run a shop, best first, with a confidence in [0, 1]."""
    from django.db.models import Q

    from wangjian.registry.models import MarketEntity

    settings = resolution_settings_on(today)
    wanted = normalise_name(operator_name)
    core = _core(operator_name)
    pool = MarketEntity.objects.filter(
        Q(normalised_name=wanted) | Q(former_names__name=operator_name)
    )
    found = {entity.pk: entity for entity in pool[:CANDIDATE_LIMIT]}
    if len(core) >= 2:
        for entity in search(MarketEntity.objects.all(), core[:8])[:CANDIDATE_LIMIT]:
            found.setdefault(entity.pk, entity)
    address_text = normalise_address(address)
    scored = []
    for entity in found.values():
        names = [entity.name, *(former.name for former in entity.former_names.all())]
        name_score = max(fuzz.ratio(wanted, normalise_name(name)) for name in names) / 100
        address_score = fuzz.ratio(address_text, normalise_address(entity.registered_address))
        address_score /= 100
        confidence = settings.name_weight * name_score + settings.address_weight * address_score
        if confidence >= settings.candidate:
            scored.append(Candidate(entity, round(confidence, 4), name_score, address_score))
    return sorted(scored, key=lambda c: (-c.confidence, c.entity.pk))
