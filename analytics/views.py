"""The analytics dashboard: one page, and each card as an HTMX partial of it."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from analytics import queries
from analytics.filters import FilterForm
from analytics.staticfiles import injected_style_ids
from applications.models import Tag
from orbit.types import HtmxHttpRequest

TEMPLATE = "analytics/dashboard.html"
CARDS = ("summary", "funnel", "flow", "trends", "insights")
DEFAULT_WEEKS = 12


def _partial(request: HtmxHttpRequest) -> bool:
    """Swap a fragment, except when htmx restores history: that needs the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def _weeks(request: HtmxHttpRequest) -> int:
    value = request.GET.get("weeks", "")
    return int(value) if value.isdigit() and int(value) in queries.WEEK_WINDOWS else DEFAULT_WEEKS


def _first_steps() -> list[dict[str, str]]:
    """Where a new user starts; only pages that exist in this deployment are offered."""
    steps = []
    for name, label in [
        ("applications:create", "Add your first application"),
        ("applications:import", "Import a CSV of applications"),
        ("applications:list", "Go to your applications"),
    ]:
        try:
            steps.append({"url": reverse(name), "label": label})
        except NoReverseMatch:
            continue
    return steps


def _inputs(request: HtmxHttpRequest) -> tuple[FilterForm, queries.Filters, int, list[Tag]]:
    """The filter form (bound to the query string), the valid filters and the trend window."""
    tags = list(Tag.objects.for_user(request.user))
    form = FilterForm(request.GET or None, tags=tags)
    filters = queries.Filters()
    if form.is_bound:
        form.is_valid()  # invalid fields are shown as errors and left out of the filters
        filters = form.filters()
    return form, filters, _weeks(request), tags


def _context(
    request: HtmxHttpRequest,
    cards: tuple[str, ...],
    inputs: tuple[FilterForm, queries.Filters, int, list[Tag]] | None = None,
) -> dict[str, Any]:
    form, filters, weeks, _ = inputs or _inputs(request)
    context: dict[str, Any] = {"form": form, "weeks": weeks, "windows": queries.WEEK_WINDOWS}
    context["filtered"] = not filters.is_empty
    context["first_steps"] = _first_steps()
    compute = {
        "summary": lambda: queries.summary(request.user, filters),
        "funnel": lambda: queries.funnel(request.user, filters),
        "flow": lambda: queries.flow(request.user, filters),
        "trends": lambda: queries.trends(request.user, filters, weeks=weeks),
        "insights": lambda: queries.insights(request.user, filters),
    }
    # The summary decides between a card and the empty state, so every card gets it (cached).
    for card in dict.fromkeys(("summary", *cards)):
        context[card] = compute[card]()
    return context


def _cards_html(request: HtmxHttpRequest) -> str:
    """The rendered cards, cached like the figures they show (same data version in the key).

    Rendering five cards, their tables and the filter form costs more than reading the figures
    from the cache, so a warm dashboard reuses the HTML too. The fragment holds nothing tied to
    the request beyond its query string (no CSRF token, no nonce), which is part of the key,
    and the tag list the form offers, whose names are part of it too.
    """
    inputs = _inputs(request)
    _, filters, weeks, tags = inputs
    tag_names = hashlib.sha256(
        "\x1f".join(f"{tag.pk}={tag.name}" for tag in tags).encode()
    ).hexdigest()[:16]
    query = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:16]
    key = f"{queries.figures_key(request.user, filters)}:cards:{weeks}:{query}:{tag_names}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            f"{TEMPLATE}#cards", _context(request, CARDS, inputs), request=request
        )
        cache.set(key, html, timeout=settings.ANALYTICS_CACHE_SECONDS)
    return html


@login_required
@require_http_methods(["GET"])
@vary_on_headers("HX-Request")
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    """The whole dashboard; an HTMX request (the filter form) gets just the cards."""
    cards_html = mark_safe(_cards_html(request))  # our own template's output
    if _partial(request):
        return HttpResponse(cards_html)
    context = {"cards_html": cards_html, "plotly_style_ids": injected_style_ids()}
    return render(request, TEMPLATE, context)


@login_required
@require_http_methods(["GET"])
@vary_on_headers("HX-Request")
def card(request: HtmxHttpRequest, card: str) -> HttpResponse:
    """One card as a fragment for HTMX; without JavaScript the link opens the whole page."""
    if card not in CARDS:
        raise Http404("No such card.")
    if _partial(request):
        return render(request, f"{TEMPLATE}#card-{card}", _context(request, (card,)))
    return dashboard(request)
