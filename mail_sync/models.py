"""Connected Gmail accounts, the job mail read from them, sync runs and status suggestions."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.utils import timezone

from applications.models import Event
from applications.status import Status
from mail_sync.sync_errors import explain

SEARCH_CONFIG = "simple"


class MailKind(models.TextChoices):
    CONFIRMATION = "confirmation", "Confirmation"
    REJECTION = "rejection", "Rejection"
    INTERVIEW = "interview", "Interview"
    ASSESSMENT = "assessment", "Assessment"
    OFFER = "offer", "Offer"
    RECRUITER = "recruiter", "Recruiter"
    OTHER = "other", "Other"


class GmailAccountQuerySet(models.QuerySet["GmailAccount"]):
    def for_user(self, user) -> GmailAccountQuerySet:
        return self.filter(user=user)

    def syncable(self) -> GmailAccountQuerySet:
        return self.filter(state=GmailAccount.State.ACTIVE)


class GmailAccount(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", "Connected"
        RECONNECT_NEEDED = "reconnect_needed", "Reconnect needed"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gmail_account"
    )
    email = models.EmailField()
    # Fernet tokens (MultiFernet, keys from the environment); never stored in the clear.
    refresh_token_encrypted = models.TextField(blank=True)
    access_token_encrypted = models.TextField(blank=True)
    access_token_expires_at = models.DateTimeField(null=True, blank=True)
    scopes = models.CharField(max_length=500, blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.ACTIVE)
    history_id = models.CharField(max_length=32, blank=True)
    sync_window_days = models.PositiveIntegerField(default=180)
    connected_at = models.DateTimeField(default=timezone.now)
    last_synced_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    objects = GmailAccountQuerySet.as_manager()

    def __str__(self) -> str:
        return self.email

    @property
    def needs_reconnect(self) -> bool:
        return self.state == self.State.RECONNECT_NEEDED

    @property
    def last_error_sentence(self) -> str:
        """`last_error` as the user reads it (the raw text stays for logs and the admin)."""
        return explain(self.last_error)


class SyncRunQuerySet(models.QuerySet["SyncRun"]):
    def for_user(self, user) -> SyncRunQuerySet:
        return self.filter(user=user)

    def active(self) -> SyncRunQuerySet:
        return self.filter(state__in=[SyncRun.State.QUEUED, SyncRun.State.RUNNING])


class SyncRun(models.Model):
    class Kind(models.TextChoices):
        FULL = "full", "Full"
        INCREMENTAL = "incremental", "Incremental"

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sync_runs"
    )
    account = models.ForeignKey(GmailAccount, on_delete=models.CASCADE, related_name="runs")
    kind = models.CharField(max_length=12, choices=Kind.choices, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    trigger = models.CharField(max_length=20, default="schedule")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    listed = models.PositiveIntegerField(default=0)
    # Messages this run has to download (listed minus those already stored): the bar's maximum.
    to_fetch = models.PositiveIntegerField(default=0)
    fetched = models.PositiveIntegerField(default=0)
    new = models.PositiveIntegerField(default=0)
    classified = models.PositiveIntegerField(default=0)
    linked = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    quota_units = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    objects = SyncRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["account", "-created_at"], name="syncrun_account_time")]

    def __str__(self) -> str:
        return f"{self.kind or 'sync'} run {self.pk} ({self.state})"

    @property
    def is_finished(self) -> bool:
        return self.state in {self.State.SUCCEEDED, self.State.FAILED}

    @property
    def is_active(self) -> bool:
        return self.state in {self.State.QUEUED, self.State.RUNNING}

    @property
    def error_sentence(self) -> str:
        """`error` as the user reads it (the raw text stays for logs and the admin)."""
        return explain(self.error)

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None


class MessageQuerySet(models.QuerySet["Message"]):
    def for_user(self, user) -> MessageQuerySet:
        return self.filter(user=user)


class Message(models.Model):
    class LinkSource(models.TextChoices):
        NONE = "", "Not linked"
        THREAD = "thread", "Same Gmail thread"
        COMPANY = "company", "Company and role"
        DOMAIN = "domain", "Sender domain"
        CREATED = "created", "Created from this message"
        MANUAL = "manual", "Linked by you"

    class ParseState(models.TextChoices):
        PARSED = "parsed", "Parsed"
        FAILED = "failed", "Failed"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_messages"
    )
    account = models.ForeignKey(GmailAccount, on_delete=models.CASCADE, related_name="messages")
    gmail_id = models.CharField(max_length=32)
    thread_id = models.CharField(max_length=32, blank=True, db_index=True)
    history_id = models.CharField(max_length=32, blank=True)
    internal_date = models.DateTimeField(null=True, blank=True)
    from_header = models.CharField(max_length=500, blank=True)
    from_email = models.CharField(max_length=320, blank=True)
    from_domain = models.CharField(max_length=255, blank=True)
    to_header = models.CharField(max_length=1000, blank=True)
    subject = models.CharField(max_length=1000, blank=True)
    snippet = models.CharField(max_length=500, blank=True)
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    parse_state = models.CharField(
        max_length=10, choices=ParseState.choices, default=ParseState.PARSED
    )
    parse_error = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=MailKind.choices, blank=True)
    confidence = models.FloatField(default=0.0)
    reasons = models.JSONField(default=list, blank=True)
    company = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=200, blank=True)
    application = models.ForeignKey(
        "applications.Application",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mail_messages",
    )
    link_source = models.CharField(max_length=10, choices=LinkSource.choices, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    # Set when the user corrected kind, company or role: the classifier never reads it again.
    corrected_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = models.GeneratedField(
        expression=SearchVector("subject", weight="A", config=SEARCH_CONFIG)
        + SearchVector("from_header", weight="B", config=SEARCH_CONFIG)
        + SearchVector("company", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body_text", weight="D", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-internal_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "gmail_id"], name="message_account_gmail_id_unique"
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="message_search_gin"),
            models.Index(fields=["user", "kind", "-internal_date"], name="message_user_kind_date"),
            models.Index(fields=["account", "thread_id"], name="message_account_thread"),
        ]

    def __str__(self) -> str:
        return self.subject or self.gmail_id

    @property
    def gmail_url(self) -> str:
        return f"https://mail.google.com/mail/u/0/#all/{self.thread_id or self.gmail_id}"


class EventMessageQuerySet(models.QuerySet["EventMessage"]):
    def message_ids(self, event_ids: list[int]) -> dict[int, int]:
        """{event id: message id} for those of these events a message wrote."""
        return dict(self.filter(event_id__in=event_ids).values_list("event_id", "message_id"))


class EventMessage(models.Model):
    """The message an event on an application's timeline came from.

    The link lives here, with the app that knows both sides: applications knows nothing of
    mail. Deleting the message (a disconnect) deletes the link and leaves the event.
    """

    event = models.OneToOneField(
        Event,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="message_link",
    )
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="event_links")

    objects = EventMessageQuerySet.as_manager()

    def __str__(self) -> str:
        return f"event {self.event_id} from message {self.message_id}"


def link_events(links: list[tuple[Event, Message]]) -> None:
    """Record which message each (saved) event came from: one insert for any number."""
    EventMessage.objects.bulk_create(
        [EventMessage(event=event, message=message) for event, message in links]
    )


class SuggestionQuerySet(models.QuerySet["Suggestion"]):
    def for_user(self, user) -> SuggestionQuerySet:
        return self.filter(user=user)

    def pending(self) -> SuggestionQuerySet:
        return self.filter(state=Suggestion.State.PENDING)


class Suggestion(models.Model):
    """A status change proposed by a message, waiting in the Review queue or already decided."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        APPLIED = "applied", "Applied automatically"
        ACCEPTED = "accepted", "Accepted"
        DISMISSED = "dismissed", "Dismissed"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suggestions"
    )
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="suggestions")
    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="suggestions"
    )
    to_status = models.CharField(max_length=20, choices=Status.choices)
    confidence = models.FloatField(default=0.0)
    reason = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "application", "to_status"], name="suggestion_unique_per_message"
            ),
        ]
        indexes = [
            models.Index(fields=["user", "state"], name="suggestion_user_state"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} → {self.to_status} ({self.state})"


class CorrectionQuerySet(models.QuerySet["Correction"]):
    def for_user(self, user) -> CorrectionQuerySet:
        return self.filter(user=user)


class Correction(models.Model):
    """The user set a message's kind, company or role: what it was, what it is, and how to
    recognise the same template from the same sender next time (`classifier.memory`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_corrections"
    )
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="corrections")
    kind_before = models.CharField(max_length=20, choices=MailKind.choices, blank=True)
    kind = models.CharField(max_length=20, choices=MailKind.choices)
    company_before = models.CharField(max_length=200, blank=True)
    company = models.CharField(max_length=200, blank=True)
    role_before = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=200, blank=True)
    sender_key = models.CharField(max_length=600)
    subject_key = models.CharField(max_length=64)
    body_shape = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="correction_user_time")]

    def __str__(self) -> str:
        return f"{self.message_id}: {self.kind_before or '—'} → {self.kind}"
