"""A new account takes its time zone from the browser, once; a zone already set is kept."""

import pytest

from orbit.cache import user_data_version
from orbit.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/accounts/timezone/"
PASSPHRASE = "a-long-passphrase-1"


@pytest.fixture
def new_user():
    return UserFactory(timezone="")


def test_a_new_account_stores_the_browsers_zone(
    new_user, client_for, django_capture_on_commit_callbacks
):
    version = user_data_version(new_user.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(new_user).post(URL, {"timezone": "America/Chicago"})
    assert response.status_code == 204
    new_user.refresh_from_db()
    assert new_user.timezone == "America/Chicago"
    assert user_data_version(new_user.pk) != version  # "this week" figures follow the zone


def test_a_browser_reporting_utc_is_stored_as_utc(new_user, client_for):
    client_for(new_user).post(URL, {"timezone": "Etc/UTC"})
    new_user.refresh_from_db()
    assert new_user.timezone == "UTC"


def test_a_zone_already_set_is_kept(client_for):
    """A zone the user chose (or one an earlier visit stored) is never overwritten."""
    user = UserFactory(timezone="Asia/Tokyo")
    assert client_for(user).post(URL, {"timezone": "Europe/Paris"}).status_code == 204
    user.refresh_from_db()
    assert user.timezone == "Asia/Tokyo"


@pytest.mark.parametrize("zone", ["Mars/Base", "", "'; DROP TABLE"])
def test_an_unknown_zone_is_refused_and_nothing_changes(new_user, client_for, zone):
    assert client_for(new_user).post(URL, {"timezone": zone}).status_code == 422
    new_user.refresh_from_db()
    assert new_user.timezone == ""


def test_only_post(new_user, client_for):
    assert client_for(new_user).get(URL).status_code == 405


def test_pages_ask_the_browser_only_while_the_zone_is_unset(new_user, client_for):
    client = client_for(new_user)
    page = client.get("/applications/").content.decode()
    assert f'data-timezone-url="{URL}"' in page and "js/timezone.js" in page
    client.post(URL, {"timezone": "Europe/Berlin"})
    page = client.get("/applications/").content.decode()
    assert "data-timezone-url" not in page and "js/timezone.js" not in page


def test_a_new_account_starts_without_a_zone(client):
    """Signing up leaves the zone unset, so the first page can take the browser's."""
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.com", "password1": PASSPHRASE, "password2": PASSPHRASE},
    )
    assert response.status_code == 302
    assert User.objects.get(email="new@example.com").timezone == ""
