"""The dashboard's figures as plain data (dicts and lists of primitives).

The HTML views and the JSON API both call the public functions here: ``summary``, ``funnel``,
``flow``, ``trends`` and ``insights``. They share one aggregate SQL statement (``_figures``)
whose per-application CTE is computed once and reused by every card, so the whole dashboard
costs one query however many applications and events the user has, and the result is cached
per user under ``orbit.cache.user_data_version`` (bumped by ``applications.services`` on
every change), so a warm dashboard does no database work for its figures.

Definitions (the README repeats them for users):

- The figures cover the user's applications that are not in the trash; archived ones count.
  The date range filters on the date an application was sent, tags on "has any of the tags".
- Stage reached: the furthest of applied < screening < interviewing < offer < accepted that
  the application's history shows: any event's from/to status, an interview round (counts as
  interviewing), its current status, or an applied date. Rejected and ghosted imply applied.
  So an application that jumped from applied straight to interviewing *has reached
  screening*: every funnel stage counts "reached this stage or beyond", which keeps the funnel
  monotonic and the conversions ≤ 100 %. Applications without events still count from their
  current status and applied date.
- Response: any reply beyond the automatic confirmation, i.e. an event moving the application
  to screening, interviewing, offer, accepted or rejected, or an interview round. A
  confirmation email (a "created" event or a note from mail) is not a response; neither are
  ghosted and withdrawn, which the user records, not the company.
- Sent on: the local date (in ``user.timezone``) of the event that moved the application to
  applied, when that agrees with the stored applied date within a day (the stored date may
  have been taken in UTC); otherwise the stored applied date (imports, back-dated entries).
  Weeks start on Monday in the user's time zone.
- Ghosted: status ghosted, or still waiting (applied to offer, not archived) with no activity
  for ``settings.GHOSTED_AFTER_DAYS`` days.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from analytics.filters import Filters
from applications.models import Source
from applications.status import ACTIVE_STATUSES, Status
from orbit.cache import user_data_version

__all__ = ["WEEK_WINDOWS", "Filters", "flow", "funnel", "insights", "summary", "trends"]

WEEK_WINDOWS: tuple[int, ...] = (4, 12, 26, 52)
MAX_WEEKS = max(WEEK_WINDOWS)

FUNNEL_STAGES: tuple[Status, ...] = (
    Status.APPLIED,
    Status.SCREENING,
    Status.INTERVIEWING,
    Status.OFFER,
    Status.ACCEPTED,
)
RESPONSE_STATUSES: tuple[str, ...] = (
    Status.SCREENING,
    Status.INTERVIEWING,
    Status.OFFER,
    Status.ACCEPTED,
    Status.REJECTED,
)
# Statuses that still wait on the company (wishlist waits on the user, so it never ghosts).
WAITING_STATUSES: tuple[str, ...] = (
    Status.APPLIED,
    Status.SCREENING,
    Status.INTERVIEWING,
    Status.OFFER,
)
OUTCOME_LABELS: dict[str, str] = {
    "rejected": "Rejected",
    "withdrawn": "Withdrawn",
    "ghosted": "Ghosted",
    "offer": "Offer open",
    "accepted": "Accepted",
    "active": "Still active",
    "archived": "Archived",
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Insight thresholds: below these a percentage says more about chance than about the search.
MIN_GROUP_SIZE = 5  # applications per source / tag / weekday before its rate is compared
MIN_GROUPS = 2  # a best and a worst need at least two groups that qualify
MIN_RESPONSES_FOR_TIMING = 5  # responses before "companies answer within N days" is said
MIN_STAGE_SIZE = 5  # applications at a stage before its drop-off is called the biggest
FOLLOW_UP_AFTER_DAYS = 7
FOLLOW_UP_LIST = 5


def _stage_rank(column: str) -> str:
    """SQL rank of a status along the funnel; outcomes that imply applying rank as applied."""
    return (
        f"CASE {column} WHEN 'applied' THEN 1 WHEN 'rejected' THEN 1 WHEN 'ghosted' THEN 1 "
        f"WHEN 'screening' THEN 2 WHEN 'interviewing' THEN 3 WHEN 'offer' THEN 4 "
        f"WHEN 'accepted' THEN 5 ELSE 0 END"
    )


def _sql_list(values: tuple[str, ...] | frozenset[str]) -> str:
    # Our own enum constants, never user input, so inlining them is safe and keeps plans simple.
    return ", ".join(f"'{value}'" for value in sorted(values))


FIGURES_SQL = f"""
WITH apps AS (
    SELECT a.id, a.status, a.source, a.applied_date, a.last_activity_at, a.archived_at
    FROM applications_application a
    WHERE a.user_id = %(user_id)s AND a.deleted_at IS NULL
      AND (%(date_from)s::date IS NULL
           OR COALESCE(a.applied_date, (a.created_at AT TIME ZONE %(tz)s)::date)
              >= %(date_from)s::date)
      AND (%(date_to)s::date IS NULL
           OR COALESCE(a.applied_date, (a.created_at AT TIME ZONE %(tz)s)::date)
              <= %(date_to)s::date)
      AND (cardinality(%(tag_ids)s::bigint[]) = 0 OR EXISTS (
           SELECT 1 FROM applications_application_tags at
           WHERE at.application_id = a.id AND at.tag_id = ANY(%(tag_ids)s::bigint[])))
),
ev AS (
    -- All of the user's non-note events, one row per application; applications outside the
    -- filters or in the trash drop out at the join below. Streams from the partial covering
    -- index analytics_event_user_app_stage, already ordered by application.
    SELECT e.application_id,
           MAX(GREATEST({_stage_rank("e.to_status")}, {_stage_rank("e.from_status")},
                        CASE WHEN e.kind = 'interview' THEN 3 ELSE 0 END)) AS stage,
           MIN(e.occurred_at) FILTER (
               WHERE e.kind = 'interview'
                  OR e.to_status IN ({_sql_list(RESPONSE_STATUSES)})) AS first_response_at,
           MIN(e.occurred_at) FILTER (WHERE e.to_status = 'applied') AS applied_event_at,
           array_agg((e.occurred_at AT TIME ZONE %(tz)s)::date) FILTER (
               WHERE e.kind = 'interview' AND e.occurred_at >= %(first_week_at)s
           ) AS interview_days,
           array_agg((e.occurred_at AT TIME ZONE %(tz)s)::date) FILTER (
               WHERE e.to_status = 'rejected' AND e.occurred_at >= %(first_week_at)s
           ) AS rejection_days
    FROM applications_event e
    WHERE e.user_id = %(user_id)s AND e.kind <> 'note'  -- notes never move a stage
    GROUP BY e.application_id
),
per_app AS MATERIALIZED (
    SELECT x.id, x.status, x.source, x.stage, x.responded, x.responded_on, x.is_active,
           x.is_ghosted, x.interview_days, x.rejection_days,
           CASE WHEN x.stage >= 1 THEN x.applied_on END AS sent_on,
           CASE
               WHEN x.status IN ('accepted', 'rejected', 'withdrawn') THEN x.status
               WHEN x.is_ghosted THEN 'ghosted'
               WHEN x.archived_at IS NOT NULL THEN 'archived'
               WHEN x.status = 'offer' THEN 'offer'
               ELSE 'active'
           END AS outcome
    FROM (
        SELECT apps.id, apps.status, apps.source, apps.archived_at,
               ev.interview_days, ev.rejection_days,
               GREATEST(COALESCE(ev.stage, 0), {_stage_rank("apps.status")},
                        CASE WHEN apps.applied_date IS NOT NULL AND apps.status <> 'wishlist'
                             THEN 1 ELSE 0 END) AS stage,
               (ev.first_response_at IS NOT NULL
                OR apps.status IN ({_sql_list(RESPONSE_STATUSES)})) AS responded,
               (ev.first_response_at AT TIME ZONE %(tz)s)::date AS responded_on,
               CASE WHEN ev.applied_event_at IS NOT NULL AND (
                        apps.applied_date IS NULL
                        OR abs((ev.applied_event_at AT TIME ZONE %(tz)s)::date
                               - apps.applied_date) <= 1)
                    THEN (ev.applied_event_at AT TIME ZONE %(tz)s)::date
                    ELSE apps.applied_date END AS applied_on,
               (apps.archived_at IS NULL
                AND apps.status IN ({_sql_list(ACTIVE_STATUSES)})) AS is_active,
               (apps.status = 'ghosted' OR (
                    apps.archived_at IS NULL
                    AND apps.status IN ({_sql_list(WAITING_STATUSES)})
                    AND apps.last_activity_at < %(ghost_cutoff)s)) AS is_ghosted
        FROM apps LEFT JOIN ev ON ev.application_id = apps.id
    ) x
),
-- Every per-group count in one hashed pass over per_app (one hash table per grouping set)
-- instead of a scan and a sort per card. GROUPING() tells the sets apart:
-- 7 = (stage, outcome), 27 = (source), 29 = (weekday), 30 = (week sent).
grouped AS (
    SELECT GROUPING(stage, outcome, source, weekday, sent_week) AS grouping_set,
           stage, outcome, source, weekday, sent_week,
           COUNT(*) AS n,
           COUNT(*) FILTER (WHERE stage >= 1) AS applied,
           COUNT(*) FILTER (WHERE stage >= 1 AND responded) AS responded
    FROM (SELECT stage, outcome, source, responded,
                 (sent_on - DATE '1900-01-01') %% 7 + 1 AS weekday,
                 sent_on - (sent_on - DATE '1900-01-01') %% 7 AS sent_week
          FROM per_app) p
    GROUP BY GROUPING SETS ((stage, outcome), (source), (weekday), (sent_week))
),
-- Weeks and weekdays by date arithmetic from a known Monday (1900-01-01): date_trunc
-- would round-trip every date through a timestamptz in the session's time zone, which costs
-- more than the rest of the pass. Dates before 1900 do not occur in a job search.
-- Week-bucketed dates (responses per application, interviews and rejections per event) in
-- one pass; weeks without any are filled with zeros in Python.
dated AS (
    SELECT responded_on - (responded_on - DATE '1900-01-01') %% 7 AS week, 'responses' AS series
    FROM per_app WHERE responded_on >= %(first_week)s::date
    UNION ALL
    SELECT day - (day - DATE '1900-01-01') %% 7, 'interviews'
    FROM per_app, unnest(interview_days) AS day WHERE interview_days IS NOT NULL
    UNION ALL
    SELECT day - (day - DATE '1900-01-01') %% 7, 'rejections'
    FROM per_app, unnest(rejection_days) AS day WHERE rejection_days IS NOT NULL
),
waiting AS (
    SELECT id, sent_on, %(today)s::date - sent_on AS days
    FROM per_app
    WHERE is_active AND status = 'applied' AND NOT responded
      AND sent_on <= %(follow_up_before)s::date
)
SELECT json_build_object(
    'totals', (SELECT json_build_object(
        'total', COUNT(*),
        'active', COUNT(*) FILTER (WHERE is_active),
        'applied', COUNT(*) FILTER (WHERE stage >= 1),
        'screening', COUNT(*) FILTER (WHERE stage >= 2),
        'interviewing', COUNT(*) FILTER (WHERE stage >= 3),
        'offer', COUNT(*) FILTER (WHERE stage >= 4),
        'accepted', COUNT(*) FILTER (WHERE stage >= 5),
        'responded', COUNT(*) FILTER (WHERE stage >= 1 AND responded),
        'applied_this_week', COUNT(*) FILTER (
            WHERE sent_on >= %(this_week)s::date AND sent_on < %(next_week)s::date),
        'applied_last_week', COUNT(*) FILTER (
            WHERE sent_on >= %(last_week)s::date AND sent_on < %(this_week)s::date),
        'ghosted', COUNT(*) FILTER (WHERE is_ghosted)
    ) FROM per_app),
    'response_days', (SELECT json_build_object(
        'count', COUNT(*),
        'quartiles', percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY days)
    ) FROM (
        SELECT GREATEST(responded_on - sent_on, 0) AS days
        FROM per_app WHERE responded_on IS NOT NULL AND sent_on IS NOT NULL
    ) response_days),
    'flow', (SELECT COALESCE(json_agg(json_build_object(
            'stage', stage, 'outcome', outcome, 'count', n) ORDER BY stage, outcome), '[]'::json)
        FROM grouped WHERE grouping_set = 7 AND stage >= 1),
    'sent_weeks', (SELECT COALESCE(json_object_agg(sent_week, n), '{{}}'::json)
        FROM grouped WHERE grouping_set = 30 AND sent_week >= %(first_week)s::date),
    'dated_weeks', (SELECT COALESCE(json_agg(json_build_array(series, week, n)), '[]'::json)
        FROM (SELECT series, week, COUNT(*) AS n FROM dated GROUP BY 1, 2) d),
    'groups', (SELECT COALESCE(json_agg(g), '[]'::json) FROM (
        SELECT 'source' AS dimension, source AS key, NULL::text AS label, applied, responded
        FROM grouped WHERE grouping_set = 27 AND applied > 0
        UNION ALL
        SELECT 'tag', t.id::text, MAX(t.name), COUNT(*), COUNT(*) FILTER (WHERE p.responded)
        FROM per_app p
        JOIN applications_application_tags at ON at.application_id = p.id
        JOIN applications_tag t ON t.id = at.tag_id
        WHERE p.stage >= 1 GROUP BY t.id
        UNION ALL
        SELECT 'weekday', weekday::text, NULL, n, responded
        FROM grouped WHERE grouping_set = 29 AND weekday IS NOT NULL
    ) g),
    'waiting', (SELECT COALESCE(json_agg(w ORDER BY w.sent_on, w.id), '[]'::json) FROM (
        SELECT waiting.*, a.company, a.role
        FROM (SELECT * FROM waiting ORDER BY sent_on, id LIMIT {FOLLOW_UP_LIST}) waiting
        JOIN applications_application a ON a.id = waiting.id) w),
    'waiting_total', (SELECT COUNT(*) FROM waiting)
)
"""


def user_zone(user) -> ZoneInfo:
    """The user's time zone; an unknown name falls back to UTC rather than failing the page."""
    try:
        return ZoneInfo(getattr(user, "timezone", "") or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _compute_figures(user, filters: Filters, now: datetime) -> dict[str, Any]:
    zone = user_zone(user)
    today = now.astimezone(zone).date()
    this_week = _week_start(today)
    first_week = this_week - timedelta(weeks=MAX_WEEKS - 1)
    params = {
        "user_id": user.pk,
        "tz": str(zone),
        "date_from": filters.date_from,
        "date_to": filters.date_to,
        "tag_ids": list(filters.tag_ids),
        "ghost_cutoff": now - timedelta(days=settings.GHOSTED_AFTER_DAYS),
        "today": today,
        "this_week": this_week,
        "next_week": this_week + timedelta(weeks=1),
        "last_week": this_week - timedelta(weeks=1),
        "first_week": first_week,
        "first_week_at": datetime.combine(first_week, time.min, tzinfo=zone),
        "follow_up_before": today - timedelta(days=FOLLOW_UP_AFTER_DAYS),
    }
    with connection.cursor() as cursor:
        cursor.execute(FIGURES_SQL, params)
        (figures,) = cursor.fetchone()
    figures["weeks"] = _weekly_series(
        figures.pop("sent_weeks"), figures.pop("dated_weeks"), first_week
    )
    figures["today"] = today.isoformat()
    figures["this_week"] = this_week.isoformat()
    return figures


def _weekly_series(sent: dict[str, int], dated: list[list], first_week: date) -> list[dict]:
    """Every week of the longest window, oldest first, with zeros where nothing happened."""
    counts: dict[str, dict[str, int]] = {}
    for series, week, count in dated:
        counts.setdefault(week, {})[series] = count
    rows = []
    for offset in range(MAX_WEEKS):
        week = (first_week + timedelta(weeks=offset)).isoformat()
        row = counts.get(week, {})
        rows.append(
            {
                "week": week,
                "sent": sent.get(week, 0),
                "responses": row.get("responses", 0),
                "interviews": row.get("interviews", 0),
                "rejections": row.get("rejections", 0),
            }
        )
    return rows


def day_key(user, now: datetime | None = None) -> str:
    """The user's time zone and local date: "this week" and the ghosting cut-off move with it."""
    zone = user_zone(user)
    return f"{zone}:{(now or timezone.now()).astimezone(zone).date().isoformat()}"


def data_key(user, now: datetime | None = None, version: int | None = None) -> str:
    """Prefix of every cache key derived from the user's data: changes with it and the day."""
    if version is None:
        version = user_data_version(user.pk)
    return f"analytics:{user.pk}:v{version}:{day_key(user, now)}"


def figures_key(
    user, filters: Filters, now: datetime | None = None, version: int | None = None
) -> str:
    """The cache key of the user's figures for one filter set."""
    return f"{data_key(user, now, version)}:figures:{filters.cache_key()}"


def _figures(user, filters: Filters, version: int | None) -> dict[str, Any]:
    """All figures for one user and filter set, from the cache when the data has not changed.

    A caller that shows several cards reads the data version once and passes it, so each card
    does not read it again (one cache round trip per card otherwise).
    """
    now = timezone.now()
    key = figures_key(user, filters, now, version)
    # The dashboard asks for five cards in one request: remember the figures on the user object
    # (one per request), so only the version is read again. The version in the key keeps the
    # memo exactly as fresh as the shared cache.
    memo: dict[str, dict] = user.__dict__.setdefault("_analytics_figures", {})
    figures = memo.get(key)
    if figures is None:
        figures = cache.get(key)
    if figures is None:
        figures = _compute_figures(user, filters, now)
        cache.set(key, figures, timeout=settings.ANALYTICS_CACHE_SECONDS)
    if len(memo) >= 4:
        memo.clear()
    memo[key] = figures
    return figures


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def summary(user, filters: Filters, *, version: int | None = None) -> dict:
    """Headline numbers: counts, rates, median days to a first response, ghosted."""
    figures = _figures(user, filters, version)
    totals = figures["totals"]
    quartiles = figures["response_days"]["quartiles"] or [None, None, None]
    return {
        "total": totals["total"],
        "active": totals["active"],
        "applied": totals["applied"],
        "applied_this_week": totals["applied_this_week"],
        "applied_last_week": totals["applied_last_week"],
        "week_start": figures["this_week"],
        "responded": totals["responded"],
        "response_rate": _rate(totals["responded"], totals["applied"]),
        "interviewed": totals["interviewing"],
        "interview_rate": _rate(totals["interviewing"], totals["applied"]),
        "offers": totals["offer"],
        "median_days_to_response": quartiles[1],
        "responses_timed": figures["response_days"]["count"],
        "ghosted": totals["ghosted"],
        "ghosted_after_days": settings.GHOSTED_AFTER_DAYS,
    }


def funnel(user, filters: Filters, *, version: int | None = None) -> dict:
    """How many applications reached each stage (or beyond), and the step conversions."""
    totals = _figures(user, filters, version)["totals"]
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
    figures = _figures(user, filters, version)
    totals = figures["totals"]
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
    for row in figures["flow"]:
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
    figures = _figures(user, filters, version)
    rows = figures["weeks"][-weeks:]
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
    figures = _figures(user, filters, version)
    groups = figures["groups"]
    candidates = [
        _follow_up_insight(figures["waiting"], figures["waiting_total"]),
        _drop_off_insight(figures["totals"]),
        _comparison_insight(groups, "source", "source"),
        _comparison_insight(groups, "tag", "tag"),
        _timing_insight(figures["response_days"]),
        _weekday_insight(groups),
    ]
    return [insight for insight in candidates if insight is not None]
