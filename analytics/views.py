"""The analytics dashboard: one page, and each card as an HTMX partial of it."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from analytics import cards, figures, insights
from analytics.filters import FilterForm, Filters
from analytics.staticfiles import injected_style_ids
from applications.models import Tag
from mail_sync.context_processors import review_count as review_count_context
from orbit.cache import user_data_version
from orbit.cache import version_key as data_version_key
from orbit.htmx import is_partial
from orbit.types import HtmxHttpRequest

TEMPLATE = "analytics/dashboard.html"
CARDS = ("summary", "funnel", "flow", "trends", "insights")
DEFAULT_WEEKS = 12


def _weeks(request: HtmxHttpRequest) -> int:
    value = request.GET.get("weeks", "")
    return int(value) if value.isdigit() and int(value) in figures.WEEK_WINDOWS else DEFAULT_WEEKS


def _first_steps() -> list[dict[str, str]]:
    """Where a new user starts."""
    return [
        {"url": reverse(name), "label": label}
        for name, label in [
            ("applications:create", "Add your first application"),
            ("applications:import", "Import a CSV of applications"),
            ("applications:list", "Go to your applications"),
        ]
    ]


def _inputs(request: HtmxHttpRequest) -> tuple[FilterForm, Filters, int, list[Tag]]:
    """The filter form (bound to the query string), the valid filters and the trend window."""
    tags = list(Tag.objects.for_user(request.user))
    form = FilterForm(request.GET or None, tags=tags)
    filters = Filters()
    if form.is_bound:
        form.is_valid()  # invalid fields are shown as errors and left out of the filters
        filters = form.filters()
    return form, filters, _weeks(request), tags


def _context(
    request: HtmxHttpRequest,
    shown: tuple[str, ...],
    version: int | None = None,
) -> dict[str, Any]:
    form, filters, weeks, _ = _inputs(request)
    context: dict[str, Any] = {"form": form, "weeks": weeks, "windows": figures.WEEK_WINDOWS}
    context["filtered"] = not filters.is_empty
    context["first_steps"] = _first_steps()
    if version is None:
        version = user_data_version(request.user.pk)  # read once for every card
    compute = {
        "summary": lambda: cards.summary(request.user, filters, version=version),
        "funnel": lambda: cards.funnel(request.user, filters, version=version),
        "flow": lambda: cards.flow(request.user, filters, version=version),
        "trends": lambda: cards.trends(request.user, filters, weeks=weeks, version=version),
        "insights": lambda: insights.insights(request.user, filters, version=version),
    }
    # The summary decides between a card and the empty state, so every card gets it (cached).
    for card in dict.fromkeys(("summary", *shown)):
        context[card] = compute[card]()
    return context


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def _cards_html(request: HtmxHttpRequest, version: int) -> str:
    """The rendered cards, cached like the figures they show (same data version in the key).

    Rendering five cards, their tables and the filter form costs more than reading the figures
    from the cache, so a warm dashboard reuses the HTML. The fragment holds nothing tied to the
    request beyond its query string (no CSRF token, no nonce), which is part of the key. The
    filter form lists the user's tags, and creating, renaming or deleting a tag bumps the data
    version (applications.services), so the key needs no tag query of its own.
    """
    data_key = figures.data_key(request.user, version=version)
    key = f"{data_key}:cards:{_digest(request.GET.urlencode())}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            f"{TEMPLATE}#cards", _context(request, CARDS, version=version), request=request
        )
        cache.set(key, html, timeout=settings.ANALYTICS_CACHE_SECONDS)
    return html


def _pending_messages(request: HtmxHttpRequest) -> bool:
    # len() loads the stored messages without marking them as shown.
    storage = getattr(request, "_messages", None)
    return bool(storage is not None and len(storage))


def _page(request: HtmxHttpRequest) -> HttpResponse:
    """The whole page, cached with stand-ins for the per-request CSP nonce and CSRF token.

    Rendering base.html (navigation, static URLs, the account header) is most of a warm
    request, so the page is cached too and only the two per-request secrets are put back.
    The stand-ins are random per cached copy, so no data can forge one. The Review badge
    comes from a live count on every request (mail processing does not bump the data
    version), which is part of the key; so are the path (navigation) and the e-mail shown.
    The copy records the data version it was built from and is read in the same round trip
    as the current version: one cache call on a warm request instead of two in a row.
    """
    user = request.user
    nonce = get_nonce(request)
    # The navigation's own lazy count (SimpleLazyObject proxies str(), not int()); passing the
    # number on keeps the template from counting a second time.
    review_count = int(str(review_count_context(request)["review_count"]))
    if nonce is None or _pending_messages(request):  # nothing to reuse: render as usual
        context = {"cards_html": mark_safe(_cards_html(request, user_data_version(user.pk)))}
        context.update(review_count=review_count, plotly_style_ids=injected_style_ids())
        return render(request, TEMPLATE, context)
    key = ":".join(
        [
            "analytics",
            str(user.pk),
            figures.day_key(user),
            "page",
            _digest(request.path),
            _digest(request.GET.urlencode()),
            _digest(user.email),
            str(review_count),
        ]
    )
    found = cache.get_many([data_version_key(user.pk), key])
    cached = found.get(key)
    if cached is None or cached["version"] != found.get(data_version_key(user.pk)):
        version = user_data_version(user.pk)
        stand_ins = {"nonce": secrets.token_hex(16), "csrf": secrets.token_hex(16)}
        context = {
            # our own template's output
            "cards_html": mark_safe(_cards_html(request, version)),
            "plotly_style_ids": injected_style_ids(),
            "review_count": review_count,
            "csp_nonce": stand_ins["nonce"],
            "csrf_token": stand_ins["csrf"],
        }
        html = render_to_string(TEMPLATE, context, request=request)
        cached = {"html": html, "version": version, **stand_ins}
        cache.set(key, cached, timeout=settings.ANALYTICS_CACHE_SECONDS)
    # get_token() also marks the CSRF cookie for sending, as rendering {{ csrf_token }} would.
    html = (
        cached["html"]
        .replace(cached["nonce"], str(nonce))
        .replace(cached["csrf"], get_token(request))
    )
    return HttpResponse(html)


@require_http_methods(["GET"])
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    """The whole dashboard; an HTMX request (the filter form) gets just the cards."""
    if is_partial(request):
        return HttpResponse(_cards_html(request, user_data_version(request.user.pk)))
    return _page(request)


@require_http_methods(["GET"])
def card(request: HtmxHttpRequest, card: str) -> HttpResponse:
    """One card as a fragment for HTMX; without JavaScript the link opens the whole page."""
    if card not in CARDS:
        raise Http404("No such card.")
    if is_partial(request):
        return render(request, f"{TEMPLATE}#card-{card}", _context(request, (card,)))
    return dashboard(request)
