"""/me: who the token belongs to."""

from django.http import HttpRequest
from ninja import Router

from api.responses import errors
from api.schemas import MeEnvelope

router = Router(tags=["me"])


@router.get("/me", response={200: MeEnvelope, **errors()})
def me(request: HttpRequest):
    user = request.auth
    token = request.api_token  # type: ignore[attr-defined]
    return {
        "data": {
            "id": user.pk,
            "email": user.email,
            "timezone": user.timezone or "UTC",  # unset until the browser tells us
            "date_joined": user.date_joined,
            "token_name": token.name,
            "token_expires_at": token.expires_at,
        }
    }
