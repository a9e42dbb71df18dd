"""The legal-basis catalogue (法律依据目录): packaged data, lookups and citations (loading is
``core.actions.reference_data.load_legal_catalogue``).

``wangjian/core/data/legal/instruments.yaml`` lists each instrument version with its dates and
verification status (SOURCE.md there says where each fact comes from). Nine full texts ship in
``data/legal/texts/`` and are parsed into one ``LegalArticle`` per article (条) and one per item
(项); for the other instruments the YAML lists the cited articles with a marked summary.

Article keys are ``<instrument key>:<article>[.<item>]``: ``ad-law-2021:9.3`` is 《广告法》
第九条第三项.

Citation format (``cite``)::

    《<title>》<label>（<version>，<effective_on>施行[，<repealed_on>废止]）[〔依据未核实〕]

with dates written YYYY-MM-DD, for example

    《中华人民共和国广告法》第九条第三项（2021年4月29日修正，2021-04-29施行）

The date is the one from which the cited version applies (``effective_on``), not the date the
instrument was first enacted, because a decision must name the text it applied; the version
string says which amendment that is. An unknown effective date prints as 施行日期未确定, and an
``unconfirmed`` instrument carries the 〔依据未核实〕 mark so nobody quotes it unaware.

Versions of one instrument share a ``family`` (``LegalInstrument.family``), so the version in
force on a date can be chosen among them (``instrument_in_force``).
"""

import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from wangjian.core.choices import LegalInstrumentKind, VerificationStatus

DATA_DIR = Path(__file__).resolve().parent / "data" / "legal"
CATALOGUE_FILE = "instruments.yaml"
INFO_END = "<!-- INFO END -->"
SUMMARY_MARK = "【条文摘要，非原文】"
UNCONFIRMED_MARK = "〔依据未核实〕"
# Loading as a signed-in user (rather than as the system at installation) needs this
# capability. No role is granted it yet, so today only the system loads the catalogue.
LOAD_CAPABILITY = "core.manage_legal_basis"

KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ARTICLE_KEY_PATTERN = re.compile(
    r"^(?P<instrument>[a-z0-9-]+):(?P<article>\d+)(?:\.(?P<item>\d+))?$"
)
NUMERAL = "零〇一二三四五六七八九十百千"
ARTICLE_LINE = re.compile(rf"^第(?P<number>[{NUMERAL}]+)条[\s\u3000]+(?P<text>.*)$")
ITEM_LINE = re.compile(r"^[（(](?P<number>[一二三四五六七八九十]+)[）)]")


class LegalCatalogueError(ValueError):
    """The packaged catalogue is inconsistent (a bug in the data files, not user input)."""


class LegalBasisNotFound(KeyError):
    """No instrument or article with this key (or no version in force on a date)."""

    def __init__(self, key: str, message: str | None = None):
        self.key = key
        self.message = message or (
            f"未找到法律依据 {key}（可先运行 wangjian legal load）/ no legal basis with key "
            f"{key} (run `wangjian legal load` first?)"
        )
        super().__init__(key)

    def __str__(self) -> str:
        return self.message


# --------------------------------------------------------------------------------------------
# Chinese numerals


_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9}  # fmt: skip
_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_numeral_to_int(text: str) -> int:
    """Parse a Chinese numeral as used for article numbers: 十一, 一百零三, 一千二百六十."""
    if not text:
        raise ValueError("empty numeral")
    total = 0
    digit = None
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _UNITS:
            # A bare 十 at the start means 一十 (十一 = 11).
            total += (1 if digit is None else digit) * _UNITS[char]
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + (digit or 0)


def int_to_chinese_numeral(number: int) -> str:
    """Write 1–9999 the way statutes number articles: 十, 十一, 一百零三, 一百一十."""
    if not 1 <= number <= 9999:
        raise ValueError(f"out of range: {number}")
    digits = "零一二三四五六七八九"
    if number < 20:
        return ("十" if number >= 10 else "") + (digits[number % 10] if number % 10 else "")
    parts: list[str] = []
    pending_zero = False
    remainder = number
    for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        digit, remainder = divmod(remainder, value)
        if digit:
            if pending_zero:
                parts.append("零")
                pending_zero = False
            parts.append(digits[digit] + unit)
        elif parts:
            pending_zero = True
    if remainder:
        if pending_zero:
            parts.append("零")
        parts.append(digits[remainder])
    return "".join(parts)


