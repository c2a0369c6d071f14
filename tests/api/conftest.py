"""API fixtures: a real token for a real user, and clients that send it."""

from collections.abc import Callable

import pytest
from django.test import Client

from api.models import ApiToken

API = "/api/v1"


def bearer_client(secret: str, **kwargs) -> Client:
    return Client(headers={"Authorization": f"Bearer {secret}"}, **kwargs)


@pytest.fixture
def token_for(db) -> Callable[..., tuple[ApiToken, str]]:
    def make(user, **kwargs) -> tuple[ApiToken, str]:
        return ApiToken.objects.issue(user=user, name=kwargs.pop("name", "tests"), **kwargs)

    return make


@pytest.fixture
def api_client(user, token_for) -> Client:
    """A client that authenticates as `user` with a bearer token and no session."""
    _, secret = token_for(user)
    return bearer_client(secret)


@pytest.fixture
def other_client(other_user, token_for) -> Client:
    _, secret = token_for(other_user)
    return bearer_client(secret)


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["details"], dict)
    return body["error"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """UserFactory sets a password; PBKDF2's deliberate slowness buys nothing in these tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
