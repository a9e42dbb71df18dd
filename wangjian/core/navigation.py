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


def _core_items() -> None:
    from django.utils.translation import gettext_lazy as _

    nav_item(900, _("人员管理"), "core:people", "core.manage_org_unit")


_core_items()
