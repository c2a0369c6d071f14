"""Template context shared by every page: the navigation."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

NAVIGATION = [
    ("Applications", "applications:list"),
    ("Board", "applications:board"),
    ("Tags", "applications:tags"),
    ("Analytics", "analytics:dashboard"),
    ("Inbox", "mail_sync:inbox"),
    ("Review", "mail_sync:review"),
    ("Gmail", "mail_sync:settings"),
]


def _navigation(request: HttpRequest) -> list[dict]:
    items = [
        {"label": label, "url": reverse(name), "name": name, "current": False}
        for label, name in NAVIGATION
    ]
    # /mail/ is the Inbox but also the prefix of the other mail pages; among the sections whose
    # URL prefixes the path, the longest is the page (/applications/board/ is Board, not both).
    matches = [
        item
        for item in items
        if request.path == item["url"]
        or (item["url"] not in {"/", "/mail/"} and request.path.startswith(item["url"]))
    ]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["current"] = True
    return items


def orbit(request: HttpRequest) -> dict:
    context = {"google_login_enabled": bool(settings.GOOGLE_CLIENT_ID)}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["navigation"] = SimpleLazyObject(lambda: _navigation(request))
    return context
