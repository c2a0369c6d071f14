"""/api/v1/: the ninja API, the tokens settings page, and JSON 404s for everything else."""

from django.urls import path, re_path

from api import views
from api.api import api

app_name = "api"

ninja_patterns, _ninja_app_name, _ninja_namespace = api.urls

# ninja's patterns join the "api" namespace directly, so reverse("api:openapi-json") works
# under orbit/urls.py's include() and the docs page finds its schema.
urlpatterns = [
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    *ninja_patterns,
    re_path(r"^.*$", views.not_found, name="not-found"),
]
