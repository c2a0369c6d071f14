"""The pinned saved views in the navigation, marked when the list shows one of them."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from applications.saved_views import canonical_query, pinned_for_navigation


def _pinned_views(request: HttpRequest) -> list[dict]:
    list_url = reverse("applications:list")
    here = canonical_query(request.GET.urlencode()) if request.path == list_url else None
    views = []
    for view in pinned_for_navigation(request.user):
        url = f"{list_url}?{view['query']}" if view["query"] else list_url
        views.append(view | {"url": url, "current": here is not None and here == view["query"]})
    return views


def saved_views(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"pinned_views": SimpleLazyObject(lambda: _pinned_views(request))}
