"""Every failure uses the {"error": {code, message, details}} envelope."""

import pytest
from django.test import Client

from applications.services import tags as tag_services
from tests.api.conftest import API, assert_error

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/nope", "/applications/1/nope", "/v2/applications"])
def test_unknown_route_is_json_not_found(api_client, path):
    assert_error(api_client.get(f"{API}{path}"), 404, "NOT_FOUND")


def test_non_numeric_id_is_a_validation_error(api_client):
    error = assert_error(api_client.get(f"{API}/applications/abc"), 422, "VALIDATION_ERROR")
    assert "application_id" in error["details"]


def test_unknown_route_without_token_is_json_not_found(db):
    assert_error(Client().get(f"{API}/missing"), 404, "NOT_FOUND")


def test_request_validation_lists_fields(api_client):
    """ninja's own 422 is replaced by ours, keyed by field."""
    response = api_client.post(
        f"{API}/applications", {"company": 5, "salary_min": -1}, content_type="application/json"
    )
    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert {"company", "role", "salary_min"} <= set(error["details"])
    assert all(isinstance(messages, list) for messages in error["details"].values())


def test_unexpected_error_is_internal_error_without_traceback(api_client, monkeypatch):
    """A crash becomes INTERNAL_ERROR; the body carries no traceback or exception text."""

    def explode(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(tag_services, "create_tag", explode)
    response = api_client.post(f"{API}/tags", {"name": "x"}, content_type="application/json")
    error = assert_error(response, 500, "INTERNAL_ERROR")
    assert b"secret internals" not in response.content
    assert b"Traceback" not in response.content
    assert error["details"] == {}


def test_wrong_method_is_json(api_client):
    response = api_client.put(f"{API}/applications", {}, content_type="application/json")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "METHOD_NOT_ALLOWED"


def test_api_root_points_to_the_docs(client):
    response = client.get(f"{API}/")
    assert response.status_code == 200
    assert response.json()["data"] == {
        "docs": "/api/v1/docs",
        "openapi": "/api/v1/openapi.json",
        "tokens": "/api/v1/tokens/",
    }


def test_permission_denied_is_forbidden(api_client, monkeypatch):
    from django.core.exceptions import PermissionDenied

    def refuse(**kwargs):
        raise PermissionDenied("Not for you.")

    monkeypatch.setattr(tag_services, "create_tag", refuse)
    response = api_client.post(f"{API}/tags", {"name": "x"}, content_type="application/json")
    assert assert_error(response, 403, "FORBIDDEN")["message"] == "Not for you."
