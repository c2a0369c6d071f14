"""/emails and /sync-runs: job mail read from Gmail, manual linking, and sync progress."""

from datetime import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from api.pagination import PageParams, paginate
from api.responses import errors
from api.schemas import NO_NUL, PageMeta
from applications.models import Application
from mail_sync import decisions
from mail_sync.filters import InboxFilters
from mail_sync.models import GmailAccount, MailKind, Message, SyncRun
from mail_sync.services import queue_sync

router = Router(tags=["emails"])

MailKindName = Literal[tuple(MailKind.values)]  # type: ignore[valid-type]
LinkSourceName = Literal[tuple(Message.LinkSource.values)]  # type: ignore[valid-type]
SyncStateName = Literal[tuple(SyncRun.State.values)]  # type: ignore[valid-type]


class EmailFilters(PageParams):
    kind: str = Field(
        None,
        max_length=500,
        pattern=NO_NUL,
        description="Comma list of kinds; without it, job mail (every kind but other)",
    )
    linked: bool = Field(None, description="true: linked to a live application; false: not")
    search: str = Field(None, max_length=200, pattern=NO_NUL, description="Full-text, prefix")


class EmailOut(Schema):
    id: int
    thread_id: str
    received_at: datetime | None = Field(..., alias="internal_date")
    from_header: str
    from_email: str
    subject: str
    snippet: str
    kind: MailKindName | Literal[""]
    confidence: float
    company: str
    role: str
    application_id: int | None
    link_source: LinkSourceName
    gmail_url: str

    @staticmethod
    def resolve_application_id(obj: Message) -> int | None:
        # A link to an application in the trash does not count, as in the Inbox.
        application = obj.application
        return application.pk if application and application.deleted_at is None else None


class EmailDetailOut(EmailOut):
    to_header: str
    body_text: str
    reasons: list


class EmailList(Schema):
    data: list[EmailOut]
    meta: PageMeta


class EmailEnvelope(Schema):
    data: EmailDetailOut


class LinkIn(Schema):
    application_id: int | None = Field(..., description="null unlinks the message")


class SyncRunOut(Schema):
    id: int
    kind: str
    state: SyncStateName
    trigger: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    listed: int
    to_fetch: int
    fetched: int
    new: int
    classified: int
    linked: int
    failed: int
    error: str
    is_finished: bool


class SyncRunEnvelope(Schema):
    data: SyncRunOut


def user_messages(request: HttpRequest):
    return Message.objects.for_user(request.auth).select_related("application")


@router.get("/emails", response={200: EmailList, **errors()})
def list_emails(request: HttpRequest, filters: Query[EmailFilters]):
    """Job mail, newest first, filtered like the Inbox."""
    kinds = [kind.strip() for kind in (filters.kind or "").split(",") if kind.strip()]
    unknown = [kind for kind in kinds if kind not in MailKind.values]
    if unknown:
        raise ValidationError({"kind": f"Unknown kinds: {', '.join(unknown)}."})
    linked = {True: "yes", False: "no", None: ""}[filters.linked]
    inbox = InboxFilters(kinds=kinds, linked=linked, q=(filters.search or "").strip())
    messages = inbox.apply(user_messages(request)).order_by("-internal_date", "-id")
    return paginate(messages, filters)


# Declared before /emails/{email_id}: routes match in order and "sync" is not an id.
@router.post("/emails/sync", response={202: SyncRunEnvelope, **errors()})
def sync_emails(request: HttpRequest):
    """Queue a Gmail sync (or return the one already queued); poll /sync-runs/{id}."""
    account = GmailAccount.objects.for_user(request.auth).syncable().first()
    if account is None:
        raise ValidationError("Connect a Gmail account (or reconnect it) before syncing.")
    return 202, {"data": queue_sync(account=account, trigger="api")}


@router.get("/emails/{email_id}", response={200: EmailEnvelope, **errors()})
def get_email(request: HttpRequest, email_id: int):
    return {"data": get_object_or_404(user_messages(request), pk=email_id)}


@router.post("/emails/{email_id}/link", response={200: EmailEnvelope, **errors()})
def link_email(request: HttpRequest, email_id: int, payload: LinkIn):
    """Link the message to one of your applications, or unlink it with null."""
    message = get_object_or_404(user_messages(request), pk=email_id)
    if payload.application_id is None:
        decisions.unlink(message=message)
    else:
        application = (
            Application.objects.for_user(request.auth).filter(pk=payload.application_id).first()
        )
        if application is None:
            raise ValidationError({"application_id": "Choose one of your applications."})
        decisions.link_manually(message=message, application=application)
    return {"data": get_object_or_404(user_messages(request), pk=email_id)}


@router.get("/sync-runs/{run_id}", response={200: SyncRunEnvelope, **errors()})
def get_sync_run(request: HttpRequest, run_id: int):
    """A sync run's progress: counts so far, state, and the error if it failed."""
    return {"data": get_object_or_404(SyncRun.objects.for_user(request.auth), pk=run_id)}
