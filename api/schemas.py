"""Typed request and response bodies; ninja builds the OpenAPI document from these."""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AwareDatetime

from applications.models import EventKind, EventSource, InterviewKind, Source, Tag, WorkMode
from applications.status import Status

# PostgreSQL text cannot hold NUL; saying so in the schema keeps clients (and fuzzers) honest.
NO_NUL = r"^[^\x00]*$"
MAX_INT = 2_147_483_647  # PostgreSQL integer, the salary columns


def text(max_length: int, min_length: int = 0, default: Any = "") -> Any:
    return Field(default, min_length=min_length, max_length=max_length, pattern=NO_NUL)


StatusName = Literal[tuple(Status.values)]  # type: ignore[valid-type]
SourceName = Literal[tuple(Source.values)]  # type: ignore[valid-type]
WorkModeName = Literal[("", *WorkMode.values)]  # type: ignore[valid-type]
InterviewKindName = Literal[tuple(InterviewKind.values)]  # type: ignore[valid-type]
EventKindName = Literal[tuple(EventKind.values)]  # type: ignore[valid-type]
EventSourceName = Literal[tuple(EventSource.values)]  # type: ignore[valid-type]
TagColor = Literal[tuple(value for value, _ in Tag.COLORS)]  # type: ignore[valid-type]
Salary = Annotated[int, Field(ge=0, le=MAX_INT)]


# --- envelopes -------------------------------------------------------------------------------


class PageMeta(Schema):
    page: int
    limit: int
    total: int


class ErrorDetail(Schema):
    code: str
    message: str
    details: dict[str, Any]


class ErrorOut(Schema):
    error: ErrorDetail


# --- tags ------------------------------------------------------------------------------------


class TagRef(Schema):
    id: int
    name: str
    color: TagColor


class TagOut(TagRef):
    usage: int
    created_at: datetime


class TagIn(Schema):
    name: str = text(50, 1, default=...)
    color: TagColor = "slate"


class TagPatch(Schema):
    name: str = text(50, 1, default=None)
    color: TagColor = None  # type: ignore[assignment]  # absent means unchanged


class TagEnvelope(Schema):
    data: TagOut


class TagList(Schema):
    data: list[TagOut]
    meta: PageMeta


# --- applications ----------------------------------------------------------------------------


class ApplicationOut(Schema):
    id: int
    company: str
    role: str
    job_url: str
    location: str
    work_mode: WorkModeName
    salary_min: int | None
    salary_max: int | None
    salary_currency: str
    source: SourceName
    status: StatusName
    applied_date: date | None
    notes: str
    tags: list[TagRef]
    archived: bool = Field(..., alias="is_archived")
    created_at: datetime
    updated_at: datetime
    last_activity_at: datetime

    @staticmethod
    def resolve_tags(obj) -> list:
        return list(obj.tags.all())  # served from with_tags()' prefetch


class ApplicationIn(Schema):
    company: str = text(200, 1, default=...)
    role: str = text(200, 1, default=...)
    job_url: str = text(2000)
    location: str = text(200)
    work_mode: WorkModeName = ""
    salary_min: Salary | None = None
    salary_max: Salary | None = None
    salary_currency: str = Field("USD", max_length=3, pattern=NO_NUL)
    source: SourceName = Source.OTHER.value
    status: StatusName = Status.APPLIED.value
    applied_date: date | None = None
    notes: str = text(20000)
    tag_ids: list[int] = Field(default_factory=list, max_length=100)


class ApplicationPatch(Schema):
    """Only the fields sent change; a status moves through the state machine."""

    company: str = text(200, 1, default=None)
    role: str = text(200, 1, default=None)
    job_url: str = text(2000, default=None)
    location: str = text(200, default=None)
    work_mode: WorkModeName = None  # type: ignore[assignment]
    salary_min: Salary | None = None
    salary_max: Salary | None = None
    salary_currency: str = Field(None, max_length=3, pattern=NO_NUL)
    source: SourceName = None  # type: ignore[assignment]
    status: StatusName = None  # type: ignore[assignment]
    applied_date: date | None = None
    notes: str = text(20000, default=None)
    tag_ids: list[int] = Field(None, max_length=100)
    archived: bool = None  # type: ignore[assignment]


class ApplicationEnvelope(Schema):
    data: ApplicationOut


class ApplicationList(Schema):
    data: list[ApplicationOut]
    meta: PageMeta


# --- events ----------------------------------------------------------------------------------


class EventOut(Schema):
    id: int
    kind: EventKindName
    source: EventSourceName
    from_status: StatusName | Literal[""]
    to_status: StatusName | Literal[""]
    occurred_at: datetime
    note: str
    interview_name: str
    interview_kind: InterviewKindName | Literal[""]
    interview_at: datetime | None
    email_message_id: int | None
    created_at: datetime

    @staticmethod
    def resolve_email_message_id(obj) -> int | None:
        # mail_sync's EventMessage, when a message wrote the event (select_related by lists).
        link = getattr(obj, "message_link", None)
        return link.message_id if link is not None else None


class NoteIn(Schema):
    kind: Literal["note"]
    note: str = text(20000, 1, default=...)


class InterviewIn(Schema):
    kind: Literal["interview"]
    interview_name: str = text(200, 1, default=...)
    interview_kind: InterviewKindName
    interview_at: AwareDatetime | None = None
    note: str = text(20000)


class StatusChangeIn(Schema):
    kind: Literal["status_change"]
    to_status: StatusName
    note: str = text(20000)


EventIn = Annotated[NoteIn | InterviewIn | StatusChangeIn, Field(discriminator="kind")]
# pydantic names the union member by its tag in error locations; errors.py strips it.
EVENT_TAGS = frozenset(
    member.model_fields["kind"].annotation.__args__[0]
    for member in (NoteIn, InterviewIn, StatusChangeIn)
)


class EventEnvelope(Schema):
    data: EventOut


class EventList(Schema):
    data: list[EventOut]
    meta: PageMeta


# --- me --------------------------------------------------------------------------------------


class MeOut(Schema):
    id: int
    email: str
    timezone: str
    date_joined: datetime
    token_name: str
    token_expires_at: datetime | None


class MeEnvelope(Schema):
    data: MeOut
