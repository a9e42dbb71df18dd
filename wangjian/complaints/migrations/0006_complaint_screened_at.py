from django.db import migrations, models


def mark_existing_screened(apps, schema_editor):
    # Records filed before screening moved out of the request were screened at intake.
    Complaint = apps.get_model("complaints", "Complaint")
    Complaint.objects.update(screened_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0005_merge_consumer_filing_and_handler"),
    ]

    operations = [
        migrations.AddField(
            model_name="complaint",
            name="screened_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="筛查时间"
            ),
        ),
        migrations.RunPython(mark_existing_screened, migrations.RunPython.noop),
    ]
