"""Bearer-token authentication and the per-token rate limit."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django_ratelimit.core import get_usage
from ninja.security import HttpBearer

from api.errors import ApiError
from api.models import ApiToken, hash_secret

RATE_LIMIT_GROUP = "api.token"


class TokenAuth(HttpBearer):
    """Authorization: Bearer orb_…; sessions never authenticate the API, so CSRF has no role."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str):
        token_row = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=hash_secret(token.strip()))
            .first()
        )
        now = timezone.now()
        if token_row is None or not token_row.user.is_active:
            raise ApiError(401, "This token is not valid.", headers={"WWW-Authenticate": "Bearer"})
        if token_row.is_revoked:
            raise ApiError(401, "This token was revoked.", headers={"WWW-Authenticate": "Bearer"})
        if token_row.is_expired(now):
            raise ApiError(401, "This token has expired.", headers={"WWW-Authenticate": "Bearer"})
        check_rate_limit(request, token_row)
        token_row.touch(now)
        request.api_token = token_row  # type: ignore[attr-defined]
        # Request logging sees the token's owner. A session user, if a cookie came too, is
        # left alone so session bookkeeping never mixes two accounts.
        if not request.user.is_authenticated:
            request.user = token_row.user
        return token_row.user


def check_rate_limit(request: HttpRequest, token: ApiToken) -> None:
    usage = get_usage(
        request,
        group=RATE_LIMIT_GROUP,
        key=lambda group, req: str(token.pk),
        rate=settings.API_RATE_LIMIT,
        increment=True,
    )
    if usage and usage["should_limit"]:
        retry_after = max(1, int(usage["time_left"]))
        raise ApiError(
            429,
            f"Too many requests for this token; try again in {retry_after} s.",
            details={"limit": usage["limit"], "retry_after": retry_after},
            headers={"Retry-After": str(retry_after)},
        )
