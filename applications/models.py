"""Applications, their tags and their event timeline."""

from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from applications.currencies import currency_error, normalise_currency
from applications.status import ACTIVE_STATUSES, Status

SEARCH_CONFIG = "simple"  # no stemming, so a typed prefix always matches the word it starts


class WorkMode(models.TextChoices):
    ONSITE = "onsite", "On-site"
    HYBRID = "hybrid", "Hybrid"
    REMOTE = "remote", "Remote"


class Source(models.TextChoices):
    LINKEDIN = "linkedin", "LinkedIn"
    REFERRAL = "referral", "Referral"
    COMPANY_SITE = "company_site", "Company site"
    RECRUITER = "recruiter", "Recruiter"
    JOB_BOARD = "job_board", "Job board"
    EMAIL = "email", "Email"
    OTHER = "other", "Other"


class EventSource(models.TextChoices):
    MANUAL = "manual", "Manual"
    IMPORT = "import", "Import"
    SYSTEM = "system", "System"
    EMAIL = "email", "Email"


def search_query(text: str) -> SearchQuery | None:
    """A prefix tsquery from free text: every word must match the start of some word."""
    words = re.findall(r"\w+", text.lower())
    if not words:
        return None
    raw = " & ".join(f"{word}:*" for word in words[:12])
    return SearchQuery(raw, search_type="raw", config=SEARCH_CONFIG)


def _tag_filter_values(values: list[str]) -> tuple[set[str], set[int]]:
    """A tag filter's values as lower-cased names, and the (deprecated) numeric ids among them."""
    lowered = {value.strip().lower() for value in values if value.strip()}
    return lowered, {int(value) for value in lowered if value.isdigit() and len(value) < 19}


class ApplicationQuerySet(models.QuerySet["Application"]):
    def for_user(self, user) -> ApplicationQuerySet:
        """The user's applications that are not in the trash."""
        return self.filter(user=user, deleted_at__isnull=True)

    def trash_for(self, user) -> ApplicationQuerySet:
        return self.filter(user=user, deleted_at__isnull=False)

    def unarchived(self) -> ApplicationQuerySet:
        return self.filter(archived_at__isnull=True)

    def archived(self) -> ApplicationQuerySet:
        return self.filter(archived_at__isnull=False)

    def active(self) -> ApplicationQuerySet:
        return self.unarchived().filter(status__in=ACTIVE_STATUSES)

    def with_tags(self) -> ApplicationQuerySet:
        return self.prefetch_related(
            models.Prefetch("tags", queryset=Tag.objects.order_by(Lower("name")))
        )

    def search(self, text: str) -> ApplicationQuerySet:
        query = search_query(text or "")
        if query is None:
            return self
        return self.filter(search_vector=query).annotate(
            search_rank=SearchRank(F("search_vector"), query)
        )

    def with_status(self, statuses: list[str]) -> ApplicationQuerySet:
        statuses = [status for status in statuses if status in Status.values]
        return self.filter(status__in=statuses) if statuses else self

    def with_any_tag_named(self, names: list[str]) -> ApplicationQuerySet:
        """Applications carrying any of these tags, named case-insensitively.

        A purely numeric value also matches the tag with that id: the analytics API and old
        list bookmarks spoke in ids, which keeps working but is deprecated.
        """
        lowered, ids = _tag_filter_values(names)
        if not lowered:
            return self
        tagged = Application.tags.through.objects.alias(tag_name=Lower("tag__name")).filter(
            Q(tag_name__in=lowered) | Q(tag_id__in=ids),
            application_id=OuterRef("pk"),
            tag__user_id=OuterRef("user_id"),
        )
        return self.filter(Exists(tagged))

    def with_any_tag(self, tag_ids: list[int]) -> ApplicationQuerySet:
        if not tag_ids:
            return self
        return self.filter(
            id__in=Application.tags.through.objects.filter(tag_id__in=tag_ids).values(
                "application_id"
            )
        )


