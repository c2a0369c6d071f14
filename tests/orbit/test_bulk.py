"""Bulk-writing helpers: ids reserved from a sequence, rows inserted with COPY."""

from __future__ import annotations

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import IntegrityError, transaction

from mail_sync.models import Message
from orbit.bulk import copy_insert, reserve_ids
from tests.mail_sync.factories_inbox import GmailAccountFactory, MessageFactory

pytestmark = pytest.mark.django_db


def unsaved_message(account, **fields) -> Message:
    return MessageFactory.build(account=account, user=account.user, **fields)


def test_reserved_ids_are_distinct_and_never_handed_out_again():
    """Reserved ids are fresh; a row created afterwards gets a later one."""
    reserved = reserve_ids(Message, 5)

    assert len(set(reserved)) == 5
    assert reserve_ids(Message, 0) == []
    later = MessageFactory()
    assert later.pk > max(reserved)


def test_copy_insert_writes_rows_as_save_would():
    """Every column arrives: JSON, dates set on save, and the generated search vector."""
    account = GmailAccountFactory()
    rows = [
        unsaved_message(account, company="Initech", reasons=["ats domain", "phrase: received"]),
        unsaved_message(account, company="Globex", subject="Interview at Globex"),
    ]
    for row, pk in zip(rows, reserve_ids(Message, 2), strict=True):
        row.pk = pk

    copy_insert(rows)

    stored = Message.objects.get(pk=rows[0].pk)
    assert stored.reasons == ["ats domain", "phrase: received"]
    assert stored.created_at is not None and stored.updated_at is not None
    assert stored.user_id == account.user_id
    assert not rows[0]._state.adding
    found = Message.objects.filter(search_vector=SearchQuery("globex", config="english"))
    assert list(found.values_list("pk", flat=True)) == [rows[1].pk]


def test_copy_insert_refuses_a_duplicate_key_and_keeps_nothing():
    """A row that is already stored fails the whole COPY with Django's IntegrityError."""
    account = GmailAccountFactory()
    existing = MessageFactory(account=account)
    fresh = unsaved_message(account)
    duplicate = unsaved_message(account, gmail_id=existing.gmail_id)
    for row, pk in zip([fresh, duplicate], reserve_ids(Message, 2), strict=True):
        row.pk = pk

    with pytest.raises(IntegrityError), transaction.atomic():
        copy_insert([fresh, duplicate])

    assert list(Message.objects.values_list("pk", flat=True)) == [existing.pk]


def test_copy_insert_needs_ids():
    """Rows without ids are refused before anything is written."""
    account = GmailAccountFactory()

    with pytest.raises(ValueError, match="ids"), transaction.atomic():
        copy_insert([unsaved_message(account)])

    assert Message.objects.count() == 0
