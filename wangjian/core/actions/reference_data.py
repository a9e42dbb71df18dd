"""Loading the packaged reference data: administrative divisions and the legal-basis catalogue.

Both loads are idempotent (a second load changes nothing and reports everything unchanged) and
run as the system (``actor=None``: installation, ``wangjian divisions load``, ``wangjian legal
load``, the demo) or as a signed-in person with the capability. Reading and checking the data
files stays in ``core.divisions`` and ``core.legal_catalogue``; only the writes live here.
"""

from django.db import transaction

from wangjian.core.actions.refusals import CoreNotPermitted
from wangjian.core.audit import record_event
from wangjian.core.choices import DivisionLevel
from wangjian.core.divisions import DATA_FILES, division_paths, read_division_rows
from wangjian.core.divisions import LoadSummary as DivisionLoadSummary
from wangjian.core.legal_catalogue import (
    INSTRUMENT_FIELDS,
    LOAD_CAPABILITY,
    packaged_catalogue,
)
from wangjian.core.legal_catalogue import LoadSummary as CatalogueLoadSummary
from wangjian.core.models import Division, LegalArticle, LegalInstrument


def load_divisions(*, actor=None) -> DivisionLoadSummary:
    """Insert or update the packaged divisions in one transaction and audit the load.

    Rows already in the database with codes the data does not carry are left alone: they may
    be referenced by organisations and cases (the foreign keys protect them) and removing a
    division is a decision for a person, not for a data refresh.
    """
    rows = read_division_rows()
    paths = division_paths(rows)
    created = updated = unchanged = 0
    with transaction.atomic(durable=True):
        existing = Division.objects.in_bulk(field_name="code")
        id_of = {code: division.pk for code, division in existing.items()}
        # Creating one level at a time gives every new row its parent's id from the rows made
        # just before it, at the cost of one insert per level rather than per row.
        for level in DivisionLevel.values:
            new = [
                Division(
                    code=row.code,
                    name=row.name,
                    level=row.level,
                    parent_id=None if row.parent_code is None else id_of[row.parent_code],
                    path=paths[row.code],
                    source=row.source,
                )
                for row in rows
                if row.level == level and row.code not in existing
            ]
            if not new:
                continue
            made = Division.objects.bulk_create(new, batch_size=500)
            if any(division.pk is None for division in made):
                made = Division.objects.filter(code__in=[d.code for d in new])
            id_of.update({division.code: division.pk for division in made})
            created += len(new)
        changed = []
        fields = ("name", "level", "parent_id", "path", "source")
        for row in rows:
            division = existing.get(row.code)
            if division is None:
                continue
            wanted = {
                "name": row.name,
                "level": row.level,
                "parent_id": None if row.parent_code is None else id_of[row.parent_code],
                "path": paths[row.code],
                "source": row.source,
            }
            if all(getattr(division, field) == wanted[field] for field in fields):
                unchanged += 1
                continue
            for field, value in wanted.items():
                setattr(division, field, value)
            changed.append(division)
        if changed:
            Division.objects.bulk_update(changed, fields, batch_size=500)
        updated = len(changed)
        record_event(
            actor=actor,
            event_type="core.divisions_loaded",
            target=("core.division", "", "行政区划"),
            after={
                "created": created,
                "updated": updated,
                "source": "; ".join(source for _name, source in DATA_FILES),
            },
        )
    return DivisionLoadSummary(created=created, updated=updated, unchanged=unchanged)


