"""The user corrects the machine: a message's kind, company and role; undo of a status change;
several Review suggestions decided at once."""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from applications.models import Event, EventKind
from applications.services import moves
from mail_sync import decisions
from mail_sync.forms import CorrectionForm
from mail_sync.models import Suggestion
from mail_sync.views_inbox import (
    change_made_by,
    message_page_context,
    own_message,
    with_undo_toast,
)
from orbit.htmx import REFUSED, is_partial, render_page
from orbit.types import HtmxHttpRequest


@require_http_methods(["POST"])
def message_correct(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    message = own_message(request, pk)
    form = CorrectionForm(request.POST)
    in_inbox = request.POST.get("from") == "inbox"
    outcome = None
    if form.is_valid():
        try:
            outcome = decisions.correct_message(message=message, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
    if outcome is None:
        return _correction_failed(request, message, form, in_inbox)
    note, undo = _correction_note(outcome)
    if not is_partial(request):
        flash.success(request, note)
        return redirect("mail_sync:message", pk=message.pk)
    message = own_message(request, message.pk)
    if in_inbox:
        response = render(request, "mail_sync/inbox.html#inbox-row", {"message": message})
    else:
        context = message_page_context(request, message)
        response = render(request, "mail_sync/message.html#mail-side", context)
    return with_undo_toast(request, response, note, undo)


def _correction_failed(request, message, form, in_inbox) -> HttpResponse:
    if is_partial(request) and in_inbox:
        context = {"message": message, "correction_form": form, "open": True}
        return render(request, "mail_sync/inbox.html#inbox-row", context, status=REFUSED)
    context = message_page_context(request, message, correction_form=form)
    return render_page(request, "mail_sync/message.html", "mail-side", context, status=REFUSED)


def _correction_note(outcome: decisions.CorrectionOutcome) -> tuple[str, Event | None]:
    if outcome.correction is None:
        return "Nothing changed.", None
    parts = ["Saved. Orbit will read mail like this one that way from now on."]
    if outcome.undone:
        parts.append(f"Undid {len(outcome.undone)} automatic status change(s).")
    parts.extend(outcome.not_undone)
    if outcome.applied:
        moved = outcome.applied[0]
        parts.append(f"{moved.application} is now {moved.get_to_status_display()}.")
    elif outcome.pending:
        parts.append("Its status change is waiting in Review.")
    undo = change_made_by(outcome.applied[0]) if outcome.applied else None
    return " ".join(parts), undo


@require_http_methods(["POST"])
def event_undo(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Undo a status change; answers with the page it came from (`next`) or a toast."""
    event = get_object_or_404(
        Event.objects.for_user(request.user).filter(kind=EventKind.STATUS_CHANGE), pk=pk
    )
    next_url = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(next_url, {request.get_host()})
    if not safe or not next_url.startswith("/"):
        next_url = reverse("applications:detail", args=[event.application_id])
    try:
        decisions.undo_change(event=event)
    except moves.UndoRefused as refused:
        note, level = " ".join(refused.messages), "error"
    else:
        note, level = f"Undone: back to {event.get_from_status_display()}.", "success"
    return _reload(request, next_url, note, level)


@require_http_methods(["POST"])
def review_decide(request: HtmxHttpRequest) -> HttpResponse:
    """Accept or dismiss every ticked suggestion at once."""
    ids = [int(value) for value in request.POST.getlist("ids") if value.isdigit()]
    accept = request.POST.get("decision") == "accept"
    chosen = list(
        Suggestion.objects.for_user(request.user)
        .pending()
        .filter(pk__in=ids)
        .select_related("message", "application")
    )
    if not chosen:
        note, level = "Tick the suggestions to decide first.", "error"
    else:
        outcome = decisions.decide_many(suggestions=chosen, accept=accept)
        verb = "Accepted" if accept else "Dismissed"
        note, level = f"{verb} {outcome.done}.", "success"
        if outcome.refused:
            note += " Refused: " + "; ".join(
                f"{suggestion.application}: {why}" for suggestion, why in outcome.refused
            )
            level = "error" if not outcome.done else "success"
    return _reload(request, reverse("mail_sync:review"), note, level)


def _reload(request: HtmxHttpRequest, url: str, note: str, level: str) -> HttpResponse:
    """The page the action came from, whole and again, with the outcome as its toast.

    Undo and bulk decisions change more of the page than one fragment (status, timeline,
    counts), so htmx is told to load the page itself rather than swap a partial into it.
    """
    (flash.success if level == "success" else flash.error)(request, note)
    if is_partial(request):
        return HttpResponseClientRedirect(url)
    return redirect(url)
