"""Plain-language findings about a job search, each with its numbers and sample size.

A finding is offered only when its sample is large enough that it says more about the search
than about chance (the thresholds below).
"""

from __future__ import annotations

from django.urls import reverse

from analytics import figures
from analytics.figures import FOLLOW_UP_AFTER_DAYS, FUNNEL_STAGES
from analytics.filters import Filters
from applications.models import Source

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Insight thresholds: below these a percentage says more about chance than about the search.
MIN_GROUP_SIZE = 5  # applications per source / tag / weekday before its rate is compared
MIN_GROUPS = 2  # a best and a worst need at least two groups that qualify
MIN_RESPONSES_FOR_TIMING = 5  # responses before "companies answer within N days" is said
MIN_STAGE_SIZE = 5  # applications at a stage before its drop-off is called the biggest


def _group_label(row: dict) -> str:
    if row["dimension"] == "source":
        return dict(Source.choices).get(row["key"], row["key"])
    if row["dimension"] == "weekday":
        return WEEKDAYS[int(row["key"]) - 1]
    return row["label"]


def _best_and_worst(groups: list[dict], dimension: str) -> tuple[dict, dict] | None:
    qualified = [
        {**row, "name": _group_label(row), "rate": row["responded"] / row["applied"]}
        for row in groups
        if row["dimension"] == dimension and row["applied"] >= MIN_GROUP_SIZE
    ]
    if len(qualified) < MIN_GROUPS:
        return None
    qualified.sort(key=lambda row: (-row["rate"], -row["applied"], row["name"]))
    return qualified[0], qualified[-1]


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


def _comparison_insight(groups: list[dict], dimension: str, noun: str) -> dict | None:
    pair = _best_and_worst(groups, dimension)
    if pair is None:
        return None
    best, worst = pair
    if best["rate"] == worst["rate"]:
        text = (
            f"Every {noun} with at least {MIN_GROUP_SIZE} applications gets answers at the same "
            f"rate ({_percent(best['rate'])})."
        )
    else:
        text = (
            f"Applications with {noun} “{best['name']}” get answers most often: "
            f"{best['responded']} of {best['applied']} ({_percent(best['rate'])}), against "
            f"{worst['responded']} of {worst['applied']} ({_percent(worst['rate'])}) "
            f"for “{worst['name']}”."
        )
    return {
        "id": f"response-by-{dimension}",
        "title": f"Response rate by {noun}",
        "text": text,
        "numbers": {
            "best": best["name"],
            "best_applied": best["applied"],
            "best_responded": best["responded"],
            "best_rate": round(best["rate"], 4),
            "worst": worst["name"],
            "worst_applied": worst["applied"],
            "worst_responded": worst["responded"],
            "worst_rate": round(worst["rate"], 4),
        },
        "sample_size": best["applied"] + worst["applied"],
    }


def _weekday_insight(groups: list[dict]) -> dict | None:
    pair = _best_and_worst(groups, "weekday")
    if pair is None:
        return None
    best, worst = pair
    return {
        "id": "response-by-weekday",
        "title": "Best day to apply",
        "text": (
            f"Applications sent on a {best['name']} got answers most often "
            f"({best['responded']} of {best['applied']}, {_percent(best['rate'])}); "
            f"{worst['name']} least ({worst['responded']} of {worst['applied']}, "
            f"{_percent(worst['rate'])})."
        ),
        "numbers": {
            "best_day": best["name"],
            "best_rate": round(best["rate"], 4),
            "best_applied": best["applied"],
            "worst_day": worst["name"],
            "worst_rate": round(worst["rate"], 4),
            "worst_applied": worst["applied"],
        },
        "sample_size": sum(row["applied"] for row in groups if row["dimension"] == "weekday"),
    }


def _timing_insight(response_days: dict) -> dict | None:
    count = response_days["count"]
    if count < MIN_RESPONSES_FOR_TIMING:
        return None
    lower, median, upper = response_days["quartiles"]
    return {
        "id": "time-to-first-response",
        "title": "Time to a first answer",
        "text": (
            f"Companies that answered did so after {median:g} days (median); half of the "
            f"answers came between {lower:g} and {upper:g} days. Still waiting beyond "
            f"{upper:g} days? A short follow-up is fair."
        ),
        "numbers": {"median_days": median, "p25_days": lower, "p75_days": upper},
        "sample_size": count,
    }


def _follow_up_insight(waiting: list[dict], total: int) -> dict | None:
    if not total:
        return None
    return {
        "id": "follow-up-now",
        "title": "Follow up now",
        "text": (
            f"{total} application{'s' if total != 1 else ''} sent {FOLLOW_UP_AFTER_DAYS}+ days "
            f"ago {'have' if total != 1 else 'has'} no answer yet. A short, friendly note to the "
            f"recruiter often gets one."
        ),
        "numbers": {"waiting": total, "after_days": FOLLOW_UP_AFTER_DAYS},
        "sample_size": total,
        "applications": [
            {
                "id": row["id"],
                "company": row["company"],
                "role": row["role"],
                "sent_on": row["sent_on"],
                "days": row["days"],
                "url": reverse("applications:detail", args=[row["id"]]),
            }
            for row in waiting
        ],
    }


def _drop_off_insight(totals: dict) -> dict | None:
    steps = []
    for index, stage in enumerate(FUNNEL_STAGES[:-1]):
        following = FUNNEL_STAGES[index + 1]
        reached = totals[stage.value]
        if reached < MIN_STAGE_SIZE:
            continue
        moved_on = totals[following.value]
        steps.append(
            {
                "from": stage,
                "to": following,
                "reached": reached,
                "moved_on": moved_on,
                "lost": reached - moved_on,
                "rate": moved_on / reached,
            }
        )
    if not steps:
        return None
    worst = min(steps, key=lambda step: (step["rate"], -step["reached"]))
    return {
        "id": "biggest-drop-off",
        "title": "Where applications stop",
        "text": (
            f"The biggest drop is from {worst['from'].label.lower()} to "
            f"{worst['to'].label.lower()}: {worst['moved_on']} of {worst['reached']} moved on "
            f"({_percent(worst['rate'])}), {worst['lost']} stopped there."
        ),
        "numbers": {
            "from_stage": worst["from"].value,
            "to_stage": worst["to"].value,
            "reached": worst["reached"],
            "moved_on": worst["moved_on"],
            "lost": worst["lost"],
            "conversion": round(worst["rate"], 4),
        },
        "sample_size": worst["reached"],
    }


def insights(user, filters: Filters, *, version: int | None = None) -> list[dict]:
    """Plain-language findings, each with its numbers; only those with a large enough sample."""
    data = figures.for_user(user, filters, version)
    groups = data["groups"]
    candidates = [
        _follow_up_insight(data["waiting"], data["waiting_total"]),
        _drop_off_insight(data["totals"]),
        _comparison_insight(groups, "source", "source"),
        _comparison_insight(groups, "tag", "tag"),
        _timing_insight(data["response_days"]),
        _weekday_insight(groups),
    ]
    return [insight for insight in candidates if insight is not None]
