"""0004 added a column to registry_marketentity; SQLite applies that by rebuilding the table,
which drops the triggers that keep the trigram index in step. Re-create them and rebuild the
index from the table (a no-op on PostgreSQL, whose GIN index survives ALTER TABLE)."""

from django.db import migrations


def restore_index(apps, schema_editor):
    from wangjian.registry.search import restore_index as restore

    restore(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_merge_representative_id_and_flag_handling")]

    operations = [migrations.RunPython(restore_index, migrations.RunPython.noop)]
