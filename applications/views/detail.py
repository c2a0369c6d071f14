"""Create, edit and detail pages: the timeline, notes, interview rounds and status moves."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from applications.forms import (
    RELATED_FIELDS,
    ApplicationForm,
    InterviewForm,
    NoteForm,
    StatusForm,
)
from applications.models import Application, Event, EventKind, EventSource
from applications.services import editing, moves, notes
from applications.status import Status, allowed_targets
from applications.timeline import event_links
from orbit.htmx import REFUSED, is_partial
from orbit.types import HtmxHttpRequest

DETAIL = "applications/detail.html"
FORM = "applications/form.html"


def _get_application(request: HtmxHttpRequest, pk: int) -> Application:
    return get_object_or_404(Application.objects.for_user(request.user).with_tags(), pk=pk)


def _detail_context(application: Application, **overrides: Any) -> dict[str, Any]:
    events = list(application.events.order_by("-occurred_at", "-id"))
    links = event_links(events)
    for event in events:
        event.link = links.get(event.pk)
    return {
        "application": application,
        "events": events,
        "undoable_id": undoable_change_id(application, events),
        "targets": allowed_targets(application.status),
        "note_form": NoteForm(),
        "interview_form": InterviewForm(),
        **overrides,
    }


def undoable_change_id(application: Application, events: list[Event]) -> int | None:
    """The automatic status change that one click can take back: the latest, if it is one."""
    latest = next((e for e in events if e.kind == EventKind.STATUS_CHANGE), None)
    if latest is None or latest.source != EventSource.EMAIL:
        return None
    refusal = moves.undo_refusal(latest, latest=latest, current=application.status)
    return None if refusal else latest.pk


def _fragments(
    request: HtmxHttpRequest, context: dict[str, Any], main: str, *oob: str, status: int = 200
) -> HttpResponse:
    """One partial swapped into the target plus others swapped out of band by id."""
    html = render_to_string(f"{DETAIL}#{main}", context, request)
    for name in oob:
        html += render_to_string(f"{DETAIL}#{name}", {**context, "oob": True}, request)
    return HttpResponse(html, status=status)


def _field_errors(request: HtmxHttpRequest, form: ApplicationForm) -> HttpResponse:
    """Inline validation: the errors of the field that changed (and its partners) only."""
    name = request.htmx.trigger_name or ""
    names = RELATED_FIELDS.get(name, (name,)) if name in form.fields else tuple(form.fields)
    fields = [form[field_name] for field_name in names]
    return render(request, f"{FORM}#field-errors", {"fields": fields})


def _save_new(request: HtmxHttpRequest, form: ApplicationForm) -> Application:
    return editing.create_application(
        user=request.user,
        status=form.cleaned_data["status"],
        event_source=EventSource.MANUAL,
        tags=list(form.cleaned_data["tags"]),
        **form.application_fields(),
    )


def _form_response(
    request: HtmxHttpRequest, form: ApplicationForm, application: Application | None
) -> HttpResponse:
    context = {"form": form, "application": application}
    status = REFUSED if form.is_bound else 200
    template = f"{FORM}#application-form" if is_partial(request) else FORM
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
def application_create(request: HtmxHttpRequest) -> HttpResponse:
    url = reverse("applications:create")
    form = ApplicationForm(request.POST or None, user=request.user, validate_url=url)
    if request.method == "POST" and "_validate" in request.POST:
        return _field_errors(request, form)
    if form.is_bound and form.is_valid():
        try:
            application = _save_new(request, form)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Added {application}.")
            detail_url = reverse("applications:detail", args=[application.pk])
            return (
                HttpResponseClientRedirect(detail_url)
                if is_partial(request)
                else redirect(detail_url)
            )
    return _form_response(request, form, None)


@require_http_methods(["GET", "POST"])
def application_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    application = _get_application(request, pk)
    url = reverse("applications:edit", args=[pk])
    form = ApplicationForm(
        request.POST or None, instance=application, user=request.user, validate_url=url
    )
    if request.method == "POST" and "_validate" in request.POST:
        return _field_errors(request, form)
    if form.is_bound and form.is_valid():
        try:
            editing.update_application(
                application=application,
                tags=list(form.cleaned_data["tags"]),
                **form.application_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Saved {application}.")
            detail_url = reverse("applications:detail", args=[pk])
            return (
                HttpResponseClientRedirect(detail_url)
                if is_partial(request)
                else redirect(detail_url)
            )
    return _form_response(request, form, application)


@require_http_methods(["GET"])
def application_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    application = _get_application(request, pk)
    context = _detail_context(application)
    if is_partial(request):
        return _fragments(request, context, "application-header", "status-panel", "timeline")
    return render(request, DETAIL, context)


def _after_post(
    request: HtmxHttpRequest,
    application: Application,
    overrides: dict[str, Any],
    main: str,
    *oob: str,
    failed: bool = False,
) -> HttpResponse:
    """HTMX gets the updated fragments; a plain form post gets the page back (or a redirect)."""
    # The services update the instance they are given, so it can be rendered as it is.
    status = REFUSED if failed else 200
    context = _detail_context(application, **overrides)
    if is_partial(request):
        return _fragments(request, context, main, *oob, status=status)
    if failed:
        return render(request, DETAIL, context, status=status)
    return redirect("applications:detail", pk=application.pk)


@require_http_methods(["POST"])
def add_note(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    application = _get_application(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            notes.add_note(application=application, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error("text", error.messages)
        else:
            form = NoteForm()
    return _after_post(
        request, application, {"note_form": form}, "note-form", "timeline", failed=form.is_bound
    )


@require_http_methods(["POST"])
def add_interview(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    application = _get_application(request, pk)
    form = InterviewForm(request.POST)
    if form.is_valid():
        try:
            notes.add_interview_round(
                application=application,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                scheduled_at=form.cleaned_data["scheduled_at"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            form = InterviewForm()
    return _after_post(
        request,
        application,
        {"interview_form": form},
        "interview-form",
        "timeline",
        failed=form.is_bound,
    )


@require_http_methods(["POST"])
def change_status(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    application = _get_application(request, pk)
    form = StatusForm(request.POST)
    error = ""
    if not form.is_valid():
        error = f"“{request.POST.get('to', '')}” is not a status."
    else:
        try:
            moves.change_status(application=application, to=form.cleaned_data["to"])
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            if not is_partial(request):
                messages.success(request, f"Moved to {Status(application.status).label}.")
    return _after_post(
        request,
        application,
        {"status_error": error},
        "status-panel",
        "application-header",
        "timeline",
        failed=bool(error),
    )


@require_http_methods(["POST"])
def archive(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    application = _get_application(request, pk)
    editing.archive(application=application)
    return _after_post(request, application, {}, "application-header")


@require_http_methods(["POST"])
def unarchive(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    application = _get_application(request, pk)
    editing.unarchive(application=application)
    return _after_post(request, application, {}, "application-header")
