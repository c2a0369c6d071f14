"""The dashboard's cards as plain data (dicts and lists of primitives), for pages and the API.

Each card reads the user's cached figures (``analytics.figures``); a caller that shows several
reads the data version once and passes it as ``version``.
"""

from __future__ import annotations

from django.conf import settings

from analytics import figures
from analytics.figures import FUNNEL_STAGES, WEEK_WINDOWS
from analytics.filters import Filters
from applications.status import Status

OUTCOME_LABELS: dict[str, str] = {
    "rejected": "Rejected",
    "withdrawn": "Withdrawn",
    "ghosted": "Ghosted",
    "offer": "Offer open",
    "accepted": "Accepted",
    "active": "Still active",
    "archived": "Archived",
}


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def summary(user, filters: Filters, *, version: int | None = None) -> dict:
    """Headline numbers: counts, rates, median days to a first response, ghosted, silent."""
    data = figures.for_user(user, filters, version)
    totals = data["totals"]
    quartiles = data["response_days"]["quartiles"] or [None, None, None]
    return {
        "total": totals["total"],
        "active": totals["active"],
        "applied": totals["applied"],
        "applied_this_week": totals["applied_this_week"],
        "applied_last_week": totals["applied_last_week"],
        "week_start": data["this_week"],
        "responded": totals["responded"],
        "response_rate": _rate(totals["responded"], totals["applied"]),
        "interviewed": totals["interviewing"],
        "interview_rate": _rate(totals["interviewing"], totals["applied"]),
        "offers": totals["offer"],
        "median_days_to_response": quartiles[1],
        "responses_timed": data["response_days"]["count"],
        "ghosted": totals["ghosted"],
        "silent": totals["silent"],
        "ghosted_after_days": settings.GHOSTED_AFTER_DAYS,
    }


def funnel(user, filters: Filters, *, version: int | None = None) -> dict:
    """How many applications reached each stage (or beyond), and the step conversions."""
    totals = figures.for_user(user, filters, version)["totals"]
    stages = []
    previous: int | None = None
    for stage in FUNNEL_STAGES:
        count = totals[stage.value]
        stages.append(
            {
                "stage": stage.value,
                "label": stage.label,
                "count": count,
                # Share of the previous stage that made it here; None for the first stage.
                "conversion": None if previous is None else _rate(count, previous),
                "of_applied": _rate(count, totals["applied"]),
            }
        )
        previous = count
    return {"stages": stages, "applied": totals["applied"]}


def flow(user, filters: Filters, *, version: int | None = None) -> dict:
    """Sankey data: stage-to-stage moves, then each application's outcome at its last stage."""
    data = figures.for_user(user, filters, version)
    totals = data["totals"]
    node_ids: dict[str, int] = {}
    nodes: list[dict] = []

    def node(key: str, label: str) -> int:
        if key not in node_ids:
            node_ids[key] = len(nodes)
            nodes.append({"id": key, "label": label})
        return node_ids[key]

    links: list[dict] = []
    for index, stage in enumerate(FUNNEL_STAGES[:-1]):
        following = FUNNEL_STAGES[index + 1]
        count = totals[following.value]
        if count:
            links.append(
                {
                    "source": node(stage.value, stage.label),
                    "target": node(following.value, following.label),
                    "value": count,
                }
            )
    for row in data["flow"]:
        stage = FUNNEL_STAGES[row["stage"] - 1]
        outcome = row["outcome"]
        # Accepted and open offers end where they are: the stage node is their outcome.
        if outcome == "accepted" or (outcome == "offer" and stage == Status.OFFER):
            continue
        links.append(
            {
                "source": node(stage.value, stage.label),
                "target": node(f"outcome-{outcome}", OUTCOME_LABELS[outcome]),
                "value": row["count"],
            }
        )
    if totals["applied"] and not links:
        node(Status.APPLIED.value, Status.APPLIED.label)
    for link in links:
        link["source_label"] = nodes[link["source"]]["label"]
        link["target_label"] = nodes[link["target"]]["label"]
    return {"nodes": nodes, "links": links, "applied": totals["applied"]}


def trends(user, filters: Filters, weeks: int = 12, *, version: int | None = None) -> dict:
    """Weekly series (Monday-start weeks, user's time zone), zero-filled, newest last."""
    if weeks not in WEEK_WINDOWS:
        raise ValueError(f"weeks must be one of {WEEK_WINDOWS}")
    data = figures.for_user(user, filters, version)
    rows = data["weeks"][-weeks:]
    return {
        "weeks": weeks,
        "week_starts": [row["week"] for row in rows],
        "sent": [row["sent"] for row in rows],
        "responses": [row["responses"] for row in rows],
        "interviews": [row["interviews"] for row in rows],
        "rejections": [row["rejections"] for row in rows],
        "rows": rows,
        "has_data": any(
            row["sent"] or row["responses"] or row["interviews"] or row["rejections"]
            for row in rows
        ),
    }
