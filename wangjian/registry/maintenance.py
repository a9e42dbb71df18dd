"""Register maintenance actions: creating and editing platforms and licences by hand, and the
licence expiry flags. Each action takes a keyword-only ``actor``, checks the capability and the
jurisdiction, runs in one transaction and audits with the values before and after.

Legal bases: 《电子商务法》 第九条 (platform operators), 第十五条 (亮照亮证); 《互联网信息服务管理
办法》 第四条 (ICP filing); 食品安全法 第三十五条 and the licensing rules in ``data/rules.yaml``.
"""

import datetime as dt
import functools
import re
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone

from wangjian.core.audit import record_event
from wangjian.core.identifiers import normalise_identifier
from wangjian.core.querysets import jurisdiction_path
from wangjian.registry.error_codes import RegistryErrorCode, RegistryNotPermitted, RegistryRefused
from wangjian.registry.models import Licence, MarketEntity, Platform

FLAGS_FILE = Path(__file__).parent / "data" / "licence_flags.yaml"
DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
ICP = re.compile(r"^[\u4e00-\u9fa5]ICP备\d{8,10}号(-\d{1,3})?$")
PLATFORM_FIELDS = (
    "name",
    "domains",
    "app_names",
    "icp_filing",
    "categories",
    "services",
    "agreement_url",
    "division",
)
LICENCE_FIELDS = ("kind", "number", "scope", "issuing_authority", "valid_from", "valid_until")


def _require(actor, division) -> None:
    """Raise PermissionDenied unless ``actor`` maintains the register in ``division``."""
    if actor is None:
        return
    if not actor.has_capability("registry.manage_register"):
        raise RegistryNotPermitted("无此权限 / not permitted")
    path = jurisdiction_path(actor)
    if path is None or division is None or not division.path.startswith(path):
        raise RegistryNotPermitted(
            "不在本辖区 / outside your jurisdiction", code=RegistryErrorCode.OUTSIDE_JURISDICTION
        )


def _snapshot(obj, fields) -> dict:
    values = {}
    for name in fields:
        value = getattr(obj, name)
        if hasattr(value, "pk"):
            value = value.pk
        if isinstance(value, dt.date):
            value = value.isoformat()
        values[name] = value
    return values


def _clean_list(values, label: str, pattern=None) -> list[str]:
    items = []
    for value in values or []:
        text = str(value).strip()
        if not text:
            continue
        if pattern is not None and not pattern.match(text.lower()):
            raise RegistryRefused(f"{label} {text!r} 格式不正确 / {label} {text!r} is malformed")
        items.append(text.lower() if pattern is not None else text)
    return list(dict.fromkeys(items))


def _clean_platform(record: str, values: dict) -> dict:
    clean = dict(values)
    if "name" in clean:
        clean["name"] = (clean["name"] or "").strip()
        if not clean["name"]:
            raise RegistryRefused(
                f"{record}：平台名称 必填 / name is required", code=RegistryErrorCode.FIELD_REQUIRED
            )
    if "domains" in clean:
        clean["domains"] = _clean_list(clean["domains"], f"{record}：域名", DOMAIN)
    for name in ("app_names", "categories", "services"):
        if name in clean:
            clean[name] = _clean_list(clean[name], record)
    if clean.get("icp_filing"):
        clean["icp_filing"] = clean["icp_filing"].strip()
        if not ICP.match(clean["icp_filing"]):
            raise RegistryRefused(
                f"{record}：ICP备案号 {clean['icp_filing']} 格式应如 沪ICP备12345678号-1 / "
                "icp_filing must look like 沪ICP备12345678号-1"
            )
    if "division" in clean and clean["division"] is None:
        raise RegistryRefused(
            f"{record}：报送受理辖区 必填 / division is required",
            code=RegistryErrorCode.FIELD_REQUIRED,
        )
    return clean


