"""The tags page: create, rename, recolour and delete tags, with how often each is used."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from applications.forms import TagForm
from applications.models import Tag
from applications.services import tags
from orbit.htmx import REFUSED, is_partial, render_page, toast
from orbit.types import HtmxHttpRequest

TAGS = "applications/tags.html"


def _tags(request: HtmxHttpRequest):
    return Tag.objects.for_user(request.user).with_usage()


def _page(request: HtmxHttpRequest, status: int = 200, **context: Any) -> HttpResponse:
    context = {"tags": _tags(request), "create_form": TagForm(), "colors": Tag.COLORS, **context}
    return render_page(request, TAGS, "tags-panel", context, status=status)


def _apply(form: TagForm, save) -> Tag | None:
    """Run a tag service with the form's values; its refusals become the form's errors."""
    if not form.is_valid():
        return None
    try:
        return save(**form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return None


@require_http_methods(["GET"])
def tag_list(request: HtmxHttpRequest) -> HttpResponse:
    return _page(request)


@require_http_methods(["POST"])
def tag_create(request: HtmxHttpRequest) -> HttpResponse:
    form = TagForm(request.POST, auto_id="new-tag-%s")
    tag = _apply(form, lambda **data: tags.create_tag(user=request.user, **data))
    if tag is None:
        return _page(request, status=REFUSED, create_form=form)
    if not is_partial(request):
        messages.success(request, f"Created the tag “{tag.name}”.")
        return redirect("applications:tags")
    return toast(_page(request), f"Created “{tag.name}”.")


@require_http_methods(["GET", "POST"])
def tag_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    tag = get_object_or_404(_tags(request), pk=pk)
    form = None
    if request.method == "POST":
        form = TagForm(request.POST)
        if _apply(form, lambda **data: tags.update_tag(tag=tag, **data)) is not None:
            form = None
            if not is_partial(request):
                messages.success(request, f"Saved the tag “{tag.name}”.")
                return redirect("applications:tags")
    status = REFUSED if form is not None else 200
    if is_partial(request):
        context = {"tag": tag, "edit": {"pk": pk, "form": form}, "colors": Tag.COLORS}
        return render(request, f"{TAGS}#tag-row", context, status=status)
    return _page(request, status=status, edit={"pk": pk, "form": form})


@require_http_methods(["GET", "POST"])
def tag_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    tag = get_object_or_404(_tags(request), pk=pk)
    if request.method == "GET":
        if is_partial(request):
            return render(request, f"{TAGS}#tag-confirm", {"tag": tag})
        return _page(request, confirm_pk=pk)
    name = tag.name
    tags.delete_tag(tag=tag)
    if not is_partial(request):
        messages.success(request, f"Deleted the tag “{name}”.")
        return redirect("applications:tags")
    # An empty body with outerHTML swap removes the row.
    return toast(HttpResponse(""), f"Deleted “{name}”.")
