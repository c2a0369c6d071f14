"""/applications and their timeline: thin adapters over applications.services."""

from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router

from api.pagination import PageParams, paginate
from api.responses import errors
from api.schemas import (
    NO_NUL,
    ApplicationEnvelope,
    ApplicationIn,
    ApplicationList,
    ApplicationPatch,
    EventEnvelope,
    EventIn,
    EventList,
    InterviewIn,
    NoteIn,
)
from applications.filters import BEST_MATCH, SORT_VALUES, ArchivedFilter, ListState
from applications.models import Application, Tag
from applications.services import editing, moves, notes, trash
from applications.status import InvalidTransition, Status

router = Router(tags=["applications"])

SortName = Literal[SORT_VALUES]  # type: ignore[valid-type]


class ApplicationFilters(PageParams):
    status: str = Field(
        None, max_length=500, pattern=NO_NUL, description="Comma list, e.g. applied,screening"
    )
    tags: str = Field(
        None, max_length=2000, pattern=NO_NUL, description="Comma list of tag names (any of)"
    )
    search: str = Field(None, max_length=200, pattern=NO_NUL, description="Full-text, prefix")
    sort: SortName = Field(
        None,
        description="A field, or -field for descending; rows without a value come last either "
        "way. Default: best match when searching, else -applied_date.",
    )
    archived: bool = Field(None, description="true: only archived; false: only unarchived")


def comma_list(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def user_applications(request: HttpRequest) -> QuerySet[Application]:
    return Application.objects.for_user(request.auth)


def get_application(
    request: HttpRequest, application_id: int, *, with_tags: bool = True
) -> Application:
    applications = user_applications(request)
    return get_object_or_404(
        applications.with_tags() if with_tags else applications, pk=application_id
    )


def user_tags(request: HttpRequest, tag_ids: list[int]) -> list[Tag]:
    """The user's tags with these ids; an id that is not theirs is a validation error."""
    tags = list(Tag.objects.for_user(request.auth).filter(pk__in=set(tag_ids)))
    missing = sorted(set(tag_ids) - {tag.pk for tag in tags})
    if missing:
        raise ValidationError({"tag_ids": f"Unknown tag ids: {missing}."})
    return tags


@router.get("/applications", response={200: ApplicationList, **errors()})
def list_applications(request: HttpRequest, filters: Query[ApplicationFilters]):
    """The signed-in user's applications (trash excluded), filtered, sorted and paginated."""
    statuses = comma_list(filters.status)
    unknown = [status for status in statuses if status not in Status.values]
    if unknown:
        raise ValidationError({"status": f"Unknown statuses: {', '.join(unknown)}."})
    if filters.archived is None:
        archived = ArchivedFilter.INCLUDE
    else:
        archived = ArchivedFilter.ONLY if filters.archived else ArchivedFilter.HIDE
    state = ListState(
        statuses=tuple(statuses),
        tags=tuple(comma_list(filters.tags)),
        q=filters.search or "",
        sort=filters.sort or BEST_MATCH,
        archived=archived,
    )
    return paginate(state.apply(user_applications(request).with_tags()), filters)


@router.post("/applications", response={201: ApplicationEnvelope, **errors()})
def create_application(request: HttpRequest, payload: ApplicationIn):
    fields = payload.model_dump(exclude={"tag_ids", "status"})
    application = editing.create_application(
        user=request.auth,
        status=payload.status,
        tags=user_tags(request, payload.tag_ids),
        **fields,
    )
    return 201, {"data": get_application(request, application.pk)}


@router.get("/applications/{application_id}", response={200: ApplicationEnvelope, **errors()})
def get_application_detail(request: HttpRequest, application_id: int):
    return {"data": get_application(request, application_id)}


@router.patch("/applications/{application_id}", response={200: ApplicationEnvelope, **errors()})
@transaction.atomic
def update_application(request: HttpRequest, application_id: int, payload: ApplicationPatch):
    """Change the fields sent; a status moves through the state machine, tags are replaced."""
    application = get_application(request, application_id)
    changes = payload.model_dump(exclude_unset=True)
    status = changes.pop("status", None)
    tag_ids = changes.pop("tag_ids", None)
    archived = changes.pop("archived", None)
    tags = None if tag_ids is None else user_tags(request, tag_ids)
    if changes or tags is not None:
        editing.update_application(application=application, tags=tags, **changes)
    if status is not None and status != application.status:
        try:
            moves.change_status(application=application, to=status)
        except InvalidTransition as error:
            raise ValidationError({"status": error.messages}) from error
    if archived is True:
        editing.archive(application=application)
    elif archived is False:
        editing.unarchive(application=application)
    return {"data": get_application(request, application_id)}


@router.delete("/applications/{application_id}", response={204: None, **errors()})
def delete_application(request: HttpRequest, application_id: int):
    """Move the application to the trash (soft delete); it can be restored in the web app."""
    application = get_application(request, application_id)
    trash.soft_delete(user=request.auth, application_ids=[application.pk])
    return 204, None


@router.get("/applications/{application_id}/events", response={200: EventList, **errors()})
def list_events(request: HttpRequest, application_id: int, page: Query[PageParams]):
    """The application's timeline, newest first."""
    application = get_application(request, application_id, with_tags=False)
    events = application.events.select_related("message_link").order_by("-occurred_at", "-id")
    return paginate(events, page)


@router.post("/applications/{application_id}/events", response={201: EventEnvelope, **errors()})
def add_event(request: HttpRequest, application_id: int, payload: EventIn):
    """Add a note, an interview round or a status change, chosen by `kind`."""
    application = get_application(request, application_id, with_tags=False)
    if isinstance(payload, NoteIn):
        event = notes.add_note(application=application, text=payload.note)
    elif isinstance(payload, InterviewIn):
        event = notes.add_interview_round(
            application=application,
            name=payload.interview_name,
            kind=payload.interview_kind,
            scheduled_at=payload.interview_at,
            notes=payload.note,
        )
    else:
        try:
            event = moves.change_status(
                application=application, to=payload.to_status, note=payload.note.strip()
            )
        except InvalidTransition as error:
            raise ValidationError({"to_status": error.messages}) from error
    return 201, {"data": event}
