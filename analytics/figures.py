"""Every figure of the dashboard, from one SQL statement (``figures.sql``), cached per user.

The cards (``analytics.cards``) and the insights (``analytics.insights``) read what they show
from ``for_user()``: the statement's per-application CTE is computed once and reused by every
card, so the whole dashboard costs one query however many applications and events the user
has, and the result is cached per user under ``orbit.cache.user_data_version`` (bumped by
``applications.services`` on every change), so a warm dashboard does no database work for its
figures. The HTML views and the JSON API both use the cards and insights.

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
- Ghosted: marked ghosted and not archived, which is what the board counts. Silent: still
  waiting (applied to offer, not archived) with no activity for
  ``settings.GHOSTED_AFTER_DAYS`` days; such an application may still be in play, so it
  stays active in the flow.
- Days to a first answer: from the sent date to the first response; an answer dated before
  the sent date is left out of the timing (it still counts as a response).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from string import Template
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from analytics.filters import Filters
from applications.status import ACTIVE_STATUSES, Status
from orbit.cache import user_data_version

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
# The follow-up insight lists this many of the applications waiting longest.
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


# Read and completed once, at import: the constants are ours, so the text never changes.
FIGURES_SQL: str = Template(
    Path(__file__).with_name("figures.sql").read_text(encoding="utf-8")
).substitute(
    to_rank=_stage_rank("e.to_status"),
    from_rank=_stage_rank("e.from_status"),
    status_rank=_stage_rank("apps.status"),
    response_statuses=_sql_list(RESPONSE_STATUSES),
    active_statuses=_sql_list(ACTIVE_STATUSES),
    waiting_statuses=_sql_list(WAITING_STATUSES),
    follow_up_list=FOLLOW_UP_LIST,
)


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


def for_user(user, filters: Filters, version: int | None = None) -> dict[str, Any]:
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
