"""One error envelope for every failure: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from api.schemas import EVENT_TAGS

logger = logging.getLogger(__name__)

DISCRIMINATOR = "kind"  # of the events body, a tagged union

STATUS_CODES = {
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    422: "VALIDATION_ERROR",
    429: "RATE_LIMITED",
    500: "INTERNAL_ERROR",
}


class ApiError(Exception):
    """An expected failure with its HTTP status, code and message."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or STATUS_CODES.get(status, "ERROR")
        self.message = message
        self.details = details or {}
        self.headers = headers or {}


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def error_response(
    status: int, message: str, details: dict[str, Any] | None = None, *, code: str | None = None
) -> JsonResponse:
    """For plain Django views that answer under /api/v1/ (unknown routes)."""
    return JsonResponse(
        error_body(code or STATUS_CODES.get(status, "ERROR"), message, details), status=status
    )


def django_validation_details(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {field: _messages(errors) for field, errors in error.error_dict.items()}
    return {"__all__": list(error.messages)}


def _messages(errors: list[DjangoValidationError]) -> list[str]:
    return [message for error in errors for message in error.messages]


def ninja_validation_details(error: NinjaValidationError) -> dict[str, list[str]]:
    """Pydantic errors keyed by field ("company", "tag_ids.0"), without ninja's prefixes."""
    details: dict[str, list[str]] = {}
    for item in error.errors:
        location = [str(part) for part in item.get("loc", ())]
        source, location = (location[0], location[1:]) if location else ("", [])
        # A body is one parameter ("payload"); its name means nothing to a client.
        if source == "body" and location:
            location = location[1:]
            if item.get("type", "").startswith("union_tag"):
                location = [DISCRIMINATOR]
            elif len(location) > 1 and location[0] in EVENT_TAGS:
                location = location[1:]  # the union member's tag, e.g. "note"
        key = ".".join(location) or "__all__"
        details.setdefault(key, []).append(str(item.get("msg", "Invalid value.")))
    return details


def install(api: NinjaAPI) -> None:
    """Replace ninja's default handlers so every error uses our envelope."""

    def respond(request: HttpRequest, status: int, body: dict, headers=None) -> HttpResponse:
        response = api.create_response(request, body, status=status)
        for name, value in (headers or {}).items():
            response[name] = value
        return response

    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return respond(
            request, exc.status, error_body(exc.code, exc.message, exc.details), exc.headers
        )

    def on_request_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        body = error_body(
            "VALIDATION_ERROR", "The request is not valid.", ninja_validation_details(exc)
        )
        return respond(request, 422, body)

    def on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        message = (
            " ".join(exc.messages)
            if not hasattr(exc, "error_dict")
            else ("The request is not valid.")
        )
        body = error_body("VALIDATION_ERROR", message, django_validation_details(exc))
        return respond(request, 422, body)

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, error_body("NOT_FOUND", "Not found."))

    def on_authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        body = error_body("UNAUTHORIZED", "Send a valid token: Authorization: Bearer orb_…")
        return respond(request, 401, body, {"WWW-Authenticate": "Bearer"})

    def on_authorization(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
        return respond(request, 403, error_body("FORBIDDEN", str(exc.message)))

    def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        message = str(exc) or "You may not do that."
        return respond(request, 403, error_body("FORBIDDEN", message))

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja answers an unparsable body with 400; the contract has one code for bad input.
        status = 422 if exc.status_code == 400 else exc.status_code
        code = STATUS_CODES.get(status, "ERROR")
        return respond(request, status, error_body(code, str(exc.message)))

    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Logged with the traceback for us; the client gets no internals.
        logger.exception("api: unhandled error on %s %s", request.method, request.path)
        body = error_body("INTERNAL_ERROR", "Something went wrong on our side.")
        return respond(request, 500, body)

    api.add_exception_handler(ApiError, on_api_error)
    api.add_exception_handler(NinjaValidationError, on_request_validation)
    api.add_exception_handler(DjangoValidationError, on_django_validation)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(AuthenticationError, on_authentication)
    api.add_exception_handler(AuthorizationError, on_authorization)
    api.add_exception_handler(PermissionDenied, on_permission_denied)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Exception, on_unexpected)
