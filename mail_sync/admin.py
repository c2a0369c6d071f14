"""Support staff see accounts, runs and message metadata; never tokens or message bodies."""

from django.contrib import admin

from mail_sync.models import GmailAccount, Message, Suggestion, SyncRun


@admin.register(GmailAccount)
class GmailAccountAdmin(admin.ModelAdmin):
    list_display = ["email", "user", "state", "last_synced_at", "connected_at"]
    list_filter = ["state"]
    search_fields = ["email", "user__email"]
    list_select_related = ["user"]
    exclude = ["refresh_token_encrypted", "access_token_encrypted"]
    readonly_fields = [
        "user",
        "email",
        "scopes",
        "history_id",
        "connected_at",
        "last_synced_at",
        "last_error",
        "access_token_expires_at",
    ]


@admin.register(SyncRun)
class SyncRunAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "account",
        "kind",
        "state",
        "trigger",
        "started_at",
        "listed",
        "fetched",
        "new",
        "failed",
        "quota_units",
    ]
    list_filter = ["state", "kind", "trigger"]
    search_fields = ["account__email", "user__email"]
    list_select_related = ["account"]
    readonly_fields = [field.name for field in SyncRun._meta.fields]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "from_email", "kind", "confidence", "internal_date", "parse_state"]
    list_filter = ["kind", "parse_state", "link_source"]
    search_fields = ["gmail_id", "from_email", "user__email"]
    list_select_related = ["account"]
    # Mail content stays out of the admin: support debugs with metadata and classify_emails.
    fields = [
        "user",
        "account",
        "gmail_id",
        "thread_id",
        "internal_date",
        "from_email",
        "from_domain",
        "kind",
        "confidence",
        "reasons",
        "company",
        "role",
        "application",
        "link_source",
        "parse_state",
        "parse_error",
        "processed_at",
    ]
    readonly_fields = fields
    raw_id_fields = ["application"]


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ["application", "to_status", "state", "confidence", "created_at"]
    list_filter = ["state", "to_status"]
    search_fields = ["user__email", "application__company"]
    list_select_related = ["application"]
    raw_id_fields = ["message", "application"]
