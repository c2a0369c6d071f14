"""The sessions page: list live sessions, sign out one or every other."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from orbit.models import SessionRecord
from orbit.user_agents import describe_user_agent

pytestmark = pytest.mark.django_db

CHROME_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0"
EDGE_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0"
)
CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)


@pytest.mark.parametrize(
    ("user_agent", "label"),
    [
        (CHROME_MAC, "Chrome on macOS"),
        (SAFARI_IPHONE, "Safari on iPhone"),
        (FIREFOX_WINDOWS, "Firefox on Windows"),
        (EDGE_WINDOWS, "Edge on Windows"),
        (CHROME_ANDROID, "Chrome on Android"),
        ("curl/8.5.0", "curl"),
        ("", "Unknown device"),
    ],
)
def test_describe_user_agent(user_agent, label):
    """User agents become short readable device labels."""
    assert describe_user_agent(user_agent) == label


def _other_session(user, *, user_agent=FIREFOX_WINDOWS, ip="203.0.113.7", days_ago=1):
    """A real signed-in session elsewhere, with the record the middleware would write."""
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store.create()
    return SessionRecord.objects.create(
        user=user,
        session_key=store.session_key,
        user_agent=user_agent,
        ip_address=ip,
        last_seen=timezone.now() - timedelta(days=days_ago),
    )


def _signed_in(user, *, htmx=False) -> Client:
    """Sign in through a request so the middleware records this device."""
    client = Client(headers={"User-Agent": CHROME_MAC, **({"HX-Request": "true"} if htmx else {})})
    client.force_login(user)
    client.get(reverse("sessions"))
    return client


def test_middleware_records_the_current_session(user):
    """A signed-in request leaves a record with device, IP and last seen."""
    client = _signed_in(user)
    record = SessionRecord.objects.get(user=user)
    assert record.session_key == client.session.session_key
    assert record.device == "Chrome on macOS"
    assert record.ip_address == "127.0.0.1"


def test_sessions_page_lists_live_sessions_with_this_device(user, other_user):
    """Full page: own live sessions with labels; dead and foreign sessions are not shown."""
    client = _signed_in(user)
    _other_session(user)
    dead = _other_session(user, user_agent=EDGE_WINDOWS)
    Session.objects.filter(session_key=dead.session_key).delete()
    _other_session(other_user, user_agent=CHROME_ANDROID)
    response = client.get(reverse("sessions"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert "Chrome on macOS" in html and "This device" in html
    assert "Firefox on Windows" in html and "203.0.113.7" in html
    assert "Edge on Windows" not in html
    assert "Chrome on Android" not in html
    assert (
        response.context["sessions"][0].pk
        == SessionRecord.objects.get(session_key=client.session.session_key).pk
    )


def test_sessions_partial_for_htmx(user):
    """HTMX gets only the session list fragment."""
    client = _signed_in(user, htmx=True)
    _other_session(user)
    response = client.get(reverse("sessions"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Firefox on Windows" in html


def test_sessions_page_constant_queries(user, django_assert_max_num_queries):
    """Sixty sessions cost no more queries than a couple."""
    client = _signed_in(user)
    for index in range(60):
        _other_session(user, ip=f"198.51.100.{index}")
    with django_assert_max_num_queries(4):
        response = client.get(reverse("sessions"))
    assert len(response.context["sessions"]) == 61


def test_sessions_page_requires_login(client):
    response = client.get(reverse("sessions"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_sign_out_everywhere_else(user, other_user):
    """Full request: other sessions and records go, this one and other users' stay."""
    client = _signed_in(user)
    first, second = _other_session(user), _other_session(user)
    foreign = _other_session(other_user)
    response = client.post(reverse("sign_out_others"))
    assert response.status_code == 302
    assert response["Location"] == reverse("sessions")
    remaining = set(SessionRecord.objects.values_list("session_key", flat=True))
    assert remaining == {client.session.session_key, foreign.session_key}
    assert not Session.objects.filter(session_key__in=[first.session_key, second.session_key])
    assert client.get(reverse("sessions")).status_code == 200  # still signed in here


def test_sign_out_everywhere_else_htmx(user):
    """HTMX: the list fragment comes back with a toast, and the other session is gone."""
    client = _signed_in(user, htmx=True)
    other = _other_session(user)
    response = client.post(reverse("sign_out_others"))
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "Signed out of 1 other session" in response["HX-Trigger"]
    assert not SessionRecord.objects.filter(pk=other.pk).exists()
    assert not Session.objects.filter(session_key=other.session_key).exists()


def test_signed_out_session_is_really_signed_out(user):
    """The browser whose session was ended is sent to sign in on its next request."""
    client = _signed_in(user)
    elsewhere = _signed_in(user)
    client.post(reverse("sign_out_others"))
    assert elsewhere.get(reverse("sessions")).status_code == 302


def test_sign_out_one_session(user):
    """Full and HTMX: one named session ends, the rest stay."""
    client = _signed_in(user)
    target, keep = _other_session(user), _other_session(user)
    response = client.post(reverse("sign_out_session", args=[target.pk]))
    assert response.status_code == 302
    assert not SessionRecord.objects.filter(pk=target.pk).exists()
    assert SessionRecord.objects.filter(pk=keep.pk).exists()
    htmx = _signed_in(user, htmx=True)
    response = htmx.post(reverse("sign_out_session", args=[keep.pk]))
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert not SessionRecord.objects.filter(pk=keep.pk).exists()


def test_sign_out_current_session_logs_out(user):
    """Ending the session in use signs this browser out."""
    client = _signed_in(user, htmx=True)
    current = SessionRecord.objects.get(session_key=client.session.session_key)
    response = client.post(reverse("sign_out_session", args=[current.pk]))
    assert response["HX-Redirect"] == reverse("account_login")
    assert "_auth_user_id" not in client.session


def test_sign_out_another_users_session_is_404(user, other_user):
    """Another user's record id gives 404 and ends nothing."""
    client = _signed_in(user)
    foreign = _other_session(other_user)
    response = client.post(reverse("sign_out_session", args=[foreign.pk]))
    assert response.status_code == 404
    assert SessionRecord.objects.filter(pk=foreign.pk).exists()
    assert Session.objects.filter(session_key=foreign.session_key).exists()


def test_sign_out_requires_post(user):
    client = _signed_in(user)
    assert client.get(reverse("sign_out_others")).status_code == 405
