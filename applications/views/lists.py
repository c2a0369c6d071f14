"""The applications list with its bulk actions, the trash, and CSV export and import."""

from __future__ import annotations

import re
import secrets
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import HttpResponse, HttpResponseRedirect, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from applications import importer
from applications.filters import ArchivedFilter, ListState
from applications.models import Application, Tag
from applications.services import bulk as bulk_services
from applications.services import trash as trash_services
from applications.status import Status
from orbit.htmx import REFUSED, Undo, is_partial, toast
from orbit.pagination import page_links
from orbit.types import HtmxHttpRequest

LIST_TEMPLATE = "applications/list.html"
TRASH_TEMPLATE = "applications/trash.html"
IMPORT_TEMPLATE = "applications/import.html"
UNDO_SESSION_KEY = "lists_undo"
IMPORT_SESSION_KEY = "lists_import"
IMPORT_BAD_SESSION_KEY = "lists_import_bad"
IMPORT_RESULT_SESSION_KEY = "lists_import_result"
PREVIEW_ROWS_SHOWN = 100
TOAST_ID = re.compile(r"^undo-[0-9a-f]{16}$")


# --- helpers shared by the views ----------------------------------------------------------


def _ids(request: HtmxHttpRequest) -> list[int]:
    return [int(value) for value in request.POST.getlist("ids") if value.isdigit()]


