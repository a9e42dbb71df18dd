"""Chinese substring search over entities and shops, behind one interface.

Chinese has no spaces to split words on, so search is by substring. To keep that fast at a
district's scale each database gets a trigram index: an FTS5 ``trigram`` table kept in step by
triggers on SQLite, and a ``pg_trgm`` GIN index on PostgreSQL (which serves ``LIKE '%x%'``).
Queries shorter than three characters cannot use trigrams and fall back to a plain ``LIKE``, as
does any other database. Indexed text is ``normalise.fold``-ed, and so is the query.

Both index kinds are created by migration 0002 only on their own database; ``ensure_index``
re-creates them (SQLite rebuilds a table when Django alters it, which drops its triggers).
"""

from django.db import connection
from django.db.models.expressions import RawSQL

from wangjian.core.listing import search_terms
from wangjian.core.uploads import CONTROL_CHARACTERS
from wangjian.registry.normalise import fold

# (model table, FTS table) pairs.
INDEXED_TABLES = (
    ("registry_marketentity", "registry_entity_search"),
    ("registry_onlineshop", "registry_shop_search"),
)


def sqlite_statements() -> list[str]:
    statements = []
    for table, fts in INDEXED_TABLES:
        statements += [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(search_text,"
            f" content='{table}', content_rowid='id', tokenize='trigram')",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN"
            f" INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN"
            f" INSERT INTO {fts}({fts}, rowid, search_text)"
            f" VALUES ('delete', old.id, old.search_text); END",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF search_text ON {table}"
            f" BEGIN INSERT INTO {fts}({fts}, rowid, search_text)"
            f" VALUES ('delete', old.id, old.search_text);"
            f" INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
        ]
    return statements


def sqlite_drop_statements() -> list[str]:
    statements = []
    for _table, fts in INDEXED_TABLES:
        for suffix in ("insert", "delete", "update"):
            statements.append(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
        statements.append(f"DROP TABLE IF EXISTS {fts}")
    return statements


def postgresql_statements() -> list[str]:
    statements = ["CREATE EXTENSION IF NOT EXISTS pg_trgm"]
    for table, fts in INDEXED_TABLES:
        statements.append(
            f"CREATE INDEX IF NOT EXISTS {fts}_trgm ON {table} USING gin (search_text gin_trgm_ops)"
        )
    return statements


def postgresql_drop_statements() -> list[str]:
    return [f"DROP INDEX IF EXISTS {fts}_trgm" for _table, fts in INDEXED_TABLES]


def create_index(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": sqlite_statements, "postgresql": postgresql_statements}.get(vendor)
    for statement in statements() if statements else []:
        schema_editor.execute(statement)


def drop_index(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": sqlite_drop_statements, "postgresql": postgresql_drop_statements}
    for statement in statements.get(vendor, list)():
        schema_editor.execute(statement)


def restore_index(schema_editor) -> None:
    """For a migration that alters an indexed table: SQLite rebuilds the table and drops its
    triggers, so every such migration ends with ``RunPython`` calling this."""
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in sqlite_statements():
        schema_editor.execute(statement)
    for _table, fts in INDEXED_TABLES:
        schema_editor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def ensure_index() -> None:
    """(Re)create the index and, on SQLite, rebuild its content from the tables."""
    statements = {"sqlite": sqlite_statements, "postgresql": postgresql_statements}.get(
        connection.vendor
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # PostgreSQL refuses CREATE INDEX on a table with deferred foreign-key checks still
            # pending in the current transaction; run those checks now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for statement in statements() if statements else []:
            cursor.execute(statement)
        if connection.vendor == "sqlite":
            for _table, fts in INDEXED_TABLES:
                cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def _fts_table(model) -> str | None:
    for table, fts in INDEXED_TABLES:
        if model._meta.db_table == table:
            return fts
    return None


def search(queryset, query: str):
    """``queryset`` narrowed to rows whose search text contains every word of ``query``
    (folded): spaces separate words, so "华彩 云帆" finds 华彩云帆….
    """
    for term in search_terms(query):
        queryset = _search_term(queryset, term)
    return queryset


def _search_term(queryset, query: str):
    # NUL and control characters cannot be in a search text (PostgreSQL refuses a NUL in a
    # string): they are dropped from the query rather than failing the page.
    text = CONTROL_CHARACTERS.sub("", fold(query))
    if not text:
        return queryset
    fts = _fts_table(queryset.model)
    if connection.vendor == "sqlite" and fts and len(text) >= 3:
        phrase = '"' + text.replace('"', '""') + '"'
        return queryset.filter(
            pk__in=RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [phrase])
        )
    # PostgreSQL: LIKE '%x%' on the text column is served by the pg_trgm GIN index.
    return queryset.filter(search_text__contains=text)
