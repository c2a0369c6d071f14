"""The user's corrections as the classifier's memory: stored once, read per batch.

`record_correction` stores what the user changed and the keys that recognise the same template
(`classifier.memory`); `memory_for` loads a user's latest corrections for the classifier, in
one query.
"""

from __future__ import annotations

from django.utils import timezone

from mail_sync.classifier.memory import Memory, Remembered, body_shape, sender_key, subject_key
from mail_sync.models import Correction, Message

# The newest corrections a user's memory holds; older ones have usually been superseded.
MEMORY_SIZE = 300


def message_sender(message: Message) -> str:
    return message.from_header or message.from_email


def record_correction(
    *, message: Message, kind: str, company: str, role: str, before: tuple[str, str, str]
) -> Correction:
    """Store a correction; the template keys mask the company and role as first extracted."""
    kind_before, company_before, role_before = before
    masks = (company_before or company or None, role_before or role or None)
    return Correction.objects.create(
        user_id=message.user_id,
        message=message,
        kind_before=kind_before,
        kind=kind,
        company_before=company_before,
        company=company,
        role_before=role_before,
        role=role,
        sender_key=sender_key(message_sender(message))[:600],
        subject_key=subject_key(message.subject, *masks),
        body_shape=body_shape(message.body_text or message.snippet, *masks),
    )


def memory_for(user_id: int) -> Memory:
    rows = (
        Correction.objects.filter(user_id=user_id)
        .order_by("-created_at", "-id")
        .values_list(
            "sender_key",
            "subject_key",
            "body_shape",
            "kind",
            "company",
            "role",
            "company_before",
            "role_before",
            "created_at",
            "message__from_header",
            "message__from_email",
            "message__subject",
            "message__body_text",
            "message__snippet",
        )[:MEMORY_SIZE]
    )
    corrections = [
        Remembered(
            sender_key=row[0],
            subject_key=row[1],
            body_shape=row[2],
            kind=row[3],
            company=row[4] or None,
            role=row[5] or None,
            company_before=row[6] or None,
            role_before=row[7] or None,
            when=timezone.localtime(row[8]).strftime("%-d %b"),
            sender=row[9] or row[10],
            subject=row[11],
            body=row[12] or row[13],
        )
        for row in rows
    ]
    return Memory(corrections)
