"""The event↔message link moves from applications (Event.email_message) to mail_sync."""

import django.db.models.deletion
from django.db import migrations, models

OLD_COLUMN = "email_message_id"


def move_links(apps, schema_editor) -> None:
    """Copy the links a database already has, then drop the old column.

    Only databases migrated before the move have the column (applications' 0003 no longer
    adds it), so it is looked for rather than assumed.
    """
    Event = apps.get_model("applications", "Event")
    EventMessage = apps.get_model("mail_sync", "EventMessage")
    connection = schema_editor.connection
    events = Event._meta.db_table
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(cursor, events)
        if OLD_COLUMN not in {column.name for column in columns}:
            return
        quote = schema_editor.quote_name
        cursor.execute(
            f"INSERT INTO {quote(EventMessage._meta.db_table)} (event_id, message_id)"
            f" SELECT id, {quote(OLD_COLUMN)} FROM {quote(events)}"
            f" WHERE {quote(OLD_COLUMN)} IS NOT NULL"
        )
        cursor.execute(f"ALTER TABLE {quote(events)} DROP COLUMN {quote(OLD_COLUMN)}")


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0003_event_email_message"),
        ("mail_sync", "0004_corrections"),
    ]

    operations = [
        migrations.CreateModel(
            name="EventMessage",
            fields=[
                (
                    "event",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="message_link",
                        serialize=False,
                        to="applications.event",
                    ),
                ),
                (
                    "message",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="event_links",
                        to="mail_sync.message",
                    ),
                ),
            ],
        ),
        # Reversing keeps no links: applications has no column to put them back in.
        migrations.RunPython(move_links, migrations.RunPython.noop),
    ]
