"""Saved views: named applications lists, and the pinned ones the navigation shows.

The navigation is on every page, so the pinned views are read from the cache, not the
database: one query per user until a view is saved, renamed, pinned or deleted.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.http import QueryDict

from applications.filters import ListState
from applications.models import SavedView
from orbit.cache import bump_user_data_version

CACHE_TIMEOUT = 60 * 60 * 24


def _cache_key(user_id: int) -> str:
    return f"saved-views:pinned:{user_id}"


def _forget_pinned(user_id: int) -> None:
    # Now, and again after the commit: a page rendered in between may have cached the old list.
    cache.delete(_cache_key(user_id))
    transaction.on_commit(lambda: cache.delete(_cache_key(user_id)))
    # The analytics dashboard caches its whole page, navigation included, under this version.
    bump_user_data_version(user_id)


def query_dict(query: str) -> QueryDict:
    return QueryDict(query.lstrip("?"))


def canonical_query(query: str) -> str:
    """A list URL's query string as the list itself writes it: defaults and page left out."""
    return ListState.from_querydict(query_dict(query)).filters_querystring


def pinned_for_navigation(user) -> list[dict]:
    """The user's pinned views as {id, name, query}, oldest first, at most a line of them."""
    key = _cache_key(user.pk)
    pinned = cache.get(key)
    if pinned is None:
        pinned = list(
            SavedView.objects.for_user(user)
            .pinned()
            .values("id", "name", "query")[: SavedView.MAX_PINNED_SHOWN]
        )
        cache.set(key, pinned, CACHE_TIMEOUT)
    return pinned


@transaction.atomic
def save_view(*, user, name: str, query: str, pinned: bool = True) -> SavedView:
    view = SavedView.objects.create(
        user=user, name=name.strip(), query=canonical_query(query), pinned=pinned
    )
    _forget_pinned(user.pk)
    return view


@transaction.atomic
def update_view(*, view: SavedView, name: str, pinned: bool) -> SavedView:
    view.name = name.strip()
    view.pinned = pinned
    view.save(update_fields=["name", "pinned"])
    _forget_pinned(view.user_id)
    return view


@transaction.atomic
def delete_view(*, view: SavedView) -> None:
    view.delete()
    _forget_pinned(view.user_id)
