"""Project-wide views: home, health check, the rate-limit page and the sessions page."""

import logging

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from orbit.cache import bump_user_data_version
from orbit.forms import BrowserTimezoneForm, PreferencesForm
from orbit.htmx import REFUSED, is_partial, render_page, toast
from orbit.models import SessionRecord, User
from orbit.types import HtmxHttpRequest

logger = logging.getLogger(__name__)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return redirect("applications:list")


@login_not_required
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


def _session_rows(request: HtmxHttpRequest) -> list[SessionRecord]:
    """The user's live sessions, most recent first, the current one marked."""
    records = list(
        SessionRecord.objects.for_user(request.user).live().order_by("-last_seen", "-id")
    )
    current_key = request.session.session_key
    for record in records:
        record.is_current = record.session_key == current_key  # type: ignore[attr-defined]
    return records


def _render_sessions(request: HtmxHttpRequest, *, status: int = 200) -> HttpResponse:
    context = {"sessions": _session_rows(request)}
    return render_page(request, "orbit/sessions.html", "session-list", context, status=status)


@require_http_methods(["GET"])
def sessions(request: HtmxHttpRequest) -> HttpResponse:
    return _render_sessions(request)


@require_http_methods(["POST"])
def sign_out_other_sessions(request: HtmxHttpRequest) -> HttpResponse:
    ended = (
        SessionRecord.objects.for_user(request.user)
        .exclude(session_key=request.session.session_key or "")
        .sign_out()
    )
    return _after_sign_out(request, f"Signed out of {ended} other session{pluralize(ended)}.")


@require_http_methods(["POST"])
def sign_out_session(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(SessionRecord.objects.for_user(request.user), pk=pk)
    if record.session_key == request.session.session_key:
        # Ending the session you are using is signing out.
        logout(request)
        if is_partial(request):
            return HttpResponseClientRedirect(reverse("account_login"))
        return redirect("account_login")
    SessionRecord.objects.filter(pk=record.pk).sign_out()
    return _after_sign_out(request, f"Signed out {record.device}.")


def _after_sign_out(request: HtmxHttpRequest, message: str) -> HttpResponse:
    if is_partial(request):
        return toast(_render_sessions(request), message)
    messages.success(request, message)
    return redirect("sessions")


@require_http_methods(["GET", "POST"])
def preferences(request: HtmxHttpRequest) -> HttpResponse:
    """The user's own settings: for now, the time zone dates and weeks are shown in."""
    form = PreferencesForm(request.POST or None, instance=request.user)
    saved = False
    if form.is_bound and form.is_valid():
        form.save()
        # Cached figures ("applied this week", weekly trends) depend on the zone.
        bump_user_data_version(request.user.pk)
        if not is_partial(request):
            messages.success(request, "Preferences saved.")
            return redirect("preferences")
        saved = True
    status = REFUSED if form.is_bound and not saved else 200
    context = {"form": form, "saved": saved}
    template = "orbit/preferences.html"
    return render_page(request, template, "preferences-form", context, status=status)


@require_http_methods(["POST"])
def browser_timezone(request: HtmxHttpRequest) -> HttpResponse:
    """Store the browser's zone for an account that has none; a zone already set is kept."""
    form = BrowserTimezoneForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=REFUSED)
    stored = User.objects.filter(pk=request.user.pk, timezone="").update(
        timezone=form.cleaned_data["timezone"]
    )
    if stored:
        # Cached figures ("applied this week", weekly trends) depend on the zone.
        bump_user_data_version(request.user.pk)
    return HttpResponse(status=204)