def _next_url(request: HtmxHttpRequest, default: str) -> str:
    """Where a plain form post returns to: the page it came from, if it is one of ours."""
    candidate = request.POST.get("next", "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _posted_state(request: HtmxHttpRequest) -> ListState:
    """The list state of the page a POST came from, carried in its `next` URL."""
    return ListState.from_querydict(QueryDict(urlsplit(request.POST.get("next", "")).query))


def _list_url(state: ListState, **overrides: Any) -> str:
    query = state.to_querystring(**overrides)
    return reverse("applications:list") + (f"?{query}" if query else "")


def _plural(count: int, word: str = "application") -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _results_context(request: HtmxHttpRequest, state: ListState) -> dict[str, Any]:
    applications = state.apply(Application.objects.for_user(request.user).with_tags())
    page: Page = Paginator(applications, settings.ORBIT_PAGE_SIZE).get_page(state.page)
    has_any = bool(page.object_list) or Application.objects.for_user(request.user).exists()
    return {
        "state": state,
        "sort_columns": _sort_columns(state),
        "active_statuses": [Status(status).label for status in state.statuses],
        "page": page,
        "has_any": has_any,
        "here": _list_url(state, page=page.number),
        **page_links(page, lambda number: _list_url(state, page=number)),
        "export_url": reverse("applications:export")
        + (f"?{state.filters_querystring}" if state.filters_querystring else ""),
    }


# The table's columns in order; those with a sort key sort when their header is clicked.
COLUMNS = [
    ("Company", "company"),
    ("Role", ""),
    ("Status", "status"),
    ("Tags", ""),
    ("Applied", "applied_date"),
    ("Last activity", "last_activity_at"),
]


def _sort_columns(state: ListState) -> list[dict[str, str]]:
    columns = []
    for label, field in COLUMNS:
        column = {"label": label, "field": field}
        if field:
            following = state.header_sort(field)
            column |= {
                "url": _list_url(state, sort=following, page=1),
                "next": "descending" if following.startswith("-") else "ascending",
                "sorted": (
                    ("descending" if state.sort_descending else "ascending")
                    if state.sort_field == field
                    else ""
                ),
            }
        columns.append(column)
    return columns


def _selected_tag_ids(state: ListState, tags: list[Tag]) -> set[int]:
    """The user's tags the state filters by, matched as `Tag.objects.matching` matches them."""
    values = {value.lower() for value in state.tags}
    return {tag.pk for tag in tags if tag.name.lower() in values or str(tag.pk) in values}


def _results(
    request: HtmxHttpRequest, state: ListState, *, selected: list[int] | None = None
) -> str:
    context = _results_context(request, state) | {"selected_ids": selected or []}
    return render_to_string(f"{LIST_TEMPLATE}#results", context, request=request)


def _undo(ids: list[int], message: str, next_url: str) -> dict[str, Any]:
    action = (
        reverse("applications:restore", args=[ids[0]])
        if len(ids) == 1
        else reverse("applications:restore-many")
    )
    return {
        "toast_id": f"undo-{secrets.token_hex(8)}",
        "message": message,
        "action": action,
        "ids": ids,
        "next": next_url,
    }


def _after_delete(request: HtmxHttpRequest, ids: list[int], message: str) -> HttpResponse:
    """Show the list without the deleted rows and offer an Undo, with or without JavaScript."""
    state = _posted_state(request)
    undo = _undo(ids, message, _list_url(state))
    if is_partial(request) and request.htmx.target == "results":
        button = Undo(
            url=undo["action"],
            fields={"ids": undo["ids"], "next": undo["next"]},
            target="#results",
            swap="outerHTML",
        )
        return toast(HttpResponse(_results(request, state)), message, undo=button)
    # From another page (or without JS) the Undo waits on the list page for the next visit.
    request.session[UNDO_SESSION_KEY] = undo
    if is_partial(request):
        return HttpResponseClientRedirect(_list_url(state))
    return redirect(_list_url(state))


def _after_restore(request: HtmxHttpRequest, count: int) -> HttpResponse:
    message = f"Restored {_plural(count)}." if count else "Nothing left to restore."
    level = "success" if count else "info"
    toast_id = request.POST.get("toast", "")
    if not is_partial(request):
        messages.add_message(request, messages.SUCCESS if count else messages.INFO, message)
        return redirect(_next_url(request, reverse("applications:list")))
    if request.htmx.target == "trash-list":
        body = render_to_string(
            f"{TRASH_TEMPLATE}#trash-list", _trash_context(request), request=request
        )
    else:
        body = _results(request, _posted_state(request))
    if TOAST_ID.match(toast_id):
        # The Undo toast has done its job; take it away so it cannot be pressed twice.
        body += f'<div id="{toast_id}" hx-swap-oob="delete"></div>'
    return toast(HttpResponse(body), message, level=level)


# --- the list -----------------------------------------------------------------------------


@require_http_methods(["GET"])
def application_list(request: HtmxHttpRequest) -> HttpResponse:
    state = ListState.from_querydict(request.GET)
    context = _results_context(request, state) | {"selected_ids": []}
    if is_partial(request):
        results = render_to_string(f"{LIST_TEMPLATE}#results", context, request=request)
        menus = render_to_string(f"{LIST_TEMPLATE}#filter-state-oob", context, request=request)
        # The pinned saved views in the navigation mark the one the list now shows, if any.
        navigation = render_to_string(
            "applications/_saved_views_nav.html", {"oob": True}, request=request
        )
        return HttpResponse(results + menus + navigation)
    tags = list(Tag.objects.for_user(request.user))
    context |= {
        "tags": tags,
        "selected_tag_ids": _selected_tag_ids(state, tags),
        "statuses": Status.choices,
        "archived_choices": ArchivedFilter.CHOICES,
        "undo": request.session.pop(UNDO_SESSION_KEY, None),
    }
    return render(request, LIST_TEMPLATE, context)


def _run_bulk(request: HtmxHttpRequest, ids: list[int]) -> tuple[str, str]:
    """Apply the chosen bulk action; returns the message and its level for the toast."""
    user = request.user
    action = request.POST.get("action", "")
    if action == "status":
        target = request.POST.get("status", "")
        if target not in Status.values:
            return "Choose the status to move the selected applications to.", "error"
        result = bulk_services.bulk_change_status(user=user, application_ids=ids, to=target)
        message = f"Moved {_plural(len(result.changed))} to {Status(target).label.lower()}."
        if not result.refused:
            return message, "success"
        names = dict(
            Application.objects.for_user(user)
            .filter(pk__in=result.refused)
            .values_list("pk", "company")
        )
        refused = "; ".join(f"{names[pk]}: {reason}" for pk, reason in result.refused.items())
        return f"{message} Refused {len(result.refused)}: {refused}", (
            "warning" if result.changed else "error"
        )
    if action in ("add_tag", "remove_tag"):
        tag_id = request.POST.get("tag", "")
        tag = Tag.objects.for_user(user).filter(pk=tag_id).first() if tag_id.isdigit() else None
        if tag is None:
            return "Choose the tag to add or remove.", "error"
        count = bulk_services.bulk_tag(
            user=user, application_ids=ids, tag=tag, add=action == "add_tag"
        )
        verb = "Tagged" if action == "add_tag" else "Removed the tag from"
        return f"{verb} {_plural(count)}{' with' if action == 'add_tag' else ''} “{tag}”.", (
            "success"
        )
    if action == "archive":
        count = bulk_services.bulk_archive(user=user, application_ids=ids)
        return f"Archived {_plural(count)}.", "success"
    return "Choose what to do with the selected applications.", "error"


@require_http_methods(["POST"])
def bulk(request: HtmxHttpRequest) -> HttpResponse:
    ids = _ids(request)
    state = _posted_state(request)
    if not ids:
        message, level = "Select at least one application first.", "error"
    elif request.POST.get("action") == "delete":
        count = trash_services.soft_delete(user=request.user, application_ids=ids)
        return _after_delete(request, ids, f"Moved {_plural(count)} to the trash.")
    else:
        message, level = _run_bulk(request, ids)
    if not is_partial(request):
        messages.add_message(request, getattr(messages, level.upper()), message)
        return redirect(_list_url(state))
    # A refused action keeps the selection so the user can pick another action.
    keep = ids if level == "error" else []
    status = REFUSED if level == "error" else 200
    response = HttpResponse(_results(request, state, selected=keep), status=status)
    return toast(response, message, level=level)


# --- delete, undo, trash ------------------------------------------------------------------


@require_http_methods(["POST"])
def delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.for_user(request.user), pk=pk)
    trash_services.soft_delete(user=request.user, application_ids=[application.pk])
    return _after_delete(request, [application.pk], f"Moved “{application}” to the trash.")