def article_label(article: int, item: int | None = None) -> str:
    """``第九条`` or ``第九条第三项``."""
    label = f"第{int_to_chinese_numeral(article)}条"
    if item is not None:
        label += f"第{int_to_chinese_numeral(item)}项"
    return label


# --------------------------------------------------------------------------------------------
# Reading the packaged data


@dataclass(frozen=True)
class ArticleEntry:
    key: str
    article: int
    item: int | None
    label: str
    text: str


@dataclass(frozen=True)
class InstrumentEntry:
    key: str
    family: str
    title: str
    short_title: str
    kind: str
    issuer: str
    document_number: str
    version: str
    promulgated_on: dt.date | None
    effective_on: dt.date | None
    repealed_on: dt.date | None
    superseded_by: str | None
    verification: str
    source: str
    notes: str
    text_file: str | None
    articles: tuple[ArticleEntry, ...] = field(default=())

    def model_values(self) -> dict:
        """The ``LegalInstrument`` field values except ``superseded_by`` (set in a second pass)."""
        return {
            "family": self.family,
            "title": self.title,
            "short_title": self.short_title,
            "kind": self.kind,
            "issuer": self.issuer,
            "document_number": self.document_number,
            "version": self.version,
            "promulgated_on": self.promulgated_on,
            "effective_on": self.effective_on,
            "repealed_on": self.repealed_on,
            "verification": self.verification,
            "source": self.source,
            "notes": self.notes,
        }


@dataclass(frozen=True)
class Catalogue:
    instruments: tuple[InstrumentEntry, ...]
    digest: str

    def by_key(self) -> dict[str, InstrumentEntry]:
        """Instruments indexed by key."""
        return {entry.key: entry for entry in self.instruments}


