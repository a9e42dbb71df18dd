"""Main-menu entries. Each app registers its pages in ``<app>/navigation.py`` with
``nav_item``; the menu shows an entry only to users whose role has its capability."""

import logging
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NavItem:
    order: int
    label: str
    url_name: str
    capability: str


NAV_ITEMS: list[NavItem] = []


def nav_item(order: int, label, url_name: str, capability: str) -> None:
    NAV_ITEMS.append(NavItem(order, label, url_name, capability))
    NAV_ITEMS.sort(key=lambda item: item.order)


def items_for(user) -> list[tuple[NavItem, str]]:
    """The user's menu as (item, href) pairs.

    An entry whose URL name does not resolve is left out (and logged) rather than breaking
    every page; ``test_every_menu_entry_resolves`` makes such an entry fail the suite.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    menu = []
    for item in NAV_ITEMS:
        if not user.has_capability(item.capability):
            continue
        try:
            menu.append((item, reverse(item.url_name)))
        except NoReverseMatch:
            logger.error("menu entry %s points to an unknown URL name", item.url_name)
    return menu


@dataclass(frozen=True)
class PublicLink:
    """A page open without signing in, listed on the public home. ``per_division`` links take
    a 行政区划 code (``complaints:public-form`` of each bureau's district)."""

    order: int
    label: str
    url_name: str
    description: str = ""
    per_division: bool = False


PUBLIC_LINKS: list[PublicLink] = []


def public_link(order: int, label, url_name: str, *, description="", per_division=False):
    PUBLIC_LINKS.append(PublicLink(order, label, url_name, description, per_division))
    PUBLIC_LINKS.sort(key=lambda link: link.order)


def public_links() -> list[dict]:
    """The public home's entries: ``{"link", "href"}`` or, per district, ``{"link", "districts":
    [(name, href)]}`` for every district with an active 市场监督管理局 on the platform."""
    from wangjian.core.choices import DivisionLevel, OrgUnitKind
    from wangjian.core.models import OrgUnit

    districts = sorted(
        {
            (unit.division.code, unit.division.name)
            for unit in OrgUnit.objects.filter(
                kind=OrgUnitKind.BUREAU, is_active=True, division__level=DivisionLevel.COUNTY
            ).select_related("division")
        }
    )
    entries = []
    for link in PUBLIC_LINKS:
        try:
            if link.per_division:
                shown = [(name, reverse(link.url_name, args=[code])) for code, name in districts]
                if shown:
                    entries.append({"link": link, "districts": shown})
            else:
                entries.append({"link": link, "href": reverse(link.url_name)})
        except NoReverseMatch:
            logger.error("public link %s points to an unknown URL name", link.url_name)
    return entries


def _core_items() -> None:
    from django.utils.translation import gettext_lazy as _

    nav_item(900, _("人员管理"), "core:people", "core.manage_org_unit")


_core_items()
