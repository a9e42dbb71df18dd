"""The profile timeline (画像): facts about a market entity from every app, each with its source
and date.

Apps add facts with ``@timeline_provider(order)`` in their own ``<app>/timeline.py``; the registry
finds those modules by name (``autodiscover_modules``), so it never imports the apps that build
on it (imports flow core ← registry ← monitoring, complaints, credit, inspections, evidence). A
provider receives the entity and the viewing user and yields ``TimelineFact`` objects; it must
read through ``visible_to`` so a fact is shown only to whoever may see its source.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class TimelineFact:
    on: dt.date
    kind: str
    title: str
    source: str
    url: str = ""


TimelineProvider = Callable[[object, object], Iterable[TimelineFact]]
TIMELINE_PROVIDERS: list[tuple[int, str, TimelineProvider]] = []


def timeline_provider(order: int):
    def register(function: TimelineProvider) -> TimelineProvider:
        name = f"{function.__module__}.{function.__qualname__}"
        if all(existing != name for _order, existing, _f in TIMELINE_PROVIDERS):
            TIMELINE_PROVIDERS.append((order, name, function))
            TIMELINE_PROVIDERS.sort(key=lambda item: (item[0], item[1]))
        return function

    return register


def timeline_for(entity, user) -> list[TimelineFact]:
    """Every provider's facts, newest first (same day: provider order, then title)."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("timeline")
    facts = []
    for order, _name, provider in TIMELINE_PROVIDERS:
        facts.extend((order, fact) for fact in provider(entity, user))
    facts.sort(key=lambda item: (-item[1].on.toordinal(), item[0], item[1].title))
    return [fact for _order, fact in facts]


REGISTER = _("市场主体登记")


@timeline_provider(10)
def registration_facts(entity, user):
    if entity.established_on:
        yield TimelineFact(entity.established_on, "registered", f"成立：{entity.name}", REGISTER)
    for former in entity.former_names.all():
        if former.changed_on:
            yield TimelineFact(
                former.changed_on, "renamed", f"名称变更，原名 {former.name}", REGISTER
            )


@timeline_provider(20)
def shop_facts(entity, user):
    from wangjian.registry.models import OnlineShop

    shops = OnlineShop.objects.visible_to(user).filter(entity=entity).select_related("platform")
    for shop in shops:
        source = f"{shop.platform.name} 报送"
        yield TimelineFact(shop.first_seen_on, "shop_seen", f"网店“{shop.name}”首次报送", source)
        if shop.exited_on:
            yield TimelineFact(shop.exited_on, "shop_exited", f"网店“{shop.name}”退出", source)
        for room in shop.live_rooms.all():
            if room.first_seen_on:
                yield TimelineFact(room.first_seen_on, "live_room", f"直播间“{room.name}”", source)


@timeline_provider(30)
def site_facts(entity, user):
    from wangjian.registry.models import SelfRunSite

    for site in SelfRunSite.objects.visible_to(user).filter(entity=entity):
        if site.first_seen_on:
            title = f"{site.get_kind_display()}“{site.name}”（ICP备案 {site.icp_filing or '无'}）"
            yield TimelineFact(site.first_seen_on, "site", title, str(_("自建网站监测")))


@timeline_provider(40)
def licence_facts(entity, user):
    from wangjian.registry.models import Licence

    for licence in Licence.objects.visible_to(user).filter(holder=entity):
        source = licence.issuing_authority or str(_("行政许可"))
        if licence.valid_from:
            yield TimelineFact(licence.valid_from, "licence", f"取得{licence}", source)
        if licence.valid_until:
            yield TimelineFact(licence.valid_until, "licence_expiry", f"{licence} 到期", source)


@timeline_provider(50)
def flag_facts(entity, user):
    from wangjian.registry.models import Flag

    if not user.has_capability("registry.view_flag"):
        return
    flags = Flag.objects.visible_to(user).filter(shop__entity=entity) | Flag.objects.visible_to(
        user
    ).filter(entity=entity)
    for flag in flags.distinct().select_related("submission__platform"):
        source = f"{flag.submission.platform.name} 报送" if flag.submission else str(_("登记库"))
        yield TimelineFact(flag.raised_on, "flag", f"提示：{flag.get_kind_display()}", source)


@dataclass(frozen=True)
class ProfileFact:
    """One line at the head of the profile (e.g. the credit tier), from an app above the
    registry; ``url`` leads to that app's page about the entity."""

    label: str
    value: str
    url: str = ""
    link_text: str = ""


ProfileProvider = Callable[[object, object], Iterable[ProfileFact]]
PROFILE_PROVIDERS: list[tuple[int, str, ProfileProvider]] = []


def profile_provider(order: int):
    """Register a provider of profile head facts, found like timeline providers (in the
    apps' ``timeline.py``); it must check the viewer's capabilities itself."""

    def register(function: ProfileProvider) -> ProfileProvider:
        name = f"{function.__module__}.{function.__qualname__}"
        if all(existing != name for _order, existing, _f in PROFILE_PROVIDERS):
            PROFILE_PROVIDERS.append((order, name, function))
            PROFILE_PROVIDERS.sort(key=lambda item: (item[0], item[1]))
        return function

    return register


def profile_facts_for(entity, user) -> list[ProfileFact]:
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("timeline")
    return [
        fact for _order, _name, provider in PROFILE_PROVIDERS for fact in provider(entity, user)
    ]
