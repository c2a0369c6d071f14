"""The one definition of an applications list: filters, tag filter, search and sort order.

The web list and the JSON API both go through `ListState.apply`, so a sort key, where rows
without a value go (last, whichever the direction) and what a tag filter matches are written
once. The web list also reads the state from and writes it to a URL: the URL is the single
source of truth for what the list shows, so a filtered view can be bookmarked, shared, saved
and restored by the back button. Anything malformed in the query string falls back to the
default instead of failing: a stale bookmark should still open a list.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.db.models.expressions import BaseExpression
from django.db.models.functions import Lower
from django.http import QueryDict

from applications.models import Application, ApplicationQuerySet, search_query
from applications.status import RANK, Status


def _status_rank() -> Case:
    """Status in pipeline order (wishlist first, outcomes last) rather than alphabetical."""
    return Case(
        *[When(status=status, then=Value(rank)) for status, rank in RANK.items()],
        default=Value(99),
        output_field=IntegerField(),
    )


@dataclass(frozen=True)
class SortKey:
    label: str
    expression: BaseExpression
    # The direction a first click on the column header sorts in: newest dates first, A to Z.
    descending_first: bool


SORTS: dict[str, SortKey] = {
    "applied_date": SortKey("Applied date", F("applied_date"), descending_first=True),
    "company": SortKey("Company", Lower("company"), descending_first=False),
    "status": SortKey("Status", _status_rank(), descending_first=False),
    "last_activity_at": SortKey("Last activity", F("last_activity_at"), descending_first=True),
    "created_at": SortKey("Date added", F("created_at"), descending_first=True),
}
# Older list URLs spelled the activity key without the suffix; their bookmarks still sort.
SORT_ALIASES = {"last_activity": "last_activity_at"}
SORT_VALUES = tuple(value for key in SORTS for value in (key, f"-{key}"))
# With no sort asked for: the best match first while searching, otherwise the newest applied.
BEST_MATCH = ""
DEFAULT_SORT = "-applied_date"


def order_applications(
    applications: QuerySet[Application], sort: str, *, searching: bool
) -> QuerySet[Application]:
    """Order by a sort key (`key` or `-key`); rows without a value go last either way."""
    if not sort and searching:
        return applications.order_by(F("search_rank").desc(), "-id")
    sort = sort or DEFAULT_SORT
    descending = sort.startswith("-")
    expression = SORTS[sort.removeprefix("-")].expression
    key = expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
    # The id tie-breaker keeps pages stable when many rows share a value.
    return applications.order_by(key, "-id" if descending else "id")


def clean_sort(value: str) -> str | None:
    """The canonical sort value, BEST_MATCH for none, or None when it is not a sort at all."""
    if not value:
        return BEST_MATCH
    descending = value.startswith("-")
    key = SORT_ALIASES.get(value.removeprefix("-"), value.removeprefix("-"))
    if key not in SORTS:
        return None
    return f"-{key}" if descending else key


class ArchivedFilter:
    HIDE = ""  # the default: archived applications are out of the way
    INCLUDE = "include"
    ONLY = "only"

    CHOICES = ((HIDE, "Not archived"), (INCLUDE, "All, with archived"), (ONLY, "Archived only"))


MAX_SEARCH_LENGTH = 200


@dataclass(frozen=True)
class ListState:
    statuses: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()  # tag names, any of them, case-insensitive
    q: str = ""
    sort: str = BEST_MATCH
    archived: str = ArchivedFilter.HIDE
    page: int = 1

    @classmethod
    def from_querydict(cls, data: QueryDict) -> ListState:
        statuses = tuple(dict.fromkeys(s for s in data.getlist("status") if s in Status.values))
        tags = tuple(dict.fromkeys(t.strip() for t in data.getlist("tag") if t.strip()))[:50]
        q = " ".join(data.get("q", "").split())[:MAX_SEARCH_LENGTH]
        sort = clean_sort(data.get("sort", "")) or BEST_MATCH
        archived = data.get("archived", ArchivedFilter.HIDE)
        if archived not in dict(ArchivedFilter.CHOICES):
            archived = ArchivedFilter.HIDE
        page_text = data.get("page", "1")
        page = int(page_text) if page_text.isdigit() and 0 < int(page_text) < 10**6 else 1
        return cls(statuses, tags, q, sort, archived, page)

    def to_querydict(self, **overrides: Any) -> QueryDict:
        """The state as a query dict, leaving out defaults so URLs stay short."""
        state = replace(self, **overrides)
        query = QueryDict(mutable=True)
        if state.q:
            query["q"] = state.q
        query.setlist("status", list(state.statuses))
        query.setlist("tag", list(state.tags))
        if state.sort != BEST_MATCH:
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
        return bool(self.statuses or self.tags or self.q or self.archived)

    @property
    def searching(self) -> bool:
        return search_query(self.q) is not None

    @property
    def effective_sort(self) -> str:
        """The order rows are in: BEST_MATCH only while searching without a sort."""
        if self.sort == BEST_MATCH and not self.searching:
            return DEFAULT_SORT
        return self.sort

    @property
    def sort_field(self) -> str:
        return self.effective_sort.removeprefix("-")

    @property
    def sort_descending(self) -> bool:
        return self.effective_sort.startswith("-")

    def header_sort(self, field: str) -> str:
        """What clicking a column header sorts by: the other way round if it is the sort."""
        if field == self.sort_field:
            return field if self.sort_descending else f"-{field}"
        return f"-{field}" if SORTS[field].descending_first else field

    def sort_options(self) -> list[tuple[str, str]]:
        """The sort menu: the default first (best match, or the newest applied when not
        searching, which then needs no second entry of its own)."""
        default = f"{SORTS[DEFAULT_SORT.removeprefix('-')].label} ↓"
        options = [(BEST_MATCH, "Best match" if self.searching else default)]
        for field, key in SORTS.items():
            for value, label in ((f"-{field}", f"{key.label} ↓"), (field, f"{key.label} ↑")):
                if value == DEFAULT_SORT and not self.searching and self.sort != DEFAULT_SORT:
                    continue
                options.append((value, label))
        return options

    def describe(self) -> str:
        """The state in words, for a saved view: "Status: Applied · Tags: remote · Sort: …"."""
        parts = []
        if self.q:
            parts.append(f"Search: “{self.q}”")
        if self.statuses:
            parts.append("Status: " + ", ".join(Status(s).label for s in self.statuses))
        if self.tags:
            parts.append("Tags: " + ", ".join(self.tags))
        if self.archived:
            parts.append(dict(ArchivedFilter.CHOICES)[self.archived])
        if self.sort:
            parts.append("Sort: " + dict(self.sort_options())[self.sort])
        return " · ".join(parts) or "All applications"

    def apply(self, applications: ApplicationQuerySet) -> QuerySet[Application]:
        """Filter, search and order the user's applications as this state says."""
        if self.archived == ArchivedFilter.HIDE:
            applications = applications.unarchived()
        elif self.archived == ArchivedFilter.ONLY:
            applications = applications.archived()
        applications = applications.with_status(list(self.statuses))
        applications = applications.with_any_tag_named(list(self.tags))
        applications = applications.search(self.q)
        return order_applications(applications, self.sort, searching=self.searching)
