# Accounts' phones kept like every other phone: encrypted, a keyed hash, a mask, the last four
# digits (0005 fills them in, 0006 drops the clear-text column). Three migrations, so that on
# PostgreSQL the data step runs in a transaction of its own, apart from the schema changes.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_language"),
    ]

    operations = [
        migrations.AddField(model_name="user", name="phone_enc", field=models.TextField(blank=True)),
        migrations.AddField(model_name="user", name="phone_hash", field=models.CharField(blank=True, max_length=64)),
        migrations.AddField(model_name="user", name="phone_last4", field=models.CharField(blank=True, max_length=4)),
        migrations.AddField(
            model_name="user",
            name="phone_masked",
            field=models.CharField(blank=True, max_length=20, verbose_name="mobile phone"),
        ),
    ]
