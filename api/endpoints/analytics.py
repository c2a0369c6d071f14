"""/analytics/*: the dashboard's cards and insights (analytics.cards, .insights), as JSON."""

from dataclasses import replace
from datetime import date
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import AfterValidator, ConfigDict, WithJsonSchema

from analytics import cards, figures, insights
from analytics.filters import Filters
from api.responses import errors
from api.schemas import NO_NUL, PageMeta
from applications.models import Tag

router = Router(tags=["analytics"])


def week_window(weeks: int) -> int:
    if weeks not in figures.WEEK_WINDOWS:
        raise ValueError(f"Choose one of {', '.join(map(str, figures.WEEK_WINDOWS))}.")
    return weeks


# An int with an enum in the schema: query strings arrive as text, which Literal[4, ...] refuses.
WeekWindow = Annotated[
    int,
    AfterValidator(week_window),
    WithJsonSchema({"type": "integer", "enum": list(figures.WEEK_WINDOWS)}),
]


class AnalyticsFilters(Schema):
    date_from: date = Field(None, description="Applied on or after (YYYY-MM-DD)")
    date_to: date = Field(None, description="Applied on or before (YYYY-MM-DD)")
    tags: str = Field(
        None,
        max_length=2000,
        pattern=NO_NUL,
        description="Comma list of tag names (any of), as in /applications. Numeric tag ids "
        "still work but are deprecated.",
    )


class TrendsFilters(AnalyticsFilters):
    weeks: WeekWindow = Field(12, description="How many weeks back")


class SummaryOut(Schema):
    total: int
    active: int
    applied: int
    applied_this_week: int
    applied_last_week: int
    week_start: date
    responded: int
    response_rate: float | None
    interviewed: int
    interview_rate: float | None
    offers: int
    median_days_to_response: float | None
    responses_timed: int
    ghosted: int
    silent: int
    ghosted_after_days: int


class FunnelStage(Schema):
    stage: str
    label: str
    count: int
    conversion: float | None
    of_applied: float | None


class FunnelOut(Schema):
    stages: list[FunnelStage]
    applied: int


class TrendsOut(Schema):
    weeks: int
    week_starts: list[date]
    sent: list[int]
    responses: list[int]
    interviews: list[int]
    rejections: list[int]


class InsightOut(Schema):
    # Insights carry kind-specific extras (e.g. the applications to follow up); keep them.
    model_config = ConfigDict(extra="allow")

    id: str
    title: str
    text: str
    numbers: dict[str, Any]
    sample_size: int


class SummaryEnvelope(Schema):
    data: SummaryOut


class FunnelEnvelope(Schema):
    data: FunnelOut


class TrendsEnvelope(Schema):
    data: TrendsOut


class InsightList(Schema):
    data: list[InsightOut]
    meta: PageMeta


def to_filters(request: HttpRequest, params: AnalyticsFilters) -> Filters:
    """analytics' own parser, after the typed parameters above have been validated."""
    if params.date_from and params.date_to and params.date_from > params.date_to:
        raise ValidationError({"date_to": "The end date is before the start date."})
    filters = Filters.from_querydict(request.GET)
    values = [item.strip() for item in (params.tags or "").split(",") if item.strip()]
    if not values:
        return replace(filters, tag_ids=())
    tag_ids = list(Tag.objects.for_user(request.auth).matching(values).values_list("pk", flat=True))
    # Like /applications, tags that match nothing select nothing; no tag has the id 0.
    return replace(filters, tag_ids=tuple(tag_ids) or (0,))


@router.get("/analytics/summary", response={200: SummaryEnvelope, **errors()})
def analytics_summary(request: HttpRequest, filters: Query[AnalyticsFilters]):
    """Headline numbers: counts, response and interview rates, median days to a response."""
    return {"data": cards.summary(request.auth, to_filters(request, filters))}


@router.get("/analytics/funnel", response={200: FunnelEnvelope, **errors()})
def analytics_funnel(request: HttpRequest, filters: Query[AnalyticsFilters]):
    """How many applications reached each stage, with step conversions."""
    return {"data": cards.funnel(request.auth, to_filters(request, filters))}


@router.get("/analytics/trends", response={200: TrendsEnvelope, **errors()})
def analytics_trends(request: HttpRequest, filters: Query[TrendsFilters]):
    """Weekly series, Monday-start weeks in the user's time zone, oldest first."""
    data = cards.trends(request.auth, to_filters(request, filters), weeks=filters.weeks)
    return {"data": data}


@router.get("/analytics/insights", response={200: InsightList, **errors()})
def analytics_insights(request: HttpRequest, filters: Query[AnalyticsFilters]):
    """Plain-language findings with their numbers, only where the sample is large enough."""
    found = insights.insights(request.auth, to_filters(request, filters))
    return {"data": found, "meta": {"page": 1, "limit": len(found), "total": len(found)}}
