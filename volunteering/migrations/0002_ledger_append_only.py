from django.db import migrations

from core.append_only import SERVICE_RECORDS_UNCHAINED as SERVICE_RECORDS


class Migration(migrations.Migration):
    dependencies = [("volunteering", "0001_initial")]
    operations = [SERVICE_RECORDS.migration_operation()]
