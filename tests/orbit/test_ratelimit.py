"""Login and signup are rate-limited on Redis; a blocked request gets a friendly 429."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@override_settings(LOGIN_RATE_LIMIT="3/m")
def test_login_blocks_after_limit_with_429_page(client, redis_cache):
    """The fourth failed POST within a minute gets the 429 page, not a 403."""
    UserFactory(email="ada@example.com")
    for _ in range(3):
        response = client.post(
            reverse("account_login"), {"login": "ada@example.com", "password": "x"}
        )
        assert response.status_code == 200
    response = client.post(reverse("account_login"), {"login": "ada@example.com", "password": "x"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Too many attempts" in response.content.decode()
    assert any(key for key in redis_cache.keys("*"))  # counted in Redis


@override_settings(LOGIN_RATE_LIMIT="3/m")
def test_login_gets_do_not_count(client, redis_cache):
    """Looking at the form is never limited."""
    for _ in range(6):
        assert client.get(reverse("account_login")).status_code == 200


@override_settings(LOGIN_RATE_LIMIT="3/m")
def test_login_limited_per_email_across_ips(client, redis_cache):
    """One account cannot be hammered from many addresses."""
    for index in range(3):
        client.post(
            reverse("account_login"),
            {"login": "Ada@Example.com", "password": "x"},
            REMOTE_ADDR=f"10.0.0.{index}",
        )
    blocked = client.post(
        reverse("account_login"),
        {"login": "ada@example.com", "password": "x"},
        REMOTE_ADDR="10.0.0.9",
    )
    other = client.post(
        reverse("account_login"),
        {"login": "bob@example.com", "password": "x"},
        REMOTE_ADDR="10.0.0.8",
    )
    assert blocked.status_code == 429
    assert other.status_code == 200


@override_settings(LOGIN_RATE_LIMIT="3/m")
def test_blocked_login_does_not_sign_in_even_with_right_password(client, redis_cache):
    """Once blocked, correct credentials are refused too, and no session is created."""
    UserFactory(email="ada@example.com")
    for _ in range(3):
        client.post(reverse("account_login"), {"login": "ada@example.com", "password": "x"})
    response = client.post(
        reverse("account_login"), {"login": "ada@example.com", "password": "correct-horse-battery"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(SIGNUP_RATE_LIMIT="2/m")
def test_signup_blocks_after_limit(client, redis_cache):
    """Signups from one IP are limited; the blocked one creates no user."""
    from orbit.models import User

    for index in range(2):
        client.post(
            reverse("account_signup"),
            {"email": f"u{index}@example.com", "password1": "pw-long-9-x", "password2": "nope"},
        )
    response = client.post(
        reverse("account_signup"),
        {
            "email": "late@example.com",
            "password1": "a-long-pass-phrase-9",
            "password2": "a-long-pass-phrase-9",
        },
    )
    assert response.status_code == 429
    assert not User.objects.filter(email="late@example.com").exists()


@override_settings(LOGIN_RATE_LIMIT="1/m")
def test_blocked_htmx_request_gets_429_too(client, redis_cache):
    """An HTMX POST gets the same 429 status."""
    client.post(reverse("account_login"), {"login": "a@example.com", "password": "x"})
    response = client.post(
        reverse("account_login"),
        {"login": "a@example.com", "password": "x"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 429
