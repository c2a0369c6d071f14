# This migration once added Event.email_message, a foreign key into mail_sync, which made the
# two apps' migrations depend on each other. The link between an event and its message now
# lives in mail_sync (EventMessage): mail_sync's 0005_event_message_links copies the links a
# database already has and drops this column. New databases never get it, so applications
# depends on nothing in mail_sync.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0002_initial"),
    ]

    operations = []
