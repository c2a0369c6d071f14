"""The NinjaAPI instance: routers, token auth, our error envelope, self-hosted docs."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from api import errors
from api.auth import TokenAuth
from api.endpoints import analytics, applications, emails, me, tags


class SelfHostedSwagger(Swagger):
    """ninja's Swagger UI from its bundled static files, with our CSP nonce on the scripts."""

    template = "api/docs.html"


class OrbitAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        # "list_applications" reads better in generated clients than a module path.
        return operation.view_func.__name__


api = OrbitAPI(
    title="Orbit API",
    version="1",
    description=(
        "Orbit's JSON API. Authenticate with a personal access token from the API tokens "
        "page: `Authorization: Bearer orb_…`. Success bodies are `{data, meta}`; errors are "
        "`{error: {code, message, details}}`."
    ),
    auth=TokenAuth(),
    urls_namespace="api",
    docs=SelfHostedSwagger(),
)
errors.install(api)

api.add_router("", applications.router)
api.add_router("", tags.router)
api.add_router("", analytics.router)
api.add_router("", emails.router)
api.add_router("", me.router)
