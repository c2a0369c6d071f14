"""Health check and structured request logs."""

import json
import logging
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

from orbit.logging import JsonFormatter

pytestmark = pytest.mark.django_db


def test_health_is_healthy_when_database_answers(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "healthy"}
    assert "no-cache" in response["Cache-Control"]


def test_health_is_503_when_database_is_down(client):
    """A database error turns the check unhealthy instead of a 500."""
    with mock.patch("orbit.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["status"] == "unhealthy"


def test_request_log_is_json_with_request_fields(user_client, user, caplog):
    """Each request logs one JSON line with request id, user id, status and duration."""
    with caplog.at_level(logging.INFO, logger="orbit.request"):
        response = user_client.get("/health", headers={"X-Request-ID": "req-123"})
    records = [record for record in caplog.records if record.name == "orbit.request"]
    assert len(records) == 1
    line = json.loads(JsonFormatter().format(records[0]))
    assert line["request_id"] == "req-123"
    assert line["user_id"] == user.pk
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert line["path"] == "/health"
    assert response["X-Request-ID"] == "req-123"


def test_request_log_anonymous_gets_generated_id(client, caplog):
    with caplog.at_level(logging.INFO, logger="orbit.request"):
        response = client.get(reverse("account_login"))
    record = next(record for record in caplog.records if record.name == "orbit.request")
    assert record.user_id is None
    assert len(record.request_id) == 32
    assert response["X-Request-ID"] == record.request_id
