"""Respondent matching (registry) and jurisdiction for online purchases.

Matching order: the exact 统一社会信用代码, then the shop URL, then the name. Jurisdiction
(暂行办法 第十二条 for complaints, 第二十七条 for reports): a platform operator or a seller on its
own website goes to its 住所地 bureau; an in-platform operator's complaint goes to its 实际经营地
or the platform's 住所地, its report to its 实际经营地 (the platform's bureau may keep one it
received first). From 2026-04-15 an in-platform operator that shows no address goes to the
platform's 住所地 (总局令第121号, reported change). A report of an illegal advertisement goes
to the publisher's 所在地 (第二十八条; an advertiser publishing its own internet ad, to its own),
and the advertiser's bureau may keep one it received first. When the receiving bureau is
competent it keeps the record (第十三条, first to receive); otherwise the record is transferred
with the reason.
"""

import re
from dataclasses import dataclass, field

from wangjian.complaints.choices import AdPublisher, PurchaseChannel, RecordKind, RespondentKind
from wangjian.core.choices import DivisionLevel


def match_method_label(method: str) -> str:
    """How the respondent was found in the register, in words (``shop_url`` → 按店铺网址)."""
    from django.utils.translation import gettext as _

    labels = {
        "uscc": _("按统一社会信用代码"),
        "shop_url": _("按店铺网址"),
        "name": _("按名称"),
    }
    return labels.get(method, method) if method else _("未匹配到登记主体")


@dataclass
class Match:
    entity: object = None
    shop: object = None
    platform: object = None
    method: str = ""


def normalise_url(url: str) -> str:
    text = (url or "").strip().lower()
    text = re.sub(r"^[a-z]+://", "", text)
    return text.removeprefix("www.").rstrip("/")


def match_respondent(*, uscc: str = "", shop_url: str = "", name: str = "", platform_name=""):
    """Find the respondent in the registry: USCC, then shop URL, then name."""
    from wangjian.registry.models import MarketEntity, OnlineShop, Platform
    from wangjian.registry.normalise import normalise_name

    match = Match()
    if platform_name:
        match.platform = Platform.objects.filter(name=platform_name.strip()).first()
    code = (uscc or "").strip().upper()
    if code:
        entity = MarketEntity.objects.filter(uscc=code).first()
        if entity is not None:
            match.entity, match.method = entity, "uscc"
    wanted_url = normalise_url(shop_url)
    if wanted_url:
        for shop in OnlineShop.objects.select_related("platform", "entity").filter(
            url__icontains=wanted_url.split("/")[-1] or wanted_url
        )[:50]:
            if normalise_url(shop.url) == wanted_url:
                match.shop, match.platform = shop, shop.platform
                if match.entity is None and shop.entity is not None:
                    match.entity = shop.entity
                match.method = match.method or "shop_url"
                break
    if not match.method and name:
        wanted = normalise_name(name)
        entity = MarketEntity.objects.filter(normalised_name=wanted).first()
        shop_query = OnlineShop.objects.select_related("platform", "entity")
        if match.platform is not None:
            shop_query = shop_query.filter(platform=match.platform)
        shop = (
            shop_query.filter(name=name.strip()).first()
            or shop_query.filter(operator_name=name.strip()).first()
        )
        platform = Platform.objects.filter(name=name.strip()).first()
        if shop is not None:
            match.shop, match.platform, match.method = shop, shop.platform, "name"
            match.entity = shop.entity or entity
        elif entity is not None:
            match.entity, match.method = entity, "name"
        elif platform is not None:
            match.platform, match.entity, match.method = platform, platform.entity, "name"
    if match.shop is None and match.entity is not None and match.platform is None:
        owned = match.entity.platforms.first()
        if owned is not None:
            match.platform = owned
    return match


def respondent_kind(match: Match, purchase_channel: str) -> str:
    if match.shop is not None:
        return RespondentKind.IN_PLATFORM
    if match.platform and match.entity and match.platform.entity_id == match.entity.pk:
        return RespondentKind.PLATFORM
    if purchase_channel == PurchaseChannel.OWN_WEBSITE and match.entity is not None:
        return RespondentKind.OWN_WEBSITE
    if purchase_channel == PurchaseChannel.OFFLINE and match.entity is not None:
        return RespondentKind.OFFLINE
    if match.entity is not None:
        return RespondentKind.OWN_WEBSITE
    return RespondentKind.UNKNOWN


def county_of(division):
    """The county-level division containing ``division`` (bureaus that handle complaints)."""
    current = division
    while current is not None and current.level > DivisionLevel.COUNTY:
        current = current.parent
    return current


