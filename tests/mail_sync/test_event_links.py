"""The event↔message link lives in mail_sync; the move keeps the links a database had."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from applications.models import Event, EventSource
from applications.services import notes
from mail_sync.models import EventMessage, Message
from tests.factories import ApplicationFactory
from tests.mail_sync.factories_inbox import GmailAccountFactory, MessageFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("mail_sync.migrations.0005_event_message_links")


def _event_columns() -> set[str]:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, Event._meta.db_table)
    return {column.name for column in description}


def test_the_move_copies_existing_links_and_drops_the_old_column(user):
    """A database from before the move keeps each event's message; unlinked events stay so."""
    application = ApplicationFactory(user=user)
    message = MessageFactory(user=user, account=GmailAccountFactory(user=user))
    from_mail = notes.add_note(application=application, text="Mail", source=EventSource.EMAIL)
    own = notes.add_note(application=application, text="Mine")
    table, messages = Event._meta.db_table, Message._meta.db_table
    with connection.cursor() as cursor:
        # Check the rows above now, as a commit would, so the table can be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # The column applications' 0003 used to add (rolled back with the test).
        cursor.execute(
            f"ALTER TABLE {table} ADD COLUMN email_message_id bigint NULL"
            f" REFERENCES {messages} (id)"
        )
        cursor.execute(
            f"UPDATE {table} SET email_message_id = %s WHERE id = %s", [message.pk, from_mail.pk]
        )
    with connection.schema_editor() as editor:
        migration.move_links(apps, editor)
    assert EventMessage.objects.message_ids([from_mail.pk, own.pk]) == {from_mail.pk: message.pk}
    assert "email_message_id" not in _event_columns()
    with connection.schema_editor() as editor:
        migration.move_links(apps, editor)  # a fresh database: nothing to move, no error
    assert EventMessage.objects.count() == 1


def test_deleting_a_message_keeps_its_events(user):
    """Disconnecting deletes messages; the events they wrote stay on the timeline, unlinked."""
    application = ApplicationFactory(user=user)
    message = MessageFactory(user=user, account=GmailAccountFactory(user=user))
    event = notes.add_note(application=application, text="Mail", source=EventSource.EMAIL)
    EventMessage.objects.create(event=event, message=message)
    message.delete()
    assert Event.objects.filter(pk=event.pk).exists()
    assert not EventMessage.objects.exists()
