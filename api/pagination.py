"""Page-number pagination that fills the {"data", "meta"} envelope."""

from django.conf import settings
from django.db.models import QuerySet
from ninja import Field, Schema

MAX_PAGE = 1_000_000  # keeps OFFSET inside PostgreSQL's bigint whatever a client sends


class PageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE)
    limit: int = Field(None, ge=1, le=100, description="Rows per page, at most 100 (default 20).")


def paginate(queryset: QuerySet, params: PageParams) -> dict:
    """One COUNT and one page query (plus the queryset's own prefetches), whatever the size."""
    limit = min(params.limit or settings.API_PAGE_SIZE, settings.API_MAX_PAGE_SIZE)
    offset = (params.page - 1) * limit
    total = queryset.count()
    rows = list(queryset[offset : offset + limit]) if offset < total else []
    return {"data": rows, "meta": {"page": params.page, "limit": limit, "total": total}}