def parse_statute_text(text: str, instrument_key: str, where: str = "") -> list[ArticleEntry]:
    """Split a LawRefBook-style Markdown text into article and item entries.

    Articles start with ``第X条`` at the beginning of a line; ``#`` lines (编/章/节 headings) and
    the header above ``<!-- INFO END -->`` are skipped. Items are lines starting with ``（一）``
    or ``(一)``. Articles must run 1, 2, 3, … and items 1, 2, 3, … within an article: a gap
    means the text or the parse is wrong, so ``LegalCatalogueError`` is raised.
    """
    if INFO_END in text:
        text = text.split(INFO_END, 1)[1]
    articles: list[tuple[int, list[str], list[tuple[int, str]]]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = ARTICLE_LINE.match(line)
        if match:
            number = chinese_numeral_to_int(match.group("number"))
            expected = len(articles) + 1
            if number != expected:
                raise LegalCatalogueError(
                    f"{where}: 第{match.group('number')}条 out of sequence (expected {expected})"
                )
            articles.append((number, [match.group("text").strip()], []))
            continue
        if not articles:
            raise LegalCatalogueError(f"{where}: text before the first article: {line[:40]!r}")
        number, paragraphs, items = articles[-1]
        paragraphs.append(line)
        item_match = ITEM_LINE.match(line)
        if item_match:
            item_number = chinese_numeral_to_int(item_match.group("number"))
            if item_number != len(items) + 1:
                raise LegalCatalogueError(
                    f"{where}: 第{int_to_chinese_numeral(number)}条 item {item_number} out of "
                    f"sequence (expected {len(items) + 1})"
                )
            items.append((item_number, line))
    entries = []
    for number, paragraphs, items in articles:
        entries.append(
            ArticleEntry(
                key=f"{instrument_key}:{number}",
                article=number,
                item=None,
                label=article_label(number),
                text="\n".join(paragraphs),
            )
        )
        for item_number, line in items:
            entries.append(
                ArticleEntry(
                    key=f"{instrument_key}:{number}.{item_number}",
                    article=number,
                    item=item_number,
                    label=article_label(number, item_number),
                    text=line,
                )
            )
    return entries


def _optional_date(record: dict, name: str, where: str) -> dt.date | None:
    value = record.get(name)
    if value is None:
        return None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise LegalCatalogueError(f"{where}: {name} must be a YYYY-MM-DD date or null")
    return value


def _summary_articles(key: str, records, where: str) -> list[ArticleEntry]:
    entries = []
    for position, record in enumerate(records or [], start=1):
        here = f"{where} article #{position}"
        article = record.get("article")
        item = record.get("item")
        summary = (record.get("summary") or "").strip()
        if not isinstance(article, int) or article < 1:
            raise LegalCatalogueError(f"{here}: article must be a positive int")
        if item is not None and (not isinstance(item, int) or item < 1):
            raise LegalCatalogueError(f"{here}: item must be a positive int or absent")
        if not summary:
            raise LegalCatalogueError(f"{here}: summary is required")
        entries.append(
            ArticleEntry(
                key=f"{key}:{article}" + (f".{item}" if item is not None else ""),
                article=article,
                item=item,
                label=record.get("label") or article_label(article, item),
                text=SUMMARY_MARK + summary,
            )
        )
    return entries


def read_catalogue(data_dir: Path = DATA_DIR) -> Catalogue:
    """Read and check the packaged catalogue: YAML entries plus the parsed shipped texts.

    Raise ``LegalCatalogueError`` on a duplicate key, an unknown kind, verification status or
    ``superseded_by`` target, dates out of order, an article count that differs from the text,
    or a duplicate article key.
    """
    catalogue_path = data_dir / CATALOGUE_FILE
    raw = catalogue_path.read_bytes()
    hasher = hashlib.sha256(raw)
    records = yaml.safe_load(raw.decode("utf-8"))["instruments"]
    kinds = set(LegalInstrumentKind.values)
    statuses = set(VerificationStatus.values)
    entries: list[InstrumentEntry] = []
    for position, record in enumerate(records, start=1):
        key = record.get("key") or ""
        where = f"{CATALOGUE_FILE} #{position} {key}"
        if not KEY_PATTERN.match(key):
            raise LegalCatalogueError(f"{where}: key must be lower-case words joined by '-'")
        if record.get("kind") not in kinds:
            raise LegalCatalogueError(f"{where}: unknown kind {record.get('kind')!r}")
        if record.get("verification") not in statuses:
            raise LegalCatalogueError(
                f"{where}: unknown verification {record.get('verification')!r}"
            )
        for required in ("family", "title", "version"):
            if not record.get(required):
                raise LegalCatalogueError(f"{where}: {required} is required")
        promulgated_on = _optional_date(record, "promulgated_on", where)
        effective_on = _optional_date(record, "effective_on", where)
        repealed_on = _optional_date(record, "repealed_on", where)
        if effective_on and repealed_on and repealed_on <= effective_on:
            raise LegalCatalogueError(f"{where}: repealed_on must be after effective_on")
        text_file = record.get("text_file")
        if text_file:
            if record.get("articles"):
                raise LegalCatalogueError(f"{where}: a shipped text and listed articles")
            text_bytes = (data_dir / text_file).read_bytes()
            hasher.update(text_file.encode("utf-8") + b"\0" + text_bytes)
            articles = parse_statute_text(text_bytes.decode("utf-8"), key, where)
            count = sum(1 for article in articles if article.item is None)
            if count != record.get("article_count"):
                raise LegalCatalogueError(
                    f"{where}: {text_file} has {count} articles, the catalogue says "
                    f"{record.get('article_count')}"
                )
        else:
            articles = _summary_articles(key, record.get("articles"), where)
        entries.append(
            InstrumentEntry(
                key=key,
                family=record["family"],
                title=record["title"],
                short_title=record.get("short_title") or "",
                kind=record["kind"],
                issuer=record.get("issuer") or "",
                document_number=record.get("document_number") or "",
                version=str(record["version"]),
                promulgated_on=promulgated_on,
                effective_on=effective_on,
                repealed_on=repealed_on,
                superseded_by=record.get("superseded_by"),
                verification=record["verification"],
                source=(record.get("source") or "").strip(),
                notes=(record.get("notes") or "").strip(),
                text_file=text_file,
                articles=tuple(articles),
            )
        )
    _check_references(entries)
    return Catalogue(instruments=tuple(entries), digest=hasher.hexdigest())


def _check_references(entries: list[InstrumentEntry]) -> None:
    keys: set[str] = set()
    article_keys: set[str] = set()
    for entry in entries:
        if entry.key in keys:
            raise LegalCatalogueError(f"duplicate instrument key {entry.key}")
        keys.add(entry.key)
        for article in entry.articles:
            if article.key in article_keys:
                raise LegalCatalogueError(f"duplicate article key {article.key}")
            article_keys.add(article.key)
    by_key = {entry.key: entry for entry in entries}
    for entry in entries:
        if entry.superseded_by is None:
            continue
        successor = by_key.get(entry.superseded_by)
        if successor is None or successor.family != entry.family:
            raise LegalCatalogueError(
                f"{entry.key}: superseded_by {entry.superseded_by} is not a version of the same "
                "family in the catalogue"
            )


@functools.cache
def packaged_catalogue() -> Catalogue:
    """The packaged catalogue, read once per process."""
    return read_catalogue()


def catalogue_families() -> dict[str, tuple[str, ...]]:
    """Family name → instrument keys of its versions, oldest effective date first (database)."""
    from wangjian.core.models import LegalInstrument

    families: dict[str, list] = {}
    for row in LegalInstrument.objects.values("family", "key", "effective_on"):
        families.setdefault(row["family"], []).append(row)
    return {
        family: tuple(
            row["key"]
            for row in sorted(
                members,
                key=lambda r: (r["effective_on"] is None, r["effective_on"] or dt.date.min),
            )
        )
        for family, members in sorted(families.items())
    }


def instrument_family(key: str) -> str:
    """The family of an instrument key; raise ``LegalBasisNotFound`` if it is not loaded."""
    from wangjian.core.models import LegalInstrument

    family = LegalInstrument.objects.filter(key=key).values_list("family", flat=True).first()
    if family is None:
        raise LegalBasisNotFound(key)
    return family


# --------------------------------------------------------------------------------------------
# Loading


@dataclass(frozen=True)
class LoadSummary:
    """What a catalogue load did, per table."""

    instruments_created: int
    instruments_updated: int
    instruments_unchanged: int
    articles_created: int
    articles_updated: int
    articles_unchanged: int
    digest: str

    @property
    def instruments(self) -> int:
        """Instruments in the packaged catalogue."""
        return self.instruments_created + self.instruments_updated + self.instruments_unchanged

    @property
    def articles(self) -> int:
        """Article and item rows in the packaged catalogue."""
        return self.articles_created + self.articles_updated + self.articles_unchanged


INSTRUMENT_FIELDS = (
    "title",
    "short_title",
    "kind",
    "issuer",
    "document_number",
    "version",
    "promulgated_on",
    "effective_on",
    "repealed_on",
    "verification",
    "source",
    "notes",
)
ARTICLE_FIELDS = ("instrument_id", "article", "item", "label", "text")


# --------------------------------------------------------------------------------------------
# Lookups and citations


def get_instrument(key: str):
    """The ``LegalInstrument`` with this key; raise ``LegalBasisNotFound`` if there is none."""
    from wangjian.core.models import LegalInstrument

    try:
        return LegalInstrument.objects.get(key=key)
    except LegalInstrument.DoesNotExist as error:
        raise LegalBasisNotFound(key) from error


def get_article(key: str):
    """The ``LegalArticle`` with this key (``ad-law-2021:9.3``), its instrument preloaded.

    Raise ``LegalBasisNotFound`` for a malformed or unknown key.
    """
    from wangjian.core.models import LegalArticle

    if not isinstance(key, str) or not ARTICLE_KEY_PATTERN.match(key):
        raise LegalBasisNotFound(
            str(key),
            f"条文键 {key!r} 格式错误，应为 <依据键>:<条>[.<项>]，如 ad-law-2021:9.3 / malformed "
            f"article key {key!r}: expected <instrument>:<article>[.<item>], e.g. "
            "ad-law-2021:9.3",
        )
    try:
        return LegalArticle.objects.select_related("instrument").get(key=key)
    except LegalArticle.DoesNotExist as error:
        raise LegalBasisNotFound(key) from error


def is_summary(article) -> bool:
    """Whether the article's text is the catalogue's summary rather than the official text."""
    return article.text.startswith(SUMMARY_MARK)


def _version_note(instrument) -> str:
    effective = (
        f"{instrument.effective_on.isoformat()}施行"
        if instrument.effective_on
        else "施行日期未确定"
    )
    parts = [instrument.version, effective]
    if instrument.repealed_on:
        parts.append(f"{instrument.repealed_on.isoformat()}废止")
    mark = UNCONFIRMED_MARK if instrument.verification == VerificationStatus.UNCONFIRMED else ""
    return f"（{'，'.join(parts)}）{mark}"


def format_citation(instrument, label: str = "") -> str:
    """Format a citation of an instrument, or of one of its articles when ``label`` is given."""
    return f"《{instrument.title}》{label}{_version_note(instrument)}"


def cite(key: str) -> str:
    """The citation for an article key (``ad-law-2021:9.3``) or an instrument key.

    ``cite("ad-law-2021:9.3") == "《中华人民共和国广告法》第九条第三项（2021年4月29日修正，
    2021-04-29施行）"``; the format is described in the module docstring. Raise
    ``LegalBasisNotFound`` for an unknown key.
    """
    if ":" in str(key):
        article = get_article(key)
        return format_citation(article.instrument, article.label)
    return format_citation(get_instrument(key))


class NoVersionInForce(LegalBasisNotFound):
    """No version of a family was in force on the date asked about."""


def instrument_in_force(family_or_prefix: str, on_date: dt.date):
    """The version of an instrument in force on ``on_date``.

    ``family_or_prefix`` is a family name from the catalogue (``complaint-handling-measures``)
    or a key prefix (``anti-unfair-competition-law``, matching ``…-2019`` and ``…-2025``).
    A version is in force from its ``effective_on`` (inclusive) until its ``repealed_on``
    (exclusive); versions without an effective date (drafts, unknown dates) are never chosen.
    Raise ``LegalBasisNotFound`` when nothing matches the name or none of the versions is in
    the database, and ``NoVersionInForce`` when none was in force on that date.
    """
    from wangjian.core.models import LegalInstrument

    if isinstance(on_date, dt.datetime) or not isinstance(on_date, dt.date):
        raise TypeError("on_date must be a datetime.date")
    versions = list(LegalInstrument.objects.filter(family=family_or_prefix)) or list(
        LegalInstrument.objects.filter(key__startswith=f"{family_or_prefix}-")
    )
    if not versions:
        raise LegalBasisNotFound(
            family_or_prefix,
            f"未找到法律依据系列 {family_or_prefix}（可先运行 wangjian legal load）/ no "
            f"instrument family or key prefix {family_or_prefix} (run `wangjian legal load` "
            "first?)",
        )
    in_force = [
        version for version in versions if version.effective_on and version.in_force_on(on_date)
    ]
    if not in_force:
        raise NoVersionInForce(
            family_or_prefix,
            f"{on_date.isoformat()} 无有效的 {family_or_prefix} 版本 / no version of "
            f"{family_or_prefix} was in force on {on_date.isoformat()}",
        )
    # Overlaps mean a successor's repealed_on was not set; the later text is then the one
    # that applies.
    return max(in_force, key=lambda version: version.effective_on)


def in_words(key: str) -> str:
    """A catalogue key as a reader knows it: ``ad-law-2021:57`` → 《广告法》第五十七条,
    ``ad-law-2021`` → 《广告法》.

    An article the catalogue does not list under a catalogued instrument is still named in words
    from its key (the instrument is known, only its text is missing); a key whose instrument is
    not catalogued either is named as a basis not yet catalogued, never as the key itself, which
    stays available to staff in a tooltip (``citation`` template filter) and the API. Text that
    is not a key at all (a free-text basis typed before the catalogue existed) is returned as is.
    """
    from django.utils.translation import gettext

    from wangjian.core.models import LegalArticle, LegalInstrument

    key = str(key or "").strip()
    if not key:
        return ""
    instrument_key, _sep, article_part = key.partition(":")
    if not _KEY_LIKE.match(key):
        return key
    article = (
        LegalArticle.objects.select_related("instrument").filter(key=key).first()
        if article_part
        else None
    )
    if article is not None:
        instrument, label = article.instrument, article.label
    else:
        instrument = LegalInstrument.objects.filter(key=instrument_key).first()
        if instrument is None:
            return gettext("未入法律依据目录的依据")
        label = ""
        if article_part:
            number, _dot, item = article_part.partition(".")
            if number.isdigit() and (not item or item.isdigit()):
                label = article_label(int(number), int(item) if item else None)
    return f"《{instrument.short_title or instrument.title}》{label}"


# A catalogue key: lower-case words joined by hyphens ending in a year, then an optional
# article (``ad-law-2021``, ``ad-law-2021:9.3``).
_KEY_LIKE = re.compile(r"^[a-z][a-z0-9-]*-\d{4}(?::[0-9][0-9.]*)?$")
