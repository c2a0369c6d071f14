"""The Gmail page: connection status, Sync now, live progress, run history, disconnect."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django_htmx.http import (
    HttpResponseClientRedirect,
    HttpResponseStopPolling,
    reswap,
    retarget,
)
from django_ratelimit.decorators import ratelimit

from mail_sync import services
from mail_sync.models import GmailAccount, SyncRun
from orbit.htmx import REFUSED, is_partial, render_page, toast
from orbit.types import HtmxHttpRequest

HISTORY_LENGTH = 50


def sync_now_rate(group: str, request: HttpRequest) -> str:
    return settings.SYNC_NOW_RATE_LIMIT  # read per request so tests and operators can tune it


def _context(request: HtmxHttpRequest, **extra) -> dict:
    account = GmailAccount.objects.for_user(request.user).first()
    runs = list(SyncRun.objects.for_user(request.user)[:HISTORY_LENGTH]) if account else []
    current = next((run for run in runs if run.is_active), None)
    return {
        "account": account,
        "runs": runs,
        "current_run": current,
        "last_run": next((run for run in runs if run.is_finished), None),
        "google_connect_enabled": bool(settings.GOOGLE_CLIENT_ID),
        # The demo's Gmail is the fake one, whose consent endpoint renews a revoked grant.
        "demo_consent_url": "" if settings.GOOGLE_CLIENT_ID else settings.FAKE_GMAIL_CONSENT_URL,
        "demo_consent_next": request.build_absolute_uri(reverse("mail_sync:settings")),
        "gmail_scope": settings.GMAIL_SCOPE,
        **extra,
    }


def _panel(request: HtmxHttpRequest, status: int = 200, **extra) -> HttpResponse:
    context = _context(request, **extra)
    return render_page(request, "mail_sync/settings.html", "gmail-panel", context, status=status)


@require_http_methods(["GET"])
def gmail_settings(request: HtmxHttpRequest) -> HttpResponse:
    return _panel(request)


@require_http_methods(["POST"])
@ratelimit(group="gmail-sync-now", key="user", rate=sync_now_rate, method="POST")
def sync_now(request: HtmxHttpRequest) -> HttpResponse:
    account = get_object_or_404(GmailAccount.objects.for_user(request.user))
    if account.needs_reconnect:
        refusal = "Reconnect Gmail before syncing."
        if is_partial(request):
            return toast(_panel(request, status=REFUSED), refusal, level="error")
        messages.error(request, refusal)
        return redirect("mail_sync:settings")
    services.queue_sync(account=account, trigger="manual")
    if is_partial(request):
        return _panel(request)
    messages.success(request, "Sync queued.")
    return redirect("mail_sync:settings")


@require_http_methods(["GET"])
def run_progress(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(SyncRun.objects.for_user(request.user).select_related("account"), pk=pk)
    if not is_partial(request):
        return redirect("mail_sync:settings")
    if run.is_active:
        return render(request, "mail_sync/settings.html#run-progress", {"run": run})
    # The run ended, and with it more than the progress bar changed (the button, "Last
    # synced", the outcome, the history): the whole panel comes back, and the poll stops.
    panel = render(request, "mail_sync/settings.html#gmail-panel", _context(request))
    response = HttpResponseStopPolling(panel.content)
    return reswap(retarget(response, "#gmail-panel"), "innerHTML")


@require_http_methods(["POST"])
def disconnect(request: HtmxHttpRequest) -> HttpResponse:
    account = get_object_or_404(GmailAccount.objects.for_user(request.user))
    if request.POST.get("confirm") != "yes":
        error = "Tick the box to confirm: this deletes all mail Orbit stored from Gmail."
        return _panel(request, status=REFUSED, disconnect_error=error)
    services.disconnect(account=account)
    messages.success(request, "Gmail disconnected and its mail deleted from Orbit.")
    if is_partial(request):
        return HttpResponseClientRedirect(request.build_absolute_uri(_settings_url()))
    return redirect("mail_sync:settings")


def _settings_url() -> str:
    from django.urls import reverse

    return reverse("mail_sync:settings")
