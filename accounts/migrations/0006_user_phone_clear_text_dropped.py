# The clear-text phone column goes; an account's phone is unique through its keyed hash.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_user_phone_data"),
    ]

    operations = [
        migrations.RemoveField(model_name="user", name="phone"),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                condition=models.Q(("phone_hash", ""), _negated=True), fields=("phone_hash",), name="user_phone_unique"
            ),
        ),
    ]
