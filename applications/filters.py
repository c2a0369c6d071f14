"""The applications list's state (filters, search, sort, page), parsed from and written to a URL.

The URL is the single source of truth for what the list shows, so a filtered view can be
bookmarked, shared and restored by the back button. Anything malformed in the query string
falls back to the default instead of failing: a stale bookmark should still open a list.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.db.models.functions import Lower
from django.http import QueryDict

from applications.models import Application, ApplicationQuerySet
from applications.status import RANK, Status

SORT_FIELDS: dict[str, str] = {
    "applied_date": "Applied date",
    "company": "Company",
    "status": "Status",
    "last_activity": "Last activity",
}
DEFAULT_SORT = "-applied_date"


class ArchivedFilter:
    HIDE = ""  # the default: archived applications are out of the way
    INCLUDE = "include"
    ONLY = "only"

    CHOICES = ((HIDE, "Not archived"), (INCLUDE, "All, with archived"), (ONLY, "Archived only"))


MAX_SEARCH_LENGTH = 200


def _status_rank() -> Case:
    """Status in pipeline order (wishlist first, outcomes last) rather than alphabetical."""
    return Case(
        *[When(status=status, then=Value(rank)) for status, rank in RANK.items()],
        default=Value(99),
        output_field=IntegerField(),
    )


@dataclass(frozen=True)
class ListState:
    statuses: tuple[str, ...] = ()
    tag_ids: tuple[int, ...] = ()
    q: str = ""
    sort: str = DEFAULT_SORT
    archived: str = ArchivedFilter.HIDE
    page: int = 1

    @classmethod
    def from_querydict(cls, data: QueryDict) -> ListState:
        statuses = tuple(dict.fromkeys(s for s in data.getlist("status") if s in Status.values))
        tag_ids = tuple(dict.fromkeys(int(t) for t in data.getlist("tag") if t.isdigit()))
        q = " ".join(data.get("q", "").split())[:MAX_SEARCH_LENGTH]
        sort = data.get("sort", DEFAULT_SORT)
        if sort.removeprefix("-") not in SORT_FIELDS:
            sort = DEFAULT_SORT
        archived = data.get("archived", ArchivedFilter.HIDE)
        if archived not in dict(ArchivedFilter.CHOICES):
            archived = ArchivedFilter.HIDE
        page_text = data.get("page", "1")
        page = int(page_text) if page_text.isdigit() and int(page_text) > 0 else 1
        return cls(statuses, tag_ids, q, sort, archived, page)

    def to_querydict(self, **overrides: Any) -> QueryDict:
        """The state as a query dict, leaving out defaults so URLs stay short."""
        state = replace(self, **overrides)
        query = QueryDict(mutable=True)
        if state.q:
            query["q"] = state.q
        query.setlist("status", list(state.statuses))
        query.setlist("tag", [str(tag_id) for tag_id in state.tag_ids])
        if state.sort != DEFAULT_SORT:
            query["sort"] = state.sort
        if state.archived:
            query["archived"] = state.archived
        if state.page != 1:
            query["page"] = str(state.page)
        return query

    def to_querystring(self, **overrides: Any) -> str:
        return self.to_querydict(**overrides).urlencode()

    @property
    def filters_querystring(self) -> str:
        """The state without the page: for export, sort links and the bulk form's return URL."""
        return self.to_querystring(page=1)

    @property
    def is_filtered(self) -> bool:
        return bool(self.statuses or self.tag_ids or self.q or self.archived)

    @property
    def sort_field(self) -> str:
        return self.sort.removeprefix("-")

    @property
    def sort_descending(self) -> bool:
        return self.sort.startswith("-")

    def sort_options(self) -> list[tuple[str, str]]:
        options = []
        for field, label in SORT_FIELDS.items():
            options.append((f"-{field}", f"{label} ↓"))
            options.append((field, f"{label} ↑"))
        return options

    def apply(self, applications: ApplicationQuerySet) -> QuerySet[Application]:
        """Filter, search and order the user's applications as this state says."""
        if self.archived == ArchivedFilter.HIDE:
            applications = applications.unarchived()
        elif self.archived == ArchivedFilter.ONLY:
            applications = applications.archived()
        applications = applications.with_status(list(self.statuses))
        applications = applications.with_any_tag(list(self.tag_ids))
        applications = applications.search(self.q)
        return self._order(applications)

    def _order(self, applications: QuerySet[Application]) -> QuerySet[Application]:
        descending = self.sort_descending
        field = self.sort_field
        if field == "company":
            key = Lower("company")
        elif field == "status":
            applications = applications.annotate(status_rank=_status_rank())
            key = F("status_rank")
        elif field == "last_activity":
            key = F("last_activity_at")
        else:
            key = F("applied_date")
        # Rows without a date (wishlist) sink to the bottom whichever way the list is sorted;
        # the id tie-breaker keeps pages stable when many rows share a value.
        ordered = key.desc(nulls_last=True) if descending else key.asc(nulls_last=True)
        tie_breaker = "-id" if descending else "id"
        return applications.order_by(ordered, tie_breaker)