@require_http_methods(["POST"])
def restore(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.trash_for(request.user), pk=pk)
    count = trash_services.restore(user=request.user, application_ids=[application.pk])
    return _after_restore(request, count)


@require_http_methods(["POST"])
def restore_many(request: HtmxHttpRequest) -> HttpResponse:
    count = trash_services.restore(user=request.user, application_ids=_ids(request))
    return _after_restore(request, count)


def _trash_context(request: HtmxHttpRequest) -> dict[str, Any]:
    trashed = Application.objects.trash_for(request.user).with_tags().order_by("-deleted_at", "-id")
    # After a POST the trash re-renders the page the form was on, carried in its `next` URL.
    source = (
        request.GET
        if request.method == "GET"
        else QueryDict(urlsplit(request.POST.get("next", "")).query)
    )
    page_number = source.get("page", "1")
    page = Paginator(trashed, settings.ORBIT_PAGE_SIZE).get_page(page_number)
    trash_url = reverse("applications:trash")
    return {
        "page": page,
        "here": f"{trash_url}?page={page.number}" if page.number > 1 else trash_url,
        **page_links(page, lambda number: f"{trash_url}?page={number}"),
    }


@require_http_methods(["GET"])
def trash(request: HtmxHttpRequest) -> HttpResponse:
    template = f"{TRASH_TEMPLATE}#trash-list" if is_partial(request) else TRASH_TEMPLATE
    return render(request, template, _trash_context(request))


def _after_purge(request: HtmxHttpRequest, count: int) -> HttpResponse:
    message = f"Deleted {_plural(count)} forever." if count else "The trash was already empty."
    if not is_partial(request):
        messages.success(request, message)
        return redirect(_next_url(request, reverse("applications:trash")))
    body = render_to_string(f"{TRASH_TEMPLATE}#trash-list", _trash_context(request), request)
    return toast(HttpResponse(body), message, level="success" if count else "info")


@require_http_methods(["POST"])
def purge(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.trash_for(request.user), pk=pk)
    # purge() counts cascaded rows (events, tag links) too; one application went.
    trash_services.purge(user=request.user, application_ids=[application.pk])
    return _after_purge(request, 1)


@require_http_methods(["POST"])
def empty_trash(request: HtmxHttpRequest) -> HttpResponse:
    trashed = Application.objects.trash_for(request.user).count()
    trash_services.purge(user=request.user)
    return _after_purge(request, trashed)


# --- CSV export and import ----------------------------------------------------------------


