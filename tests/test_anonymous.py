"""Deny by default: every URL that is not listed as public sends an anonymous user to sign in.

Like the cross-user sweep beside it, this walks the whole URL conf, so a view added later is
covered without anyone editing this file; making a page public means adding it below.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.conf import settings
from django.test import Client
from django.urls import resolve

from tests.orbit.urlconf import endpoints

pytestmark = pytest.mark.django_db

# Pages anyone may open: signing in and up, password reset, Google's OAuth round trip, the
# health check, the admin's own sign-in form.
PUBLIC = {
    "health",
    "admin:login",
    "account_login",
    "account_logout",
    "account_signup",
    "account_inactive",
    "account_email_verification_sent",
    "account_confirm_email",
    "account_confirm_login_code",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "socialaccount_login_cancelled",
    "socialaccount_login_error",
    "socialaccount_signup",
    "google_login",
    "google_callback",
    "google_login_by_token",
}
# The JSON API authenticates every call with a bearer token, not the session: anonymous calls
# get its 401 (or 405 for a verb the route does not take), never a sign-in redirect.
API_PREFIX = "api/v1/"
API_PUBLIC = {"api:api-root", "api:not-found", "api:openapi-json", "api:openapi-view"}
# Session pages under the API prefix: the tokens settings page.
API_SESSION_PAGES = {"api:tokens", "api:token-revoke"}


# The admin's site-wide screens send strangers to its own sign-in form, the rest to ours.
ADMIN_LOGIN_URL = "/admin/login/"


def _login_redirect(url: str, login_url: str = settings.LOGIN_URL) -> str:
    return f"{login_url}?next={quote(url)}"


def _sign_in_pages(url: str) -> set[str]:
    pages = {_login_redirect(url)}
    if url.startswith("/admin/"):
        pages.add(_login_redirect(url, ADMIN_LOGIN_URL))
    return pages


def _swept():
    for endpoint in endpoints():
        url = endpoint.url()
        if url is not None:
            yield endpoint, url


def test_every_private_url_sends_an_anonymous_user_to_sign_in():
    client = Client()
    problems, private = [], 0
    for endpoint, url in _swept():
        if endpoint.name in PUBLIC or endpoint.name in API_PUBLIC:
            continue
        if endpoint.route.startswith(API_PREFIX) and endpoint.name not in API_SESSION_PAGES:
            continue  # the next test
        private += 1
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if response.status_code != 302 or response["Location"] not in _sign_in_pages(url):
                got = f"{response.status_code} {response.get('Location', '')}"
                problems.append(f"{method.upper()} {url} ({endpoint.name}): {got}")
    assert not problems, "\n".join(problems)
    assert private >= 60, "the sweep found suspiciously few private URLs"


def test_the_api_answers_anonymous_calls_with_json_401():
    client = Client()
    problems, swept = [], 0
    for endpoint, url in _swept():
        if not endpoint.route.startswith(API_PREFIX) or endpoint.name in (
            API_PUBLIC | API_SESSION_PAGES
        ):
            continue
        swept += 1
        statuses = {}
        for method in ("get", "post", "patch"):
            response = getattr(client, method)(url, content_type="application/json")
            statuses[method] = response.status_code
            json = response["Content-Type"].startswith("application/json")
            if not json or response.status_code not in {
                401,
                405,
            }:
                problems.append(f"{method.upper()} {url}: {response.status_code}")
        if 401 not in statuses.values():
            problems.append(f"{url}: no 401 in {statuses}")
    assert not problems, "\n".join(problems)
    assert swept >= 10


def test_public_pages_are_reachable_without_signing_in():
    """Each public name exists, and opening it is never the deny-by-default redirect."""
    client = Client()
    found = {endpoint.name: url for endpoint, url in _swept()}
    missing = (PUBLIC | API_PUBLIC) - set(found) - {"api:not-found"}
    assert not missing, f"public names that are not in the URL conf: {missing}"
    for name in (PUBLIC | API_PUBLIC) - {"api:not-found"}:
        assert resolve(found[name]).func.login_required is False, name
        if name.startswith("google_"):
            continue  # needs Google credentials configured to answer at all
        response = client.get(found[name])
        assert response.get("Location") not in _sign_in_pages(found[name]), name
    assert client.get("/api/v1/no-such-route").status_code == 404


def test_an_htmx_request_without_a_session_reloads_the_sign_in_page():
    """htmx gets HX-Redirect back to the page it is on, not a sign-in form inside a fragment."""
    response = Client().get(
        "/applications/?page=2",
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/applications/board/"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == _login_redirect("/applications/board/")