def load_legal_catalogue(*, actor=None) -> CatalogueLoadSummary:
    """Insert or update the packaged catalogue in one transaction and audit the load.

    Idempotent: a second load changes nothing and reports everything unchanged. Uses a fixed
    number of queries (bulk creates and updates). Rows the data no longer carries are left
    alone: decisions may cite them, and retiring a legal basis is a person's decision.
    ``actor`` None is the system (installation, ``wangjian legal load``); a signed-in actor
    needs ``core.manage_legal_basis``.
    """
    if actor is not None and not actor.has_capability(LOAD_CAPABILITY):
        raise CoreNotPermitted(
            "无权载入法律依据目录（须有 core.manage_legal_basis 权限）/ not permitted to load the "
            "legal-basis catalogue (needs core.manage_legal_basis)"
        )
    catalogue = packaged_catalogue()
    entries = catalogue.by_key()
    changed_keys: set[str] = set()
    with transaction.atomic(durable=True):
        existing = LegalInstrument.objects.in_bulk(list(entries), field_name="key")
        new = [
            LegalInstrument(key=key, **entry.model_values())
            for key, entry in entries.items()
            if key not in existing
        ]
        LegalInstrument.objects.bulk_create(new, batch_size=500)
        to_update = []
        for key, instrument in existing.items():
            wanted = entries[key].model_values()
            if any(getattr(instrument, name) != wanted[name] for name in INSTRUMENT_FIELDS):
                for name, value in wanted.items():
                    setattr(instrument, name, value)
                to_update.append(instrument)
                changed_keys.add(key)
        if to_update:
            LegalInstrument.objects.bulk_update(to_update, INSTRUMENT_FIELDS, batch_size=500)
        # Second pass: successors may have been created just now, so their ids are read back.
        rows = LegalInstrument.objects.filter(key__in=list(entries)).only(
            "id", "key", "superseded_by_id"
        )
        instrument_ids = {row.key: row.pk for row in rows}
        relinked = []
        for row in rows:
            successor = entries[row.key].superseded_by
            wanted_id = instrument_ids[successor] if successor else None
            if row.superseded_by_id != wanted_id:
                row.superseded_by_id = wanted_id
                relinked.append(row)
                changed_keys.add(row.key)
        if relinked:
            LegalInstrument.objects.bulk_update(relinked, ["superseded_by"], batch_size=500)
        created_keys = {instrument.key for instrument in new}
        changed_keys -= created_keys

        articles = {
            article.key: (instrument_ids[entry.key], article)
            for entry in entries.values()
            for article in entry.articles
        }
        current = LegalArticle.objects.in_bulk(list(articles), field_name="key")
        new_articles = [
            LegalArticle(
                key=key,
                instrument_id=instrument_id,
                article=article.article,
                item=article.item,
                label=article.label,
                text=article.text,
            )
            for key, (instrument_id, article) in articles.items()
            if key not in current
        ]
        LegalArticle.objects.bulk_create(new_articles, batch_size=500)
        changed_articles = []
        for key, row in current.items():
            instrument_id, article = articles[key]
            wanted = {
                "instrument_id": instrument_id,
                "article": article.article,
                "item": article.item,
                "label": article.label,
                "text": article.text,
            }
            if any(getattr(row, name) != value for name, value in wanted.items()):
                for name, value in wanted.items():
                    setattr(row, name, value)
                changed_articles.append(row)
        if changed_articles:
            LegalArticle.objects.bulk_update(
                changed_articles,
                ["instrument", "article", "item", "label", "text"],
                batch_size=500,
            )
        summary = CatalogueLoadSummary(
            instruments_created=len(new),
            instruments_updated=len(changed_keys),
            instruments_unchanged=len(entries) - len(new) - len(changed_keys),
            articles_created=len(new_articles),
            articles_updated=len(changed_articles),
            articles_unchanged=len(articles) - len(new_articles) - len(changed_articles),
            digest=catalogue.digest,
        )
        record_event(
            actor=actor,
            event_type="core.legal_catalogue_loaded",
            target=("core.legalinstrument", "", "法律依据目录"),
            after={
                "instruments_created": summary.instruments_created,
                "instruments_updated": summary.instruments_updated,
                "articles_created": summary.articles_created,
                "articles_updated": summary.articles_updated,
                "created_keys": sorted(created_keys),
                "updated_keys": sorted(changed_keys),
                "data_sha256": catalogue.digest,
            },
        )
    return summary
