"""Trigram search index: FTS5 on SQLite, pg_trgm on PostgreSQL, nothing elsewhere."""

from django.db import migrations


def create_index(apps, schema_editor):
    from wangjian.registry.search import create_index as create

    create(schema_editor)


def drop_index(apps, schema_editor):
    from wangjian.registry.search import drop_index as drop

    drop(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
