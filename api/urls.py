"""/api/v1/: the ninja API, the tokens settings page, and JSON errors for everything else."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, path, re_path

from api import views
from api.api import api
from api.errors import error_response

app_name = "api"


def json_method_not_allowed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """ninja answers a wrong verb with a plain-text 405; clients get our envelope instead."""

    @wraps(view)  # keeps csrf_exempt and friends
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = error_response(405, f"Use one of: {allowed}.")
            response["Allow"] = allowed
        return response

    return wrapped


ninja_patterns, _ninja_app_name, _ninja_namespace = api.urls

# ninja's patterns join the "api" namespace directly, so reverse("api:openapi-json") works
# under orbit/urls.py's include() and the docs page finds its schema.
urlpatterns = [
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    *(
        # Bearer tokens, not sessions, authenticate these: an anonymous call is ninja's 401.
        URLPattern(
            p.pattern,
            login_not_required(json_method_not_allowed(p.callback)),
            p.default_args,
            p.name,
        )
        for p in ninja_patterns
        if isinstance(p, URLPattern) and p.name != "api-root"
    ),
    # ninja needs a pattern named api-root to know its prefix; its own view is an HTML 404.
    path("", views.api_root, name="api-root"),
    re_path(r"^.*$", views.not_found, name="not-found"),
]
