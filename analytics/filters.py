"""The dashboard's filters: a date range on when applications were sent, and tags."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.http import QueryDict

from applications.models import Tag


@dataclass(frozen=True)
class Filters:
    """Which applications the figures cover; empty means all of the user's applications."""

    date_from: date | None = None
    date_to: date | None = None
    tag_ids: tuple[int, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        # Callers may pass any iterable; a sorted tuple keeps the cache key canonical.
        object.__setattr__(self, "tag_ids", tuple(sorted({int(i) for i in self.tag_ids or ()})))

    @classmethod
    def from_querydict(cls, qd: QueryDict) -> Filters:
        """Lenient parse for callers without a form (the JSON API): bad values are ignored."""
        tag_values: list[str] = []
        for value in qd.getlist("tags"):
            tag_values.extend(part for part in str(value).split(",") if part.strip())
        tag_ids = sorted({int(value) for value in tag_values if value.strip().isdigit()})
        return cls(
            date_from=_parse_date(qd.get("date_from")),
            date_to=_parse_date(qd.get("date_to")),
            tag_ids=tuple(tag_ids),
        )

    def cache_key(self) -> str:
        tags = ",".join(str(tag_id) for tag_id in self.tag_ids)
        return f"{self.date_from or ''}:{self.date_to or ''}:{tags}"

    @property
    def is_empty(self) -> bool:
        return not (self.date_from or self.date_to or self.tag_ids)


def _parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "").strip()) if value else None
    except ValueError:
        return None


class TagNamesField(forms.TypedMultipleChoiceField):
    """The user's tags by name, any case, as every list filter names them; cleans to ids.

    A numeric id (the dashboard's URLs before tags were named) still works but is deprecated.
    """

    def set_tags(self, tags: list[Tag]) -> None:
        self.choices = [(tag.name, tag.name) for tag in tags]
        by_value = {str(tag.pk): tag.pk for tag in tags}
        by_value |= {tag.name.lower(): tag.pk for tag in tags}  # a name wins over an id
        self.ids_by_value = by_value
        self.coerce = lambda value: by_value[str(value).strip().lower()]

    def valid_value(self, value) -> bool:
        return str(value).strip().lower() in self.ids_by_value


class FilterForm(forms.Form):
    """The dashboard's filter form: validates for the user, so mistakes are shown, not dropped."""

    date_from = forms.DateField(
        label="Applied from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="Applied until", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    tags = TagNamesField(required=False, widget=forms.SelectMultiple(attrs={"size": 4}))

    def __init__(self, *args, tags: list[Tag], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only the signed-in user's tags are choices, so a foreign tag is a form error.
        # The caller loads them once (one query) and the same list renders the options.
        self.fields["tags"].set_tags(tags)

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date must be on or after the start date.")
        return cleaned

    def filters(self) -> Filters:
        """The valid part of the input; invalid fields count as not set."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        date_from = None if "date_from" in self.errors else data.get("date_from")
        date_to = None if "date_to" in self.errors else data.get("date_to")
        tags = [] if "tags" in self.errors else data.get("tags") or []
        return Filters(
            date_from=date_from,
            date_to=date_to,
            tag_ids=tuple(tags),
        )