def create_platform(*, actor, uscc: str, division, **values) -> Platform:
    """Register a platform run by the registered entity with ``uscc``.

    Raise ``ValidationError`` when the entity is not registered, the name is taken or a field is
    malformed; ``PermissionDenied`` outside the actor's jurisdiction.
    """
    _require(actor, division)
    code = normalise_identifier(uscc)
    entity = MarketEntity.objects.filter(uscc=code).first()
    record = f"平台 {values.get('name', '')}"
    if entity is None:
        raise RegistryRefused(
            f"{record}：统一社会信用代码 {code} 未在主体库登记，请先导入登记数据 / USCC {code} is "
            "not on the register; load the register first"
        )
    clean = _clean_platform(record, values | {"division": division})
    with transaction.atomic():
        if Platform.objects.filter(name=clean["name"]).exists():
            raise RegistryRefused(
                f"{record}：平台名称已存在 / a platform named {clean['name']} exists"
            )
        platform = Platform.objects.create(entity=entity, **clean)
        record_event(
            actor=actor,
            event_type="registry.platform_created",
            target=platform,
            division=division,
            after=_snapshot(platform, PLATFORM_FIELDS) | {"entity": entity.uscc},
        )
    return platform


def edit_platform(*, actor, platform: Platform, **changes) -> Platform:
    """Change a platform's particulars; the values before and after are audited.

    Moving it to another division needs the actor's jurisdiction over both.
    """
    _require(actor, platform.division)
    if "division" in changes:
        _require(actor, changes["division"])
    clean = _clean_platform(f"平台 {platform.name}", changes)
    with transaction.atomic():
        platform = Platform.objects.select_for_update().get(pk=platform.pk)
        if clean.get("name") and Platform.objects.exclude(pk=platform.pk).filter(
            name=clean["name"]
        ):
            raise RegistryRefused(
                f"平台 {platform.name}：名称 {clean['name']} 已被其他平台使用 / name taken"
            )
        before = _snapshot(platform, PLATFORM_FIELDS)
        for name, value in clean.items():
            setattr(platform, name, value)
        after = _snapshot(platform, PLATFORM_FIELDS)
        changed = [name for name in PLATFORM_FIELDS if before[name] != after[name]]
        if not changed:
            return platform
        platform.save(update_fields=[f"{n}_id" if n == "division" else n for n in changed])
        record_event(
            actor=actor,
            event_type="registry.platform_edited",
            target=platform,
            division=platform.division,
            before={name: before[name] for name in changed},
            after={name: after[name] for name in changed},
        )
    return platform


def _clean_licence(record: str, values: dict, today: dt.date) -> dict:
    from wangjian.registry.rules import licensed_categories_on

    clean = {
        key: (value.strip() if isinstance(value, str) else value) for key, value in values.items()
    }
    for name, label in (("kind", "许可种类"), ("number", "许可证编号")):
        if name in clean and not clean[name]:
            raise RegistryRefused(
                f"{record}：{label} 必填 / {name} is required",
                code=RegistryErrorCode.FIELD_REQUIRED,
            )
    patterns = {
        category.licence_kind: category for category in licensed_categories_on(today).values()
    }
    kind = clean.get("kind")
    if kind in patterns and clean.get("number"):
        rule = patterns[kind]
        if not re.match(rule.number_pattern, clean["number"]):
            raise RegistryRefused(
                f"{record}：{kind}编号 {clean['number']} 不符合编号规则（{rule.legal_basis}）/ "
                f"number {clean['number']} does not match the pattern for {kind}"
            )
    start, end = clean.get("valid_from"), clean.get("valid_until")
    if start and end and end < start:
        raise RegistryRefused(
            f"{record}：有效期至 {end} 早于有效期起 {start} / valid_until is before valid_from"
        )
    return clean


def create_licence(*, actor, holder: MarketEntity, kind: str, number: str, **values) -> Licence:
    """Record a licence held by ``holder``; raise ``ValidationError`` for a malformed number,
    reversed validity or a number already recorded for that kind."""
    _require(actor, holder.division)
    record = f"市场主体 {holder.name} 的许可"
    clean = _clean_licence(record, {"kind": kind, "number": number} | values, timezone.localdate())
    with transaction.atomic():
        if Licence.objects.filter(kind=clean["kind"], number=clean["number"]).exists():
            raise RegistryRefused(
                f"{record}：{clean['kind']} {clean['number']} 已登记 / already recorded"
            )
        licence = Licence.objects.create(holder=holder, **clean)
        record_event(
            actor=actor,
            event_type="registry.licence_created",
            target=licence,
            division=holder.division,
            after=_snapshot(licence, LICENCE_FIELDS) | {"holder": holder.uscc},
        )
    return licence


