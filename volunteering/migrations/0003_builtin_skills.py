from django.db import migrations

SKILLS = [
    ("doctor", "医生", "doctor"), ("nurse", "护士", "nurse"), ("lawyer", "律师", "lawyer"),
    ("teacher", "教师", "teacher"), ("electrician", "电工", "electrician"), ("plumber", "水暖工", "plumber"),
    ("counsellor", "心理咨询", "counselling"), ("social-worker", "社会工作者", "social worker"),
    ("driver", "驾驶", "driving"), ("photography", "摄影", "photography"), ("cooking", "烹饪", "cooking"),
    ("haircut", "理发", "haircutting"), ("computer", "电脑维修", "computer repair"),
    ("sign-language", "手语", "sign language"), ("first-aid", "急救", "first aid"), ("calligraphy", "书法", "calligraphy"),
]


def forwards(apps, schema_editor):
    Skill = apps.get_model("volunteering", "Skill")
    for code, name, name_en in SKILLS:
        Skill.objects.update_or_create(code=code, community=None, defaults={"name": name, "name_en": name_en})


def backwards(apps, schema_editor):
    apps.get_model("volunteering", "Skill").objects.filter(community=None, code__in=[s[0] for s in SKILLS]).delete()


class Migration(migrations.Migration):
    dependencies = [("volunteering", "0002_ledger_append_only")]
    operations = [migrations.RunPython(forwards, backwards)]
