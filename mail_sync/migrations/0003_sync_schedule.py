"""The django-q2 schedule that syncs every connected Gmail account periodically."""

from django.conf import settings
from django.db import migrations

SCHEDULE_NAME = "mail_sync.sync_all_accounts"


def create_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name=SCHEDULE_NAME,
        defaults={
            "func": "mail_sync.tasks.sync_all_accounts",
            "schedule_type": "I",  # Schedule.MINUTES
            "minutes": settings.GMAIL_SYNC_INTERVAL_MINUTES,
            "repeats": -1,
        },
    )


def delete_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=SCHEDULE_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("mail_sync", "0002_syncrun_to_fetch"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedule, delete_schedule)]
