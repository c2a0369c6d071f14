"""The job-mail screens: Inbox, one message, and the Review queue of status suggestions."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django_htmx.http import trigger_client_event

from applications.models import Application, Event, EventKind
from applications.services import moves
from mail_sync import decisions
from mail_sync.filters import LINK_CHOICES, InboxFilters
from mail_sync.forms import CorrectionForm
from mail_sync.models import MailKind, Message, Suggestion
from mail_sync.sanitize import sanitize_html
from orbit.htmx import REFUSED, Undo, is_partial, render_page, toast
from orbit.pagination import page_links
from orbit.types import HtmxHttpRequest

# How many applications the manual-link picker offers at once; the search narrows it.
LINK_CHOICES_LIMIT = 100


@require_http_methods(["GET"])
def inbox(request: HtmxHttpRequest) -> HttpResponse:
    filters = InboxFilters.from_query(request.GET)
    messages = (
        filters.apply(Message.objects.for_user(request.user))
        .select_related("application")
        .defer("body_text", "body_html", "reasons", "to_header")
    )
    page = Paginator(messages, settings.ORBIT_PAGE_SIZE).get_page(request.GET.get("page"))
    filtered = f"{query}&" if (query := filters.querystring()) else ""
    context = {
        "page": page,
        "filters": filters,
        "kind_choices": MailKind.choices,
        "link_choices": LINK_CHOICES,
        **page_links(page, lambda number: f"?{filtered}page={number}"),
    }
    return render_page(request, "mail_sync/inbox.html", "inbox-results", context)


def _link_context(request: HtmxHttpRequest, message: Message, **extra) -> dict:
    search = request.GET.get("app_q", "").strip()[:200]
    choices = Application.objects.for_user(request.user).search(search).order_by("company", "role")
    return {
        "message": message,
        "linked": message.application if _is_live_link(message) else None,
        "choices": choices.only("pk", "company", "role", "status")[:LINK_CHOICES_LIMIT],
        "app_q": search,
        **extra,
    }


def _is_live_link(message: Message) -> bool:
    return message.application is not None and message.application.deleted_at is None


def own_message(request: HtmxHttpRequest, pk: int) -> Message:
    return get_object_or_404(
        Message.objects.for_user(request.user).select_related("application"), pk=pk
    )


def message_page_context(request: HtmxHttpRequest, message: Message, **extra) -> dict:
    """Everything the message page shows: text, classification, link, its status changes."""
    context = _link_context(request, message, **extra)
    # Plain text is what we show; HTML only when there is nothing else, and only sanitised.
    context["safe_html"] = "" if message.body_text else sanitize_html(message.body_html)
    context["suggestions"] = message.suggestions.select_related("application")
    context.setdefault(
        "correction_form",
        CorrectionForm(
            initial={"kind": message.kind, "company": message.company, "role": message.role}
        ),
    )
    changes = list(
        Event.objects.for_user(request.user)
        .filter(message_link__message=message, kind=EventKind.STATUS_CHANGE)
        .select_related("application")
        .order_by("-occurred_at", "-id")
    )
    latest = {
        application.pk: moves.latest_status_change(application)
        for application in {change.application for change in changes}
    }
    for change in changes:
        change.undoable = not moves.undo_refusal(
            change, latest=latest[change.application_id], current=change.application.status
        )
    context["status_changes"] = changes
    return context


@require_http_methods(["GET"])
def message_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    message = own_message(request, pk)
    if is_partial(request) and request.htmx.target == "link-panel":
        return render(request, "mail_sync/message.html#link-panel", _link_context(request, message))
    context = message_page_context(request, message)
    return render_page(request, "mail_sync/message.html", "mail-side", context)


@require_http_methods(["POST"])
def message_link(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    message = own_message(request, pk)
    raw = request.POST.get("application", "")
    application = (
        Application.objects.for_user(request.user).filter(pk=raw).first() if raw.isdigit() else None
    )
    if application is None:
        error = "Choose one of your applications."
        if is_partial(request):
            context = _link_context(request, message, error=error, chosen=raw)
            return render(request, "mail_sync/message.html#link-panel", context, status=REFUSED)
        context = message_page_context(request, message, error=error, chosen=raw)
        return render(request, "mail_sync/message.html", context, status=REFUSED)
    suggestions = decisions.link_manually(message=message, application=application)
    note = f"Linked to {application}."
    if any(s.state == Suggestion.State.PENDING for s in suggestions):
        note += " Its status change is waiting in Review."
    return _after_link_change(request, message, note)


@require_http_methods(["POST"])
def message_unlink(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    message = own_message(request, pk)
    decisions.unlink(message=message)
    return _after_link_change(request, message, "Unlinked. Orbit will not link it again by itself.")


def _after_link_change(request: HtmxHttpRequest, message: Message, note: str) -> HttpResponse:
    if not is_partial(request):
        flash.success(request, note)
        return redirect("mail_sync:message", pk=message.pk)
    message = own_message(request, message.pk)
    response = render(request, "mail_sync/message.html#link-panel", _link_context(request, message))
    return trigger_client_event(toast(response, note), "review-count-changed")


def change_made_by(suggestion: Suggestion) -> Event | None:
    """The status change an applied or accepted suggestion made: what Undo takes back."""
    return (
        Event.objects.filter(
            application_id=suggestion.application_id,
            message_link__message_id=suggestion.message_id,
            kind=EventKind.STATUS_CHANGE,
            to_status=suggestion.to_status,
        )
        .order_by("-occurred_at", "-id")
        .first()
    )


def with_undo_toast(
    request: HtmxHttpRequest, response: HttpResponse, note: str, undo: Event | None = None
) -> HttpResponse:
    """The outcome as a toast; with a status change to undo, it carries an Undo button."""
    button = None
    if undo is not None:
        # After Undo, back to the page the user is on (not the POST that made the change).
        here = (request.htmx.current_url_abs_path if request.htmx else None) or reverse(
            "mail_sync:inbox"
        )
        button = Undo(url=reverse("mail_sync:change-undo", args=[undo.pk]), fields={"next": here})
    return trigger_client_event(toast(response, note, undo=button), "review-count-changed")


def _pending(request: HtmxHttpRequest) -> QuerySet[Suggestion]:
    return Suggestion.objects.for_user(request.user).pending()


@require_http_methods(["GET"])
def review(request: HtmxHttpRequest) -> HttpResponse:
    suggestions = _pending(request).select_related("message", "application")
    page = Paginator(suggestions, settings.ORBIT_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "pending_count": page.paginator.count,
        **page_links(page, lambda number: f"?page={number}"),
    }
    return render_page(request, "mail_sync/review.html", "review-results", context)


def _own_pending(request: HtmxHttpRequest, pk: int) -> Suggestion:
    return get_object_or_404(_pending(request).select_related("message", "application"), pk=pk)


@require_http_methods(["POST"])
def review_accept(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    suggestion = _own_pending(request, pk)
    try:
        decisions.accept_suggestion(suggestion=suggestion)
    except decisions.SuggestionRefused as refused:
        error = " ".join(refused.messages)
        if is_partial(request):
            context = {"suggestion": suggestion, "error": error}
            return render(request, "mail_sync/review.html#review-row", context, status=REFUSED)
        flash.error(request, error)
        return redirect("mail_sync:review")
    note = f"{suggestion.application} is now {suggestion.get_to_status_display()}."
    if not is_partial(request):
        return _decided(request, note)
    context = {"pending_count": _pending(request).count()}
    response = render(request, "mail_sync/review.html#review-decided", context)
    return with_undo_toast(request, response, note, change_made_by(suggestion))


@require_http_methods(["POST"])
def review_dismiss(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    suggestion = _own_pending(request, pk)
    decisions.dismiss_suggestion(suggestion=suggestion)
    return _decided(request, "Dismissed.")


def _decided(request: HtmxHttpRequest, note: str) -> HttpResponse:
    """The row goes away; the count badge is swapped out of band and listeners are told."""
    if not is_partial(request):
        flash.success(request, note)
        return redirect(reverse("mail_sync:review"))
    context = {"pending_count": _pending(request).count()}
    response = toast(render(request, "mail_sync/review.html#review-decided", context), note)
    return trigger_client_event(
        response, "review-count-changed", {"count": context["pending_count"]}
    )
