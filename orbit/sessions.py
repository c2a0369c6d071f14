"""Keeps a SessionRecord per signed-in session so users can see and end their other sessions."""

from collections.abc import Callable
from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from orbit.models import SessionRecord

# Writing last_seen on every request would cost a query each time; once a minute is plenty.
TOUCH_INTERVAL = timedelta(minutes=1)


class SessionMetadataMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is None or not user.is_authenticated or session is None:
            return response
        if not session.session_key:
            return response
        now = timezone.now()
        # The key is stored beside the time because logging in or changing the password
        # cycles the session key while keeping the data: a new key must be recorded at once.
        seen = session.get("_orbit_seen")
        seen_key, seen_at = seen if isinstance(seen, list) and len(seen) == 2 else ("", 0)
        if (
            seen_key == session.session_key
            and now.timestamp() - seen_at < TOUCH_INTERVAL.total_seconds()
        ):
            return response
        SessionRecord.objects.update_or_create(
            session_key=session.session_key,
            defaults={
                "user": user,
                "user_agent": request.headers.get("User-Agent", "")[:400],
                "ip_address": request.META.get("REMOTE_ADDR") or None,
                "last_seen": now,
            },
        )
        session["_orbit_seen"] = [session.session_key, now.timestamp()]
        return response
