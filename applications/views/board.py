"""The Kanban board: one column per active status, cards moved through the state machine."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from applications.models import Application
from applications.services import moves
from applications.status import OUTCOMES, PIPELINE, Status, allowed_targets
from orbit.htmx import REFUSED, is_partial, render_page, toast
from orbit.types import HtmxHttpRequest

BOARD = "applications/board.html"


def _board_context(user) -> dict[str, Any]:
    """Cards grouped by status in two queries (cards, tags), whatever the number of cards."""
    cards = (
        Application.objects.for_user(user).active().with_tags().order_by("-last_activity_at", "-id")
    )
    columns: dict[str, list[Application]] = {status: [] for status in PIPELINE}
    for card in cards:
        card.targets = allowed_targets(card.status)
        columns[card.status].append(card)
    outcome_counts = dict(
        Application.objects.for_user(user)
        .unarchived()
        .filter(status__in=OUTCOMES)
        .values_list("status")
        .annotate(count=Count("id"))
        .order_by()
    )
    return {
        "columns": [(status, columns[status]) for status in PIPELINE],
        "outcomes": [(status, outcome_counts.get(status, 0)) for status in OUTCOMES],
    }


@require_http_methods(["GET"])
def board(request: HtmxHttpRequest) -> HttpResponse:
    return render_page(request, BOARD, "board", _board_context(request.user))


@require_http_methods(["POST"])
def board_move(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.for_user(request.user), pk=pk)
    target = request.POST.get("status", "")
    try:
        moves.change_status(application=application, to=target)
    except ValidationError as refusal:
        message, level = " ".join(refusal.messages), "error"
    else:
        message, level = f"{application} moved to {Status(target).label.lower()}.", "success"
    if not is_partial(request):
        messages.add_message(
            request, messages.ERROR if level == "error" else messages.SUCCESS, message
        )
        return redirect("applications:board")
    # The whole board comes back either way: a refused drop snaps back to where it was.
    status = REFUSED if level == "error" else 200
    response = render(request, f"{BOARD}#board", _board_context(request.user), status=status)
    return toast(response, message, level=level)