def edit_licence(*, actor, licence: Licence, **changes) -> Licence:
    """Change a licence (renewal, scope); the values before and after are audited."""
    _require(actor, licence.holder.division)
    with transaction.atomic():
        licence = Licence.objects.select_for_update().get(pk=licence.pk)
        merged = {
            "kind": licence.kind,
            "number": licence.number,
            "valid_from": licence.valid_from,
            "valid_until": licence.valid_until,
        } | changes
        clean = _clean_licence(f"许可 {licence}", merged, timezone.localdate())
        clean = {name: clean[name] for name in changes}
        if Licence.objects.exclude(pk=licence.pk).filter(
            kind=clean.get("kind", licence.kind), number=clean.get("number", licence.number)
        ):
            raise RegistryRefused(f"许可 {licence}：该编号已登记 / number already recorded")
        before = _snapshot(licence, LICENCE_FIELDS)
        for name, value in clean.items():
            setattr(licence, name, value)
        after = _snapshot(licence, LICENCE_FIELDS)
        changed = [name for name in LICENCE_FIELDS if before[name] != after[name]]
        if not changed:
            return licence
        licence.save(update_fields=changed)
        record_event(
            actor=actor,
            event_type="registry.licence_edited",
            target=licence,
            division=licence.holder.division,
            before={name: before[name] for name in changed},
            after={name: after[name] for name in changed},
        )
    return licence


# --------------------------------------------------------------------------------------------
# Flags


@functools.cache
def _flag_rules() -> list[dict]:
    return yaml.safe_load(FLAGS_FILE.read_text(encoding="utf-8"))


def expiring_window(day: dt.date) -> int:
    rules = [r for r in _flag_rules() if r["effective_from"] <= day]
    return max(rules, key=lambda r: r["effective_from"])["expiring_within_days"]


def licence_flag(licence: Licence, day: dt.date) -> str:
    """``expired``, ``expiring`` (within the window of ``data/licence_flags.yaml``) or ``""``."""
    if licence.valid_until is None:
        return ""
    if licence.valid_until < day:
        return "expired"
    if (licence.valid_until - day).days <= expiring_window(day):
        return "expiring"
    return ""


# --------------------------------------------------------------------------------------------
# Platform accounts


def create_platform_account(
    *, actor, platform: Platform, username: str, password: str, display_name: str = ""
):
    """Open a platform_operator account for ``platform`` (no org unit: it gets no jurisdiction,
    only its platform). Needs both people administration and register maintenance rights."""
    from wangjian.core.actions.organisation import create_user
    from wangjian.core.choices import Role
    from wangjian.registry.actions import link_platform_account

    _require(actor, platform.division)
    with transaction.atomic():
        user = create_user(
            actor=actor,
            username=username.strip(),
            password=password,
            role=Role.PLATFORM_OPERATOR,
            display_name=display_name.strip(),
        )
        link_platform_account(actor=actor, user=user, platform=platform)
    return user


def set_platform_account_active(*, actor, platform: Platform, user, active: bool, reason: str):
    """Deactivate or reactivate an account of ``platform``; raise ``PermissionDenied`` when the
    user is not one of its accounts."""
    from wangjian.core.actions.organisation import set_user_active

    _require(actor, platform.division)
    if not platform.accounts.filter(user=user).exists():
        raise RegistryNotPermitted("该用户不是本平台的账号 / not an account of this platform")
    return set_user_active(
        actor=actor, user=user, active=active, reason=reason, scope_division=platform.division
    )


# --------------------------------------------------------------------------------------------
# Self-run sites and live rooms

SITE_FIELDS = ("kind", "name", "url", "icp_filing", "first_seen_on")
ROOM_FIELDS = ("room_id", "name", "url", "first_seen_on")


def _clean_site(record: str, values: dict) -> dict:
    from wangjian.registry.choices import SiteKind

    clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    if "kind" in clean and clean["kind"] not in SiteKind.values:
        raise RegistryRefused(f"{record}：类型 {clean['kind']!r} 无效 / kind is invalid")
    for name, label in (("name", "名称"), ("url", "网址/标识")):
        if name in clean and not clean[name]:
            raise RegistryRefused(
                f"{record}：{label} 必填 / {name} is required",
                code=RegistryErrorCode.FIELD_REQUIRED,
            )
    if clean.get("icp_filing") and not ICP.match(clean["icp_filing"]):
        raise RegistryRefused(
            f"{record}：ICP备案号 {clean['icp_filing']} 格式应如 沪ICP备12345678号-1 / "
            "icp_filing must look like 沪ICP备12345678号-1"
        )
    return clean


