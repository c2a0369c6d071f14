"""How every view answers htmx: page or partial, toasts, refusals, sign-in. One place.

The policy (README, "How pages answer htmx"):

- **Page or partial.** `is_partial(request)` is the only test a view makes, and `render_page`
  applies it: an htmx request gets the fragment, except a history restore (Back or Forward
  with nothing in htmx's cache), which replaces the whole body and so gets the whole page.
- **Vary.** `VaryOnHtmxMiddleware` adds `Vary: HX-Request, HX-History-Restore-Request` to every HTML
  response, so no cache hands a fragment to a page load or a page to a swap.
- **Refusals.** A request the user can correct (a form error, a move the state machine
  forbids, an action the current state does not allow) answers **422** with the fragment a
  success would have swapped, carrying the reason. The status never depends on htmx: a plain
  form post gets the same 422 with the whole page. base.html tells htmx to swap 422 like a 2xx.
  Every other error status (403, 404, 429, 5xx) is not swapped; orbit.js shows a toast saying
  what happened, so a click never silently does nothing.
- **Outcomes** are told with `toast(response, message, level=..., undo=...)`, an `HX-Trigger`
  event orbit.js renders (it works on any status). A plain request uses
  django.contrib.messages, which base.html renders as the same toast.
- **Polling** stops with django-htmx's `HttpResponseStopPolling`.
- **Signed out.** Every view needs a signed-in user unless it is marked `login_not_required`
  (`LoginRequiredMiddleware` below); an htmx request is sent to the sign-in page whole
  (`HX-Redirect`), not given the sign-in form to swap into a fragment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url
from django.utils.cache import patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from orbit.types import HtmxHttpRequest

REFUSED = 422  # the one status for "refused, here is why" (see the module docstring)
VARY_HEADERS = ("HX-Request", "HX-History-Restore-Request")


def is_partial(request: HtmxHttpRequest) -> bool:
    """Swap a fragment for htmx, except when htmx restores history: that needs the page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def render_page(
    request: HtmxHttpRequest,
    template: str,
    partial: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    """The whole `template`, or only its `partial` when htmx swaps one."""
    name = f"{template}#{partial}" if is_partial(request) else template
    return render(request, name, context, status=status)


@dataclass(frozen=True)
class Undo:
    """The button a toast carries to take its change back: a POST with these fields."""

    url: str
    fields: dict[str, str | list[str] | list[int]] = field(default_factory=dict)
    target: str = ""  # CSS selector the answer is swapped into; empty: nothing is swapped
    swap: str = "none"


def toast(
    response: HttpResponse, message: str, *, level: str = "success", undo: Undo | None = None
) -> HttpResponse:
    """Tell the user what happened, as a toast orbit.js shows (optionally with Undo)."""
    params: dict[str, Any] = {"message": message, "level": level}
    if undo is not None:
        params["undo"] = {
            "url": undo.url,
            "fields": undo.fields,
            "target": undo.target,
            "swap": undo.swap,
        }
    return trigger_client_event(response, "toast", params)


class VaryOnHtmxMiddleware:
    """Every HTML response varies on the headers that choose between page and fragment."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            patch_vary_headers(response, VARY_HEADERS)
        return response


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Deny by default; an htmx request is sent to sign in with the page it came from."""

    def handle_no_permission(self, request: HttpRequest, view_func) -> HttpResponse:
        htmx = getattr(request, "htmx", None)
        if not htmx or htmx.history_restore_request:  # a restore swaps what it gets: the page
            return super().handle_no_permission(request, view_func)
        # The fragment's own URL is no page to come back to; the page it sits on is.
        here = urlsplit(htmx.current_url or "")
        if here.netloc not in ("", request.get_host()):
            here = urlsplit("")
        next_path = (here.path + (f"?{here.query}" if here.query else "")) or "/"
        login_url = resolve_url(self.get_login_url(view_func))
        redirect = redirect_to_login(next_path, login_url, self.get_redirect_field_name(view_func))
        return HttpResponseClientRedirect(redirect["Location"])
