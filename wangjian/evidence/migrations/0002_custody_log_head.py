from django.db import migrations


def create_head(apps, schema_editor):
    # One row that every append locks; creating it here spares two first appends a race.
    apps.get_model("evidence", "CustodyLogHead").objects.get_or_create(pk=1, defaults={"size": 0})


class Migration(migrations.Migration):
    dependencies = [("evidence", "0001_initial")]

    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
