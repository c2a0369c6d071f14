"""Saved views: name the list as it is filtered, pin it in the navigation, rename or delete it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods

from applications import saved_views
from applications.filters import ListState
from applications.forms import SavedViewForm
from applications.models import SavedView
from orbit.htmx import REFUSED, is_partial, render_page, toast
from orbit.types import HtmxHttpRequest

TEMPLATE = "applications/saved_views.html"
LIST_TEMPLATE = "applications/list.html"
NAV_TEMPLATE = "applications/_saved_views_nav.html"


def _navigation(request: HtmxHttpRequest) -> str:
    """The pinned views in the navigation, out of band, so a change shows without a reload."""
    return render_to_string(NAV_TEMPLATE, {"oob": True}, request=request)


def _described(view: SavedView) -> SavedView:
    view.description = ListState.from_querydict(saved_views.query_dict(view.query)).describe()
    return view


def _page_context(
    request: HtmxHttpRequest, *, failed: tuple[int, SavedViewForm] | None = None, **extra: Any
) -> dict[str, Any]:
    """Each view with its rename form; a rename that failed shows what was typed and why."""
    rows = []
    for view in map(_described, SavedView.objects.for_user(request.user)):
        if failed and failed[0] == view.pk:
            rows.append((view, failed[1]))
        else:
            rows.append((view, SavedViewForm(instance=view, user=request.user)))
    return {"rows": rows, "create_form": None} | extra


def _render_page(request: HtmxHttpRequest, *, status: int = 200, **extra: Any) -> HttpResponse:
    return render_page(
        request, TEMPLATE, "saved-views", _page_context(request, **extra), status=status
    )


@require_http_methods(["GET", "POST"])
def saved_view_list(request: HtmxHttpRequest) -> HttpResponse:
    """The user's saved views; a POST saves the list URL it carries under a new name."""
    if request.method == "GET":
        return _render_page(request)
    query = request.POST.get("query", "")
    form = SavedViewForm(request.POST, user=request.user)
    if not form.is_valid():
        if is_partial(request):
            state = ListState.from_querydict(saved_views.query_dict(query))
            context = {"state": state, "save_form": form, "save_query": query}
            return render(request, f"{LIST_TEMPLATE}#save-view", context, status=REFUSED)
        # Nothing is lost: the page shows the name typed and keeps the list it would save.
        return _render_page(request, status=REFUSED, create_form=form, create_query=query)
    view = saved_views.save_view(
        user=request.user,
        name=form.cleaned_data["name"],
        query=query,
        pinned=form.cleaned_data["pinned"],
    )
    where = " It is pinned in the navigation." if view.pinned else ""
    message = f"Saved the view “{view.name}”.{where}"
    if not is_partial(request):
        messages.success(request, message)
        return redirect(view.url)
    state = ListState.from_querydict(saved_views.query_dict(view.query))
    context = {"state": state, "save_query": view.query, "saved_view": view}
    body = render_to_string(f"{LIST_TEMPLATE}#save-view", context, request=request)
    return toast(HttpResponse(body + _navigation(request)), message)


@require_http_methods(["POST"])
def saved_view_update(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    view = get_object_or_404(SavedView.objects.for_user(request.user), pk=pk)
    form = SavedViewForm(request.POST, instance=view, user=request.user)
    if not form.is_valid():
        view.refresh_from_db()  # the row keeps showing the name it really has
        _described(view)
        if is_partial(request):
            context = {"view": view, "form": form}
            return render(request, f"{TEMPLATE}#saved-view-row", context, status=REFUSED)
        return _render_page(request, status=REFUSED, failed=(view.pk, form))
    saved_views.update_view(
        view=view, name=form.cleaned_data["name"], pinned=form.cleaned_data["pinned"]
    )
    message = f"Saved “{view.name}”{' (pinned)' if view.pinned else ' (not pinned)'}."
    if not is_partial(request):
        messages.success(request, message)
        return redirect("applications:saved-views")
    form = SavedViewForm(instance=_described(view), user=request.user)
    body = render_to_string(
        f"{TEMPLATE}#saved-view-row", {"view": view, "form": form}, request=request
    )
    return toast(HttpResponse(body + _navigation(request)), message)


@require_http_methods(["POST"])
def saved_view_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    view = get_object_or_404(SavedView.objects.for_user(request.user), pk=pk)
    saved_views.delete_view(view=view)
    message = f"Deleted the view “{view.name}”. The applications it listed are untouched."
    if not is_partial(request):
        messages.success(request, message)
        return redirect("applications:saved-views")
    body = render_to_string(f"{TEMPLATE}#saved-views", _page_context(request), request=request)
    return toast(HttpResponse(body + _navigation(request)), message)
