from django.db import migrations

# (code, 中文, English, applies to)
BUILTIN_TAGS = [
    ("elderly-alone", "独居老人", "elderly living alone", "both"),
    ("empty-nest", "空巢老人", "empty-nest elderly", "both"),
    ("disability", "残疾", "disability", "both"),
    ("low-income", "低保", "low-income (dibao)", "both"),
    ("hardship", "困难家庭", "hardship", "both"),
    ("veteran", "退役军人", "veteran", "resident"),
    ("special-care", "优抚对象", "entitled to special care", "resident"),
    ("left-behind-child", "留守儿童", "left-behind child", "resident"),
    ("serious-illness", "大病", "serious illness", "resident"),
    ("rental", "出租户", "rented out", "household"),
]


def forwards(apps, schema_editor):
    Tag = apps.get_model("registry", "Tag")
    for code, name, name_en, applies_to in BUILTIN_TAGS:
        Tag.objects.update_or_create(code=code, community=None, defaults={"name": name, "name_en": name_en, "applies_to": applies_to})


def backwards(apps, schema_editor):
    apps.get_model("registry", "Tag").objects.filter(community=None, code__in=[t[0] for t in BUILTIN_TAGS]).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
