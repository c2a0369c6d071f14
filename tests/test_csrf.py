"""A signed-in POST without a CSRF token is refused on every URL outside the token-auth API.

The URL conf is walked, so a new view cannot forget CSRF protection unnoticed.
"""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import UserFactory
from tests.orbit.urlconf import endpoints

pytestmark = pytest.mark.django_db

# The JSON API authenticates with bearer tokens, never cookies, so CSRF does not apply there.
API_PREFIX = "/api/"
# Views that are csrf_exempt on purpose, with the protection they use instead.
EXEMPT = {
    # Google One Tap posts from Google's script; allauth checks Google's own double-submit
    # cookie (g_csrf_token) and a Google-signed ID token instead (tested below).
    "google_login_by_token",
}


def test_post_without_csrf_token_is_refused_everywhere():
    user = UserFactory(is_staff=True, is_superuser=True)
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(user)
    checked, unprotected, unbuildable = [], [], []
    for endpoint in endpoints():
        url = endpoint.url()
        if url is None:
            # Shadowed duplicates (allauth's login/signup behind our rate-limited ones) do not
            # resolve to themselves; anything else we cannot build is reported.
            if endpoint.int_kwargs:
                unbuildable.append(endpoint.route)
            continue
        if url.startswith(API_PREFIX) or endpoint.name in EXEMPT:
            continue
        checked.append(url)
        response = client.post(url, {"anything": "1"})
        if response.status_code != 403:
            unprotected.append(f"{url} ({endpoint.name}): {response.status_code}")
    assert not unprotected, "POST without a CSRF token was not refused:\n" + "\n".join(unprotected)
    assert not unbuildable, unbuildable
    assert len(checked) > 40


def test_post_with_csrf_token_is_accepted():
    """The same client with a token gets through, so the 403s above are about CSRF."""
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/accounts/sessions/")
    token = client.cookies["csrftoken"].value
    response = client.post("/accounts/sessions/sign-out-others/", headers={"X-CSRFToken": token})
    assert response.status_code == 302


def test_google_one_tap_refuses_a_post_without_its_double_submit_cookie(client):
    """The one exempt view still refuses a forged POST: nobody gets signed in."""
    google = {"google": {"APPS": [{"client_id": "test-client-id", "secret": "s", "key": ""}]}}
    with override_settings(GOOGLE_CLIENT_ID="test-client-id", SOCIALACCOUNT_PROVIDERS=google):
        response = client.post(reverse("google_login_by_token"), {"credential": "forged"})
    assert response.status_code < 500
    assert "_auth_user_id" not in client.session
