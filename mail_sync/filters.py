"""The Inbox's filters: which stored messages a list shows, shared by the page and the API."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import QueryDict

from applications.models import search_query
from mail_sync.models import MailKind, Message

JOB_KINDS: tuple[str, ...] = tuple(kind for kind in MailKind.values if kind != MailKind.OTHER)
LINK_CHOICES = {"": "Linked or not", "yes": "Linked", "no": "Not linked"}
# A link to an application in the trash does not count: the message is shown as unlinked.
live_link = Q(application__isnull=False, application__deleted_at__isnull=True)


@dataclass
class InboxFilters:
    """The Inbox's URL state: kinds, linked or not, other mail, search text, page."""

    kinds: list[str] = field(default_factory=list)
    linked: str = ""
    include_other: bool = False
    q: str = ""

    @classmethod
    def from_query(cls, query: QueryDict) -> InboxFilters:
        return cls(
            kinds=[kind for kind in query.getlist("kind") if kind in MailKind.values],
            linked=query.get("linked", "") if query.get("linked") in LINK_CHOICES else "",
            include_other=query.get("other") == "1",
            q=query.get("q", "").strip()[:200],
        )

    def apply(self, messages: QuerySet[Message]) -> QuerySet[Message]:
        if self.kinds:
            messages = messages.filter(kind__in=self.kinds)
        elif not self.include_other:
            messages = messages.filter(kind__in=JOB_KINDS)
        if self.linked == "yes":
            messages = messages.filter(live_link)
        elif self.linked == "no":
            messages = messages.exclude(live_link)
        query = search_query(self.q)
        if query is not None:
            messages = messages.filter(search_vector=query)
        return messages

    def querystring(self) -> str:
        """The filters without the page, for pagination links."""
        query = QueryDict(mutable=True)
        query.setlist("kind", self.kinds)
        for name, value in (("linked", self.linked), ("q", self.q)):
            if value:
                query[name] = value
        if self.include_other:
            query["other"] = "1"
        return query.urlencode()
