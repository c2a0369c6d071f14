"""The OpenAPI document and the interactive docs, served without a CDN and CSP-clean."""

import re

import pytest

from tests.api.conftest import API

pytestmark = pytest.mark.django_db


def test_openapi_document_lists_every_endpoint(client):
    schema = client.get(f"{API}/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/applications",
        "/api/v1/applications/{application_id}",
        "/api/v1/applications/{application_id}/events",
        "/api/v1/tags",
        "/api/v1/tags/{tag_id}",
        "/api/v1/me",
        "/api/v1/analytics/summary",
        "/api/v1/analytics/funnel",
        "/api/v1/analytics/trends",
        "/api/v1/analytics/insights",
        "/api/v1/emails",
        "/api/v1/emails/{email_id}",
        "/api/v1/emails/{email_id}/link",
        "/api/v1/emails/sync",
        "/api/v1/sync-runs/{run_id}",
    } == set(schema["paths"])
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_docs_page_uses_local_assets_with_nonce(client):
    response = client.get(f"{API}/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'<script[^>]*src="([^"]+)"[^>]*>', html)
    assert sources and all(src.startswith("/static/") for src in sources)
    assert "cdn" not in html.lower()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    for tag in re.findall(r"<script[^>]*src=[^>]*>", html):
        assert f'nonce="{nonce}"' in tag
    # The only inline <script> holds JSON settings, which the browser does not execute.
    inline = re.findall(r"<script(?![^>]*src=)([^>]*)>", html)
    assert inline == [' type="application/json" id="swagger-settings"']
    assert "style=" not in html
