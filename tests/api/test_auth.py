"""Bearer tokens: who gets in, what is recorded, and the per-token rate limit."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from api.models import ApiToken, hash_secret
from tests.api.conftest import API, assert_error, bearer_client
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

ME = f"{API}/me"


def test_token_is_stored_hashed(user, token_for):
    """Only the sha256 of the secret is stored; the prefix is for display."""
    token, secret = token_for(user)
    assert secret.startswith("orb_") and len(secret) > 40
    assert token.token_hash == hash_secret(secret)
    assert secret not in {token.token_hash, token.prefix} and secret.startswith(token.prefix)
    assert not ApiToken.objects.filter(token_hash=secret).exists()


def test_valid_token_authenticates(user, token_for):
    _, secret = token_for(user, name="laptop")
    response = bearer_client(secret).get(ME)
    assert response.status_code == 200
    assert response.json()["data"]["email"] == user.email
    assert response.json()["data"]["token_name"] == "laptop"


@pytest.mark.parametrize(
    "header", [None, "", "Bearer", "Bearer orb_wrong", "Token abc", "Basic dXNlcjpwYXNz"]
)
def test_missing_or_wrong_token_is_unauthorized(db, header):
    headers = {"Authorization": header} if header is not None else {}
    response = Client(headers=headers).get(ME)
    assert_error(response, 401, "UNAUTHORIZED")
    assert response["WWW-Authenticate"] == "Bearer"


def test_revoked_token_is_unauthorized(user, token_for):
    token, secret = token_for(user)
    token.revoke()
    error = assert_error(bearer_client(secret).get(ME), 401, "UNAUTHORIZED")
    assert "revoked" in error["message"]


def test_expired_token_is_unauthorized(user, token_for):
    _, secret = token_for(user, expires_at=timezone.now() - dt.timedelta(seconds=1))
    error = assert_error(bearer_client(secret).get(ME), 401, "UNAUTHORIZED")
    assert "expired" in error["message"]


def test_token_of_deactivated_user_is_unauthorized(user, token_for):
    _, secret = token_for(user)
    user.is_active = False
    user.save()
    assert_error(bearer_client(secret).get(ME), 401, "UNAUTHORIZED")


def test_session_cookie_does_not_authenticate(user_client):
    """A signed-in browser session is not an API credential (so CSRF never matters)."""
    assert_error(user_client.get(ME), 401, "UNAUTHORIZED")
    response = user_client.post(f"{API}/tags", {"name": "x"}, content_type="application/json")
    assert_error(response, 401, "UNAUTHORIZED")


def test_token_writes_need_no_csrf_token(user, token_for):
    """Bearer auth is not ambient, so writes work with CSRF checks enforced."""
    _, secret = token_for(user)
    client = bearer_client(secret, enforce_csrf_checks=True)
    response = client.post(f"{API}/tags", {"name": "remote"}, content_type="application/json")
    assert response.status_code == 201
    assert user.tags.get().name == "remote"


def test_last_used_is_written_at_most_once_a_minute(user, token_for, django_assert_num_queries):
    token, secret = token_for(user)
    client = bearer_client(secret)
    client.get(ME)
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    with django_assert_num_queries(1):  # the token lookup; no UPDATE within the minute
        client.get(ME)
    token.refresh_from_db()
    assert token.last_used_at == first_use
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first_use - dt.timedelta(minutes=2))
    client.get(ME)
    token.refresh_from_db()
    assert token.last_used_at > first_use - dt.timedelta(minutes=1)


def test_rate_limit_per_token(user, token_for, settings):
    """Past the limit a token gets 429 RATE_LIMITED with Retry-After; other tokens do not."""
    settings.API_RATE_LIMIT = "3/m"
    _, secret = token_for(user)
    _, second_secret = token_for(user, name="second")
    client = bearer_client(secret)
    for _ in range(3):
        assert client.get(ME).status_code == 200
    response = client.get(ME)
    error = assert_error(response, 429, "RATE_LIMITED")
    assert 1 <= int(response["Retry-After"]) <= 60
    assert error["details"]["retry_after"] == int(response["Retry-After"])
    assert bearer_client(second_secret).get(ME).status_code == 200


def test_rate_limited_request_changes_nothing(user, token_for, settings):
    settings.API_RATE_LIMIT = "1/m"
    _, secret = token_for(user)
    client = bearer_client(secret)
    client.get(ME)
    response = client.post(f"{API}/tags", {"name": "x"}, content_type="application/json")
    assert response.status_code == 429
    assert not user.tags.exists()


def test_me_shows_only_the_token_owner(api_client, user, other_user):
    ApplicationFactory(user=other_user)
    data = api_client.get(ME).json()["data"]
    assert data["id"] == user.pk and data["email"] == user.email


def test_admin_lists_tokens_and_revokes(client_for, token_for, user):
    """Support staff see tokens (never secrets) and can revoke them."""
    from tests.factories import UserFactory

    staff = UserFactory(is_staff=True, is_superuser=True)
    token, secret = token_for(user, name="from-admin")
    admin = client_for(staff)
    page = admin.get("/admin/api/apitoken/")
    assert page.status_code == 200 and b"from-admin" in page.content
    assert secret.encode() not in page.content
    response = admin.post(
        "/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