@require_http_methods(["GET"])
def export(request: HtmxHttpRequest) -> StreamingHttpResponse:
    state = ListState.from_querydict(request.GET)
    applications = state.apply(Application.objects.for_user(request.user).with_tags())
    response = StreamingHttpResponse(
        importer.export_lines(applications.iterator(chunk_size=500)),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"orbit-applications-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _import_context(request: HtmxHttpRequest, **extra: Any) -> dict[str, Any]:
    preview = request.session.get(IMPORT_SESSION_KEY)
    context: dict[str, Any] = {"form": importer.ImportUploadForm(), "preview": None} | extra
    if preview and "form" not in extra and "result" not in extra:
        context["preview"] = preview
        context["preview_good"] = preview["good"][:PREVIEW_ROWS_SHOWN]
        context["preview_hidden"] = max(0, len(preview["good"]) - PREVIEW_ROWS_SHOWN)
        context["preview_duplicates"] = [row for row in preview["good"] if row["duplicate_of"]]
    return context


def _render_import(request: HtmxHttpRequest, **extra: Any) -> HttpResponse:
    template = f"{IMPORT_TEMPLATE}#import-panel" if is_partial(request) else IMPORT_TEMPLATE
    return render(request, template, _import_context(request, **extra))


def _confirm_import(request: HtmxHttpRequest) -> HttpResponse:
    stored = request.session.get(IMPORT_SESSION_KEY)
    if not stored or request.POST.get("token") != stored["token"]:
        request.session.pop(IMPORT_SESSION_KEY, None)
        return _render_import(
            request,
            form=importer.ImportUploadForm(),
            import_error="That preview has expired or was already imported. Upload again.",
        )
    rows = [importer.GoodRow.from_session(row) for row in stored["good"]]
    skipped = 0
    if request.POST.get("duplicates") != "import":  # skipping is the default
        skipped = sum(row.duplicate_of is not None for row in rows)
        rows = [row for row in rows if row.duplicate_of is None]
    report = importer.import_rows(user=request.user, rows=rows)
    del request.session[IMPORT_SESSION_KEY]
    bad = request.session.get(IMPORT_BAD_SESSION_KEY, {"headers": stored["headers"], "rows": []})
    bad["rows"] += [importer.bad_row_to_session(row) for row in report.bad]
    request.session[IMPORT_BAD_SESSION_KEY] = bad
    result = {
        "imported": len(report.imported),
        "skipped": skipped,
        "bad": len(bad["rows"]),
        "created_tags": report.created_tags,
    }
    if not is_partial(request):
        request.session[IMPORT_RESULT_SESSION_KEY] = result
        return redirect("applications:import")
    return _render_import(request, result=result)


@require_http_methods(["GET", "POST"])
def import_csv(request: HtmxHttpRequest) -> HttpResponse:
    if request.method == "GET":
        result = request.session.pop(IMPORT_RESULT_SESSION_KEY, None)
        if result or request.GET.get("restart"):
            request.session.pop(IMPORT_SESSION_KEY, None)
        return _render_import(request, **({"result": result} if result else {}))
    if "confirm" in request.POST:
        return _confirm_import(request)
    form = importer.ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_import(request, form=form)
    parsed: importer.ParsedFile = form.cleaned_data["parsed"]
    importer.mark_duplicates(user=request.user, rows=parsed.good)
    request.session[IMPORT_SESSION_KEY] = importer.parsed_to_session(
        parsed, filename=form.cleaned_data["file"].name, token=secrets.token_hex(16)
    )
    request.session[IMPORT_BAD_SESSION_KEY] = {
        "headers": parsed.headers,
        "rows": [importer.bad_row_to_session(row) for row in parsed.bad],
    }
    return _render_import(request)


@require_http_methods(["GET"])
def import_bad_rows(request: HtmxHttpRequest) -> HttpResponse | HttpResponseRedirect:
    stored = request.session.get(IMPORT_BAD_SESSION_KEY)
    if not stored or not stored["rows"]:
        messages.info(request, "There are no refused rows to download.")
        return redirect("applications:import")
    rows = [importer.BadRow(r["row_number"], r["values"], r["reasons"]) for r in stored["rows"]]
    response = HttpResponse(
        "".join(importer.bad_rows_lines(stored["headers"], rows)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="orbit-import-refused-rows.csv"'
    return response
