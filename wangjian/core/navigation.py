"""Main-menu entries. Each app registers its pages in ``<app>/navigation.py`` with
``nav_item``; the menu shows an entry only to users whose role has its capability."""

from dataclasses import dataclass


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


def items_for(user) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [item for item in NAV_ITEMS if user.has_capability(item.capability)]