def _platform_seat(platform):
    if platform is None:
        return None
    entity_division = platform.entity.division if platform.entity_id else None
    return county_of(entity_division or platform.division)


def entity_county(entity=None, shop=None):
    """The county of an operator's registered seat, else of its shop's place of business."""
    if entity is not None and entity.division_id:
        return county_of(entity.division)
    if shop is not None and shop.division_id:
        return county_of(shop.division)
    return None


@dataclass
class Advertising:
    """What a report of an illegal advertisement says of its publisher (第二十八条)."""

    publisher: str
    publisher_match: Match | None = None


def advertising_bureaus(match: Match, advertising: Advertising) -> list[tuple]:
    """(division, reason) pairs for a report of an illegal internet advertisement, preferred
    first; empty when the publisher's place is unknown (the ordinary report rules then apply)."""
    advertiser = entity_county(match.entity, match.shop)
    if advertising.publisher == AdPublisher.ADVERTISER:
        return [(advertiser, "广告主自行发布互联网广告，由广告主所在地处理")] if advertiser else []
    if advertising.publisher == AdPublisher.PLATFORM:
        publisher = _platform_seat(match.platform)
    else:
        found = advertising.publisher_match
        publisher = entity_county(found.entity) if found is not None else None
    if publisher is None:
        return []
    pairs = [(publisher, "广告发布者所在地")]
    if advertiser is not None and advertiser.pk != publisher.pk:
        pairs.append((advertiser, "互联网广告的广告主所在地（先收到举报的可以处理）"))
    return pairs


@dataclass
class Assignment:
    division: object
    reason: str
    basis: str
    transfer_from: object = None
    competent: list = field(default_factory=list)


def competent_bureaus(
    kind: str, respondent: str, match: Match, version, *, address_shown: bool = True
) -> list[tuple]:
    """(division, reason) pairs of the bureaus that may handle the record, preferred first."""
    rules = version.jurisdiction
    pairs = []
    if respondent == RespondentKind.IN_PLATFORM:
        shop = match.shop
        known = bool(shop.address.strip()) and shop.division_id is not None
        seat = _platform_seat(match.platform)
        to_platform = not address_shown and rules.get(
            "in_platform_without_address_goes_to_platform"
        )
        if kind == RecordKind.COMPLAINT:
            if known and not to_platform:
                pairs.append((county_of(shop.division), "平台内经营者实际经营地"))
            if seat is not None:
                reason = (
                    "平台内经营者未在平台公示地址，由平台经营者住所地处理"
                    if to_platform
                    else "平台经营者住所地"
                )
                pairs.append((seat, reason))
        else:
            if known:
                pairs.append((county_of(shop.division), "平台内经营者实际经营地"))
            if seat is not None:
                pairs.append((seat, "平台经营者住所地（先收到举报的可以处理）"))
    elif respondent in (RespondentKind.PLATFORM, RespondentKind.OWN_WEBSITE):
        if match.entity is not None and match.entity.division_id:
            pairs.append((county_of(match.entity.division), "被投诉人住所地"))
    elif respondent == RespondentKind.OFFLINE and match.entity and match.entity.division_id:
        pairs.append((county_of(match.entity.division), "被投诉人住所地或者实际经营地"))
    return [(division, reason) for division, reason in pairs if division is not None]


def assign(
    kind: str,
    respondent: str,
    match: Match,
    version,
    received_by,
    *,
    address_shown: bool = True,
    advertising: Advertising | None = None,
) -> Assignment:
    rules = version.jurisdiction
    basis = rules["complaint_basis"] if kind == RecordKind.COMPLAINT else rules["report_basis"]
    receiver = county_of(received_by) or received_by
    competent = []
    if kind == RecordKind.REPORT and advertising is not None:
        competent = advertising_bureaus(match, advertising)
        if competent:
            basis = rules["advertising_report_basis"]
    if not competent:
        competent = competent_bureaus(kind, respondent, match, version, address_shown=address_shown)
    if not competent:
        return Assignment(
            receiver,
            "被投诉人未能在登记库中识别，暂由收到部门处理并核实管辖",
            basis,
            competent=[],
        )
    for division, reason in competent:
        if division.pk == receiver.pk:
            return Assignment(
                division,
                f"{reason}；收到部门具有管辖权（先收到的部门处理）",
                basis,
                competent=competent,
            )
    target, reason = competent[0]
    return Assignment(
        target,
        f"收到部门（{receiver.name}）无管辖权，移送{target.name}：{reason}",
        basis,
        transfer_from=receiver,
        competent=competent,
    )
