"""Walk the pages a signed-in person can reach from the menu, as a new user would.

Used by ``test_demo_crawl.py``: starting from the home page and the role's menu, follow every
same-site link (GET only) and report server errors, refusals and machine tokens — raw catalogue
keys, Python values, placeholders — in the text a reader sees.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.urls import Resolver404, resolve

from wangjian.core.navigation import items_for

# Text a reader should never meet: Python values, dictionaries, model labels, catalogue keys
# (``ad-law-2021:9``), unfilled placeholders and notes meant for the catalogue's maintainers.
MACHINE_TOKENS = {
    "working_days": re.compile(r"working_days"),
    "True/False": re.compile(r"\b(?:True|False)\b"),
    "dict": re.compile(r"\{'"),
    "model label": re.compile(r"\b(?:core|registry)\.[A-Za-z_]"),
    "catalogue key": re.compile(r"[a-z]-20\d\d:\d"),
    "placeholder": re.compile(r"\{term\}"),
    "未收录": re.compile("未收录"),
    "条文键": re.compile("条文键"),
}
# Links that change the session or leave the HTML pages: signing out, switching language, the
# API (JSON, with keys on purpose) and its documentation.
SKIPPED_PREFIXES = ("/logout/", "/i18n/", "/api/", "/static/", "/media/")
# The sign-in page, reached from the public pages: a signed-in walk never needs it.
SKIPPED = {"/login/"}


HIDDEN_TAGS = ("script", "style", "template", "code")


class _PageReader(HTMLParser):
    """Collects links and the visible text: no script, style or attribute values, and no
    ``<code>`` — identifiers shown on purpose (a USCC, a hash, an audit event type)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_TAGS:
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag):
        if tag in HIDDEN_TAGS and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.text.append(data.strip())


def read_page(html: str) -> tuple[list[str], str]:
    reader = _PageReader()
    reader.feed(html)
    return reader.links, "\n".join(reader.text)


@dataclass
class CrawlReport:
    visited: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _pattern(path: str) -> str:
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return match.view_name


def crawl(
    client, user=None, *, start: str = "/", limit: int = 150, per_pattern: int = 2
) -> CrawlReport:
    """Visit the pages ``user`` reaches from ``start`` (the home page) and the menu; without a
    user, the pages anyone reaches from ``start``.

    Pages of one kind (one URL name) are visited at most ``per_pattern`` times, so a list of a
    thousand complaints costs two detail pages, and the walk stops after ``limit`` pages.
    """
    report = CrawlReport()
    menu = {href for _item, href in items_for(user)} if user is not None else set()
    queue = [start, *sorted(menu)]
    seen = set(queue)
    per_kind: dict[str, int] = {}
    linked_from: dict[str, str] = dict.fromkeys(menu, "menu")
    while queue and len(report.visited) < limit:
        url = queue.pop(0)
        response = client.get(url)
        report.visited.append(url)
        source = linked_from.get(url, "/")
        if response.status_code >= 500:
            report.problems.append(f"{url} (from {source}): HTTP {response.status_code}")
            continue
        if response.status_code in (403, 404) and source != "typed":
            report.problems.append(f"{url} (from {source}): HTTP {response.status_code}")
            continue
        if response.status_code != 200:
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        links, text = read_page(response.content.decode())
        for name, pattern in MACHINE_TOKENS.items():
            found = pattern.search(text)
            if found:
                start = max(found.start() - 40, 0)
                context = text[start : found.end() + 40].replace("\n", " ")
                report.problems.append(f"{url}: {name} in «{context}»")
        for href in links:
            target, _fragment = urldefrag(urljoin(url, href))
            parts = urlsplit(target)
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target in seen or target.startswith(SKIPPED_PREFIXES) or target in SKIPPED:
                continue
            kind = _pattern(parts.path) + ("?" if parts.query else "")
            if per_kind.get(kind, 0) >= per_pattern:
                continue
            per_kind[kind] = per_kind.get(kind, 0) + 1
            seen.add(target)
            linked_from[target] = url
            queue.append(target)
    return report
