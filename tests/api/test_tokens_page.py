"""The API tokens settings page: list, create (secret shown once), revoke."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken, hash_secret
from tests.api.conftest import API, bearer_client

pytestmark = pytest.mark.django_db

URL = "/api/v1/tokens/"


def test_page_url_name():
    assert reverse("api:tokens") == URL


def test_page_needs_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_list_full_page_and_partial(user, other_user, client_for, token_for):
    """Own tokens only; the partial is the panel without the layout."""
    token_for(user, name="laptop")
    token_for(other_user, name="someone else")
    page = client_for(user).get(URL)
    partial = client_for(user, htmx=True).get(URL)
    assert page.status_code == partial.status_code == 200
    assert b"<html" in page.content and b"laptop" in page.content
    assert b"<html" not in partial.content and b"laptop" in partial.content
    assert b"someone else" not in page.content + partial.content


def test_list_query_count_is_constant(user, client_for, token_for, django_assert_num_queries):
    for number in range(55):
        token_for(user, name=f"token {number}")
    client = client_for(user, htmx=True)
    client.get(URL)
    with django_assert_num_queries(3):  # session, user, tokens
        response = client.get(URL)
    assert response.content.count(b'<tr id="token-') == 55


@pytest.mark.parametrize("htmx", [False, True])
def test_create_shows_secret_once_and_stores_hash(user, client_for, htmx):
    client = client_for(user, htmx=htmx)
    expires_on = timezone.localdate() + dt.timedelta(days=30)
    response = client.post(URL, {"name": "CLI", "expires_on": expires_on.isoformat()})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=user)
    content = response.content.decode()
    secret = content.split('id="new-token"')[0].rsplit('value="', 1)[1].split('"')[0]
    assert secret.startswith("orb_") and token.token_hash == hash_secret(secret)
    assert token.name == "CLI" and token.expires_at.date() == expires_on + dt.timedelta(days=1)
    assert ("<html" in content) is not htmx
    # The secret works, and is not shown again.
    assert bearer_client(secret).get(f"{API}/me").status_code == 200
    assert secret not in client.get(URL).content.decode()


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(
    "data", [{"name": ""}, {"name": "   "}, {"name": "x", "expires_on": "2000-01-01"}]
)
def test_create_refuses_bad_input_and_keeps_it(user, client_for, htmx, data):
    response = client_for(user, htmx=htmx).post(URL, data)
    assert response.status_code == 422
    assert b"errorlist" in response.content and b'id="new-token"' not in response.content
    if data.get("expires_on"):
        assert b'value="2000-01-01"' in response.content
    assert not ApiToken.objects.exists()


def test_create_without_expiry(user, client_for):
    client_for(user).post(URL, {"name": "forever"})
    assert ApiToken.objects.get(user=user).expires_at is None


def test_revoke_full_page_redirects(user, client_for, token_for):
    token, secret = token_for(user, name="old")
    response = client_for(user).post(reverse("api:token-revoke", args=[token.pk]))
    assert response.status_code == 302 and response["Location"] == URL
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert bearer_client(secret).get(f"{API}/me").status_code == 401


def test_revoke_partial_renders_panel(user, client_for, token_for):
    token, _ = token_for(user, name="old")
    response = client_for(user, htmx=True).post(reverse("api:token-revoke", args=[token.pk]))
    assert response.status_code == 200
    assert b"<html" not in response.content and b"Revoked" in response.content
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.parametrize("htmx", [False, True])
def test_revoke_another_users_token_is_not_found(user, other_user, client_for, token_for, htmx):
    token, _ = token_for(other_user)
    response = client_for(user, htmx=htmx).post(reverse("api:token-revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoke_needs_post(user, client_for, token_for):
    token, _ = token_for(user)
    assert client_for(user).get(reverse("api:token-revoke", args=[token.pk])).status_code == 405


def test_create_requires_csrf(user, client_for):
    response = client_for(user, enforce_csrf_checks=True).post(URL, {"name": "x"})
    assert response.status_code == 403
    assert not ApiToken.objects.exists()


def test_tokens_page_is_not_in_openapi(client):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    assert not any("tokens" in path for path in paths)
