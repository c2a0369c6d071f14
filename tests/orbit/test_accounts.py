"""Sign in, sign up, sign out and the Google button."""

import pytest
from django.test import override_settings
from django.urls import reverse

from orbit.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def test_login_page_renders_in_orbit_layout(client):
    """The sign-in page uses base.html and our own form markup."""
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sign in to Orbit" in html
    assert "css/orbit.css" in html
    assert 'name="login"' in html and 'name="password"' in html


def test_login_with_email_and_password_signs_in(client):
    """Correct credentials sign the user in and redirect to the app."""
    user = UserFactory(email="ada@example.com")
    response = client.post(
        reverse("account_login"), {"login": "ada@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_with_wrong_password_rerenders_with_error_and_keeps_email(client):
    """A wrong password shows an error, keeps the typed email and does not sign in."""
    UserFactory(email="ada@example.com")
    response = client.post(
        reverse("account_login"), {"login": "ada@example.com", "password": "nope"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert 'value="ada@example.com"' in html
    assert "_auth_user_id" not in client.session


def test_signup_creates_user_and_signs_in(client):
    """Signing up with an email and a good password creates the account."""
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.com",
            "password1": "a-long-pass-phrase-9",
            "password2": "a-long-pass-phrase-9",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@example.com")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_with_mismatched_passwords_keeps_input(client):
    """A bad signup re-renders with the error and the email kept; no user is created."""
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.com",
            "password1": "a-long-pass-phrase-9",
            "password2": "different-9",
        },
    )
    assert response.status_code == 200
    assert 'value="new@example.com"' in response.content.decode()
    assert "errorlist" in response.content.decode()
    assert not User.objects.filter(email="new@example.com").exists()


def test_logout_signs_out(user_client):
    """POST to the logout URL ends the session."""
    response = user_client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in user_client.session


def test_logout_page_renders(user_client):
    """GET shows the confirmation page in our layout."""
    response = user_client.get(reverse("account_logout"))
    assert response.status_code == 200
    assert "Sign out of Orbit on this device?" in response.content.decode()


@override_settings(GOOGLE_CLIENT_ID="")
def test_google_button_hidden_without_credentials(client):
    """No Google button when GOOGLE_CLIENT_ID is unset."""
    assert "Sign in with Google" not in client.get(reverse("account_login")).content.decode()


def test_google_button_is_a_post_form_when_configured(client):
    """With a client id the button posts to allauth's Google login URL."""
    google = {"google": {"APPS": [{"client_id": "test-client-id", "secret": "s", "key": ""}]}}
    with override_settings(GOOGLE_CLIENT_ID="test-client-id", SOCIALACCOUNT_PROVIDERS=google):
        html = client.get(reverse("account_login")).content.decode()
    assert "Sign in with Google" in html
    assert 'method="post" action="/accounts/google/login/' in html


def test_password_reset_page_uses_orbit_layout(client):
    """allauth pages we do not override still render inside base.html."""
    response = client.get(reverse("account_reset_password"))
    assert response.status_code == 200
    assert "css/orbit.css" in response.content.decode()


def test_home_redirects_by_sign_in_state(client, user_client):
    """Anonymous visitors go to sign in; signed-in users to their applications."""
    assert client.get("/")["Location"] == reverse("account_login") + "?next=/"
    assert user_client.get("/")["Location"] == reverse("applications:list")


def test_error_pages_render(client):
    """The 404 page is ours, and the 500 template renders without a request context."""
    from django.template.loader import render_to_string

    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Nothing here" in response.content.decode()
    assert "Something went wrong" in render_to_string("500.html")
