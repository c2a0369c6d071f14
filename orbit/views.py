"""Project-wide views: home, health check and the rate-limit page."""

import logging

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("applications:list")
    return redirect("account_login")


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Healthy only when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("health check: database unreachable")
        return JsonResponse({"status": "unhealthy", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "healthy"})


def ratelimited(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """django-ratelimit sends blocked requests here: a friendly 429, never a bare 403."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response