class Application(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    company = models.CharField(max_length=200)
    role = models.CharField(max_length=200)
    job_url = models.URLField("job URL", max_length=2000, blank=True)
    location = models.CharField(max_length=200, blank=True)
    work_mode = models.CharField(max_length=10, choices=WorkMode.choices, blank=True)
    salary_min = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0)]
    )
    salary_max = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0)]
    )
    salary_currency = models.CharField(max_length=3, blank=True, default="USD")
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.OTHER)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPLIED)
    applied_date = models.DateField(null=True, blank=True)
    notes = models.TextField(max_length=20000, blank=True)
    tags = models.ManyToManyField("Tag", related_name="applications", blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    last_activity_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    search_vector = models.GeneratedField(
        expression=SearchVector("company", weight="A", config=SEARCH_CONFIG)
        + SearchVector("role", weight="A", config=SEARCH_CONFIG)
        + SearchVector("location", weight="C", config=SEARCH_CONFIG)
        + SearchVector("notes", weight="D", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-applied_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_min__lte=F("salary_max")),
                name="application_salary_min_lte_max",
            ),
            models.CheckConstraint(condition=~Q(company=""), name="application_company_required"),
            models.CheckConstraint(condition=~Q(role=""), name="application_role_required"),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="application_status_valid"
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="application_search_gin"),
            models.Index(fields=["user", "status"], name="application_user_status"),
            models.Index(fields=["user", "-applied_date"], name="application_user_applied"),
            models.Index(fields=["user", "-last_activity_at"], name="application_user_activity"),
        ]

    def __str__(self) -> str:
        return f"{self.role} at {self.company}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not (self.company or "").strip():
            errors["company"] = "Company is required."
        if not (self.role or "").strip():
            errors["role"] = "Role is required."
        self.salary_currency = normalise_currency(self.salary_currency)
        if error := currency_error(self.salary_currency):
            errors["salary_currency"] = error
        if self.applied_date and self.applied_date > timezone.localdate():
            errors["applied_date"] = "The applied date cannot be in the future."
        if (
            self.salary_min is not None
            and self.salary_max is not None
            and self.salary_min > self.salary_max
        ):
            errors["salary_max"] = "The maximum salary must be at least the minimum."
        if errors:
            raise ValidationError(errors)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES and not self.is_archived

    @property
    def salary_display(self) -> str:
        currency = self.salary_currency or ""
        if self.salary_min and self.salary_max:
            return f"{currency} {self.salary_min:,}–{self.salary_max:,}".strip()
        if self.salary_min or self.salary_max:
            return f"{currency} {(self.salary_min or self.salary_max):,}".strip()
        return ""

    def days_since_applied(self, today: date | None = None) -> int | None:
        if not self.applied_date:
            return None
        return ((today or timezone.localdate()) - self.applied_date).days


class TagQuerySet(models.QuerySet["Tag"]):
    def for_user(self, user) -> TagQuerySet:
        return self.filter(user=user)

    def matching(self, values: list[str]) -> TagQuerySet:
        """The tags a tag filter names: by name, case-insensitively, or (deprecated) by id."""
        lowered, ids = _tag_filter_values(values)
        return self.alias(lower_name=Lower("name")).filter(
            Q(lower_name__in=lowered) | Q(pk__in=ids)
        )

    def with_usage(self) -> TagQuerySet:
        return self.annotate(
            usage=Count("applications", filter=Q(applications__deleted_at__isnull=True))
        )


class Tag(models.Model):
    COLORS = [
        ("slate", "Slate"),
        ("red", "Red"),
        ("orange", "Orange"),
        ("amber", "Amber"),
        ("green", "Green"),
        ("teal", "Teal"),
        ("blue", "Blue"),
        ("indigo", "Indigo"),
        ("purple", "Purple"),
        ("pink", "Pink"),
    ]
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tags"
    )
    name = models.CharField(max_length=50)
    color = models.CharField(max_length=10, choices=COLORS, default="slate")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name")]
        constraints = [
            models.UniqueConstraint("user", Lower("name"), name="tag_user_name_ci_unique"),
            models.CheckConstraint(condition=~Q(name=""), name="tag_name_required"),
        ]

    def __str__(self) -> str:
        return self.name


class EventKind(models.TextChoices):
    CREATED = "created", "Created"
    STATUS_CHANGE = "status_change", "Status change"
    NOTE = "note", "Note"
    INTERVIEW = "interview", "Interview round"


class InterviewKind(models.TextChoices):
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video"
    ONSITE = "onsite", "On-site"
    TECHNICAL = "technical", "Technical"


class EventQuerySet(models.QuerySet["Event"]):
    def for_user(self, user) -> EventQuerySet:
        return self.filter(user=user)


class Event(models.Model):
    """One entry in an application's timeline. Never deleted when the application is rejected."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="events"
    )
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    source = models.CharField(
        max_length=10, choices=EventSource.choices, default=EventSource.MANUAL
    )
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    occurred_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(max_length=20000, blank=True)
    interview_name = models.CharField(max_length=200, blank=True)
    interview_kind = models.CharField(max_length=10, choices=InterviewKind.choices, blank=True)
    interview_at = models.DateTimeField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["application", "-occurred_at"], name="event_application_time"),
            models.Index(fields=["user", "kind", "occurred_at"], name="event_user_kind_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="status_change") | ~Q(to_status=""),
                name="event_status_change_has_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.application_id}"


class SavedViewQuerySet(models.QuerySet["SavedView"]):
    def for_user(self, user) -> SavedViewQuerySet:
        return self.filter(user=user)

    def pinned(self) -> SavedViewQuerySet:
        return self.filter(pinned=True)


class SavedView(models.Model):
    """A named applications list (filters, search, sort), pinned in the navigation or not."""

    MAX_PINNED_SHOWN = 8  # the navigation stays one line on a laptop

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views"
    )
    name = models.CharField(max_length=60)
    # The list's query string as ListState writes it (defaults left out, no page).
    query = models.CharField(max_length=2000, blank=True)
    pinned = models.BooleanField("pin in the navigation", default=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = SavedViewQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint("user", Lower("name"), name="saved_view_user_name_ci_unique"),
            models.CheckConstraint(condition=~Q(name=""), name="saved_view_name_required"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def url(self) -> str:
        base = reverse("applications:list")
        return f"{base}?{self.query}" if self.query else base
