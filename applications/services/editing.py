"""Create, edit and archive applications, one at a time or drafted for a bulk insert."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from applications.models import (
    Application,
    Event,
    EventKind,
    EventSource,
    Tag,
)
from applications.services.tags import set_tags
from applications.status import Status
from orbit.bulk import reserve_ids
from orbit.cache import bump_user_data_version

EDITABLE_FIELDS = (
    "company",
    "role",
    "job_url",
    "location",
    "work_mode",
    "salary_min",
    "salary_max",
    "salary_currency",
    "source",
    "applied_date",
    "notes",
)


@dataclass
class ApplicationDraft:
    """A validated, unsaved application and its 'created' event: one row of a bulk create."""

    application: Application
    created_event: Event


def draft_application(
    *,
    user,
    status: str = Status.APPLIED,
    event_source: str = EventSource.MANUAL,
    occurred_at: datetime | None = None,
    pk: int | None = None,
    **fields: Any,
) -> ApplicationDraft:
    """Validate and build what create_application saves, without saving it.

    `pk` may be an id from reserve_application_ids, so a caller can refer to the application
    (link messages to it, move its status) before create_applications_bulk inserts it.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown application fields: {sorted(unknown)}")
    if status not in Status.values:
        raise ValidationError({"status": f"“{status}” is not a status."})
    if status != Status.WISHLIST and not fields.get("applied_date"):
        fields["applied_date"] = timezone.localdate()
    now = occurred_at or timezone.now()
    application = Application(user=user, status=status, last_activity_at=now, **fields)
    # clean() holds every rule the check constraints hold; validating constraints again would
    # cost a query and two savepoints per constraint on every row of a large import.
    application.full_clean(exclude=["user", "search_vector"], validate_constraints=False)
    application.pk = pk  # after full_clean: a set pk would cost a uniqueness query
    event = Event(
        user=user,
        application=application,
        kind=EventKind.CREATED,
        source=event_source,
        to_status=status,
        occurred_at=now,
    )
    return ApplicationDraft(application=application, created_event=event)


@transaction.atomic
def create_application(
    *,
    user,
    status: str = Status.APPLIED,
    event_source: str = EventSource.MANUAL,
    tags: list[Tag] | None = None,
    occurred_at: datetime | None = None,
    **fields: Any,
) -> Application:
    """Create an application and its 'created' event in one transaction.

    `source` (in fields) is where the job was found; `event_source` is who recorded it.
    """
    draft = draft_application(
        user=user,
        status=status,
        event_source=event_source,
        occurred_at=occurred_at,
        **fields,
    )
    application = draft.application
    application.save()
    if tags:
        set_tags(application=application, tags=tags)
    draft.created_event.application = application
    draft.created_event.save()
    bump_user_data_version(user.pk)
    return application


def reserve_application_ids(count: int) -> list[int]:
    """Take `count` ids from the applications' sequence (one query); unused ones leave gaps."""
    return reserve_ids(Application, count)


# Bulk writers run inside their caller's transaction (the mail sync's): savepoint=False, as a
# failure aborts the whole batch anyway and a savepoint per call is a round trip each way.
@transaction.atomic(savepoint=False)
def create_applications_bulk(*, user, drafts: list[ApplicationDraft]) -> list[Application]:
    """Insert drafted applications and their 'created' events: two queries for any number."""
    if not drafts:
        return []
    applications = [draft.application for draft in drafts]
    for application in applications:
        if application.user_id != user.pk:
            raise ValueError("Every draft must belong to the user.")
    Application.objects.bulk_create(applications)
    events = []
    for draft in drafts:
        draft.created_event.application = draft.application  # copies the (new) pk
        events.append(draft.created_event)
    Event.objects.bulk_create(events)
    bump_user_data_version(user.pk)
    return applications


@transaction.atomic
def update_application(
    *, application: Application, tags: list[Tag] | None = None, **fields: Any
) -> Application:
    """Change the fields given; `tags`, when given, replace the application's tags."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown application fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(application, name, value)
    application.full_clean(exclude=["user", "search_vector"])
    application.save(update_fields=[*fields, "updated_at"])
    if tags is not None:
        set_tags(application=application, tags=tags)
    bump_user_data_version(application.user_id)
    return application


@transaction.atomic
def archive(*, application: Application) -> None:
    if application.archived_at is None:
        application.archived_at = timezone.now()
        application.save(update_fields=["archived_at", "updated_at"])
        bump_user_data_version(application.user_id)


@transaction.atomic
def unarchive(*, application: Application) -> None:
    if application.archived_at is not None:
        application.archived_at = None
        application.save(update_fields=["archived_at", "updated_at"])
        bump_user_data_version(application.user_id)
