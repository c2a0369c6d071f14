"""The Connect Gmail button: allauth's connect flow asking for gmail.readonly, offline."""

from __future__ import annotations

import html

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def google_configured(settings):
    settings.GOOGLE_CLIENT_ID = "client-id.apps.googleusercontent.com"
    settings.SOCIALACCOUNT_PROVIDERS = {
        "google": {
            "SCOPE": ["profile", "email"],
            "AUTH_PARAMS": {"access_type": "online"},
            "APPS": [{"client_id": settings.GOOGLE_CLIENT_ID, "secret": "s", "key": ""}],
        }
    }


def test_connect_button_posts_to_allauth_connect_with_gmail_scope(user_client, google_configured):
    """A normal POST form (not hx-post) to allauth with process=connect and offline consent."""
    body = user_client.get("/mail/settings/").content.decode()
    assert "Connect Gmail" in body
    action = html.unescape(
        body.split(">Connect Gmail</button>")[0].rsplit('action="', 1)[1].split('"')[0]
    )
    assert action.startswith("/accounts/google/login/")
    assert "process=connect" in action
    assert "gmail.readonly" in action
    assert "access_type%3Doffline" in action or "access_type=offline" in action
    assert "prompt%3Dconsent" in action or "prompt=consent" in action
    form = body.split(">Connect Gmail</button>")[0].rsplit("<form", 1)[1]
    assert 'method="post"' in form
    assert "hx-post" not in form
