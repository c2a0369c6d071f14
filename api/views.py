"""HTML side of the API: the personal access tokens page, and JSON 404s under /api/v1/."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from api.errors import error_response
from api.forms import TokenForm
from api.models import ApiToken
from orbit.htmx import REFUSED, is_partial, render_page
from orbit.types import HtmxHttpRequest

TEMPLATE = "api/tokens.html"


def _render(request: HtmxHttpRequest, form: TokenForm, *, secret: str = "", status: int = 200):
    context = {
        "form": form,
        "secret": secret,
        "tokens": ApiToken.objects.for_user(request.user),
    }
    return render_page(request, TEMPLATE, "token-panel", context, status=status)


@require_http_methods(["GET", "POST"])
def token_list(request: HtmxHttpRequest) -> HttpResponse:
    """List tokens; POST creates one and shows its secret this once."""
    if request.method == "GET":
        return _render(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _render(request, form, status=REFUSED)
    _, secret = ApiToken.objects.issue(
        user=request.user, name=form.cleaned_data["name"], expires_at=form.expires_at()
    )
    # Rendered, not redirected: the secret exists only in this response.
    return _render(request, TokenForm(), secret=secret)


@require_http_methods(["POST"])
def token_revoke(request: HtmxHttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.for_user(request.user), pk=token_id)
    token.revoke()
    if is_partial(request):
        return _render(request, TokenForm())
    return redirect("api:tokens")


@login_not_required  # the API authenticates each request with its own tokens
@require_http_methods(["GET", "HEAD"])
def api_root(request: HttpRequest) -> JsonResponse:
    """Where to start: the interactive docs and the OpenAPI document."""
    return JsonResponse(
        {
            "data": {
                "docs": reverse("api:openapi-view"),
                "openapi": reverse("api:openapi-json"),
                "tokens": reverse("api:tokens"),
            }
        }
    )


@login_not_required
def not_found(request: HttpRequest) -> JsonResponse:
    """Any path under /api/v1/ that no route matches."""
    return error_response(404, f"No API route matches {request.path}.")