def create_site(*, actor, entity: MarketEntity, **values):
    """Record a 自建网站、应用程序或小程序 of ``entity`` (电子商务法 第九条)."""
    from wangjian.registry.models import SelfRunSite

    _require(actor, entity.division)
    clean = _clean_site(f"市场主体 {entity.name} 的自建网站", values)
    with transaction.atomic():
        site = SelfRunSite.objects.create(entity=entity, **clean)
        record_event(
            actor=actor,
            event_type="registry.site_created",
            target=site,
            division=entity.division,
            after=_snapshot(site, SITE_FIELDS) | {"entity": entity.uscc},
        )
    return site


def edit_site(*, actor, site, **changes):
    """Change a self-run site; before and after are audited."""
    from wangjian.registry.models import SelfRunSite

    _require(actor, site.entity.division)
    clean = _clean_site(f"自建网站 {site.name}", changes)
    with transaction.atomic():
        site = SelfRunSite.objects.select_for_update().get(pk=site.pk)
        before = _snapshot(site, SITE_FIELDS)
        for name, value in clean.items():
            setattr(site, name, value)
        after = _snapshot(site, SITE_FIELDS)
        changed = [name for name in SITE_FIELDS if before[name] != after[name]]
        if changed:
            site.save(update_fields=changed)
            record_event(
                actor=actor,
                event_type="registry.site_edited",
                target=site,
                division=site.entity.division,
                before={name: before[name] for name in changed},
                after={name: after[name] for name in changed},
            )
    return site


def _clean_room(record: str, values: dict) -> dict:
    clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    for name, label in (("room_id", "直播间编号"), ("name", "直播间名称")):
        if name in clean and not clean[name]:
            raise RegistryRefused(
                f"{record}：{label} 必填 / {name} is required",
                code=RegistryErrorCode.FIELD_REQUIRED,
            )
    return clean


def create_live_room(*, actor, shop, **values):
    """Record a live room selling for ``shop`` (网络交易监督管理办法 on live commerce); the
    shop's division decides who may record it."""
    from wangjian.registry.models import LiveRoom

    _require(actor, shop.division)
    clean = _clean_room(f"网店 {shop.name} 的直播间", values)
    with transaction.atomic():
        if LiveRoom.objects.filter(shop=shop, room_id=clean["room_id"]).exists():
            raise RegistryRefused(
                f"网店 {shop.name}：直播间编号 {clean['room_id']} 已登记 / room already recorded"
            )
        room = LiveRoom.objects.create(shop=shop, **clean)
        record_event(
            actor=actor,
            event_type="registry.live_room_created",
            target=room,
            division=shop.division,
            after=_snapshot(room, ROOM_FIELDS) | {"shop": shop.pk},
        )
    return room


def edit_live_room(*, actor, room, **changes):
    """Change a live room; before and after are audited."""
    from wangjian.registry.models import LiveRoom

    _require(actor, room.shop.division)
    clean = _clean_room(f"直播间 {room.name}", changes)
    with transaction.atomic():
        room = LiveRoom.objects.select_for_update().get(pk=room.pk)
        if clean.get("room_id") and LiveRoom.objects.exclude(pk=room.pk).filter(
            shop_id=room.shop_id, room_id=clean["room_id"]
        ):
            raise RegistryRefused(f"直播间 {room.name}：编号已登记 / room id already recorded")
        before = _snapshot(room, ROOM_FIELDS)
        for name, value in clean.items():
            setattr(room, name, value)
        after = _snapshot(room, ROOM_FIELDS)
        changed = [name for name in ROOM_FIELDS if before[name] != after[name]]
        if changed:
            room.save(update_fields=changed)
            record_event(
                actor=actor,
                event_type="registry.live_room_edited",
                target=room,
                division=room.shop.division,
                before={name: before[name] for name in changed},
                after={name: after[name] for name in changed},
            )
    return room
