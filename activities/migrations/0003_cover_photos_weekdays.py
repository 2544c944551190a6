import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def weekday_to_bits(apps, schema_editor):
    ActivitySeries = apps.get_model("activities", "ActivitySeries")
    for day in range(7):
        ActivitySeries.objects.filter(weekday=day).update(weekdays=1 << day)


def bits_to_weekday(apps, schema_editor):
    # Going back keeps each series' first weekday: the old table had room for one.
    ActivitySeries = apps.get_model("activities", "ActivitySeries")
    for series in ActivitySeries.objects.all():
        series.weekday = next(d for d in range(7) if series.weekdays & (1 << d))
        series.save(update_fields=["weekday"])


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0002_activity_summary"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="cover",
            field=models.ImageField(blank=True, upload_to="activities/covers/%Y/", verbose_name="cover photo"),
        ),
        migrations.AddField(
            model_name="activityseries",
            name="weekdays",
            field=models.PositiveSmallIntegerField(null=True, verbose_name="weekdays"),
        ),
        migrations.AlterField(
            model_name="activityseries",
            name="weekday",
            field=models.PositiveSmallIntegerField(null=True, verbose_name="weekday"),
        ),
        migrations.RunPython(weekday_to_bits, bits_to_weekday),
        migrations.RemoveConstraint(model_name="activityseries", name="series_weekday_valid"),
        migrations.RemoveField(model_name="activityseries", name="weekday"),
        migrations.AlterField(
            model_name="activityseries",
            name="weekdays",
            field=models.PositiveSmallIntegerField(verbose_name="weekdays"),
        ),
        migrations.AddConstraint(
            model_name="activityseries",
            constraint=models.CheckConstraint(
                condition=models.Q(("weekdays__gte", 1), ("weekdays__lte", 127)), name="series_weekdays_valid"
            ),
        ),
        migrations.CreateModel(
            name="ActivityPhoto",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("image", models.ImageField(upload_to="activities/photos/%Y/", verbose_name="photo")),
                ("caption", models.CharField(blank=True, max_length=200, verbose_name="caption")),
                ("position", models.PositiveSmallIntegerField(verbose_name="position")),
                ("uploaded_at", models.DateTimeField(auto_now_add=True)),
                (
                    "activity",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="photos", to="activities.activity"
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "summary photo",
                "verbose_name_plural": "summary photos",
                "ordering": ["position", "pk"],
                "constraints": [
                    models.UniqueConstraint(fields=("activity", "position"), name="activity_photo_position_once")
                ],
            },
        ),
    ]
