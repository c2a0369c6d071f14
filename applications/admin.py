"""Admin for support staff: applications, tags and events, searchable and mostly read-only."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from applications.models import Application, Event, Tag

EVENT_FIELDS = [
    "kind",
    "source",
    "from_status",
    "to_status",
    "occurred_at",
    "note",
    "interview_name",
    "interview_kind",
    "interview_at",
    "created_at",
]


class _SetOrNotFilter(admin.SimpleListFilter):
    """Yes/No over a nullable timestamp, which reads better than date ranges for a flag."""

    field_name = ""

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() in {"yes", "no"}:
            return queryset.filter(**{f"{self.field_name}__isnull": self.value() == "no"})
        return queryset


class ArchivedFilter(_SetOrNotFilter):
    title = "archived"
    parameter_name = "archived"
    field_name = "archived_at"


class DeletedFilter(_SetOrNotFilter):
    title = "in trash"
    parameter_name = "deleted"
    field_name = "deleted_at"


class EventInline(admin.TabularInline):
    """The timeline beside the application; history is never edited by hand."""

    model = Event
    fields = EVENT_FIELDS
    readonly_fields = EVENT_FIELDS
    ordering = ["-occurred_at", "-id"]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Application | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Application | None = None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["company", "role", "status", "user", "applied_date", "last_activity_at"]
    list_select_related = ["user"]
    list_filter = ["status", "source", "work_mode", ArchivedFilter, DeletedFilter]
    search_fields = ["company", "role", "user__email"]
    readonly_fields = ["created_at", "updated_at", "last_activity_at"]
    exclude = ["search_vector"]
    # Raw ids: a select listing every user or every tag would not scale past a few thousand.
    raw_id_fields = ["user", "tags"]
    date_hierarchy = "applied_date"
    inlines = [EventInline]
    show_full_result_count = False


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "color", "user", "created_at"]
    list_select_related = ["user"]
    list_filter = ["color"]
    search_fields = ["name", "user__email"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["user"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["application", "kind", "source", "from_status", "to_status", "occurred_at"]
    list_select_related = ["application", "user"]
    list_filter = ["kind", "source"]
    search_fields = ["application__company", "application__role", "user__email", "note"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["user", "application"]
    date_hierarchy = "occurred_at"
    show_full_result_count = False
