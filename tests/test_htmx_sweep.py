"""Page or partial, the same way on every URL (orbit/htmx.py).

The sweep walks the whole URL conf as a user who owns a row behind every object URL, so a view
added later is held to the same rules: a history restore gets the whole page, and every HTML
response says it varies on HX-Request.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.cache import has_vary_header

from tests.factories import UserFactory
from tests.orbit.urlconf import endpoints
from tests.test_cross_user import _create_rows_for

pytestmark = pytest.mark.django_db

# The admin is staff-only and not ours; the Google views need credentials to answer at all.
SKIPPED_PREFIXES = ("admin/", "accounts/google/")
HTMX = {"HX-Request": "true"}
HISTORY_RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}


def _html_gets(client: Client, headers: dict[str, str]):
    """(url, response) for every GET in the URL conf that answers with HTML."""
    seen = set()
    for endpoint in endpoints():
        url = endpoint.url()
        if url is None or url in seen or endpoint.route.startswith(SKIPPED_PREFIXES):
            continue
        seen.add(url)
        response = client.get(url, headers=headers)
        if response.get("Content-Type", "").startswith("text/html"):
            yield url, response


@pytest.fixture
def owner_client():
    owner = UserFactory()
    _create_rows_for(owner)
    client = Client()
    client.force_login(owner)
    return client


def _is_page(response) -> bool:
    return b"<html" in response.content


def test_a_history_restore_gets_the_whole_page_on_every_url(owner_client):
    """Back after a swap asks with HX-History-Restore-Request; no URL answers with a fragment."""
    fragments = [
        url
        for url, response in _html_gets(owner_client, HTMX)
        if response.status_code == 200 and not _is_page(response)
    ]
    # Not vacuous: these URLs do answer htmx with a fragment, so each could get it wrong.
    assert len(fragments) >= 10, fragments
    restored = dict(_html_gets(owner_client, HISTORY_RESTORE))
    # A redirect is fine too: the browser follows it to a page.
    wrong = [
        url
        for url in fragments
        if not (_is_page(restored[url]) or restored[url].status_code in {301, 302})
    ]
    assert not wrong, f"a history restore got a fragment: {wrong}"


@pytest.mark.parametrize("headers", [{}, HTMX, HISTORY_RESTORE], ids=["page", "htmx", "restore"])
def test_every_html_response_varies_on_hx_request(owner_client, headers):
    """A cache must never hand a fragment to a page load, or the other way round."""
    swept = list(_html_gets(owner_client, headers))
    assert len(swept) >= 25
    missing = [
        url
        for url, response in swept
        if not has_vary_header(response, "HX-Request")
        or not has_vary_header(response, "HX-History-Restore-Request")
    ]
    assert not missing, f"no Vary: HX-Request on {missing}"


def test_pages_seen_while_signed_out_vary_too(client):
    assert has_vary_header(client.get("/accounts/login/"), "HX-Request")
