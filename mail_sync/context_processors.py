"""Template context the mail pages add to every page: the Review queue count in the navigation."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from mail_sync.models import Suggestion


def review_count(request: HttpRequest) -> dict[str, SimpleLazyObject]:
    """The signed-in user's pending suggestions, counted only if the page shows the badge."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "review_count": SimpleLazyObject(
            lambda: Suggestion.objects.for_user(user).pending().count()
        )
    }
