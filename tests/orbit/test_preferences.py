"""The preferences page: the user's time zone, and dates rendered in it."""

import datetime as dt

import pytest

from orbit.cache import user_data_version

pytestmark = pytest.mark.django_db


def test_preferences_page_and_partial_show_the_current_zone(user, client_for):
    """Full page and HTMX fragment both offer the zone picker with the user's zone selected."""
    user.timezone = "Europe/Paris"
    user.save()
    page = client_for(user).get("/accounts/preferences/")
    partial = client_for(user, htmx=True).get("/accounts/preferences/")
    assert page.status_code == 200 and b"<html" in page.content
    assert partial.status_code == 200 and b"<html" not in partial.content
    for response in (page, partial):
        assert b'<option value="Europe/Paris" selected>' in response.content


def test_saving_a_zone_updates_the_user_and_invalidates_cached_figures(
    user, client_for, django_capture_on_commit_callbacks
):
    """A valid zone is stored, the data version moves, and a normal POST redirects."""
    before = user_data_version(user.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(user).post(
            "/accounts/preferences/", {"timezone": "America/Los_Angeles"}
        )
    assert response.status_code == 302 and response["Location"] == "/accounts/preferences/"
    user.refresh_from_db()
    assert user.timezone == "America/Los_Angeles"
    assert user_data_version(user.pk) > before


def test_htmx_save_returns_the_fragment_marked_saved(user, client_for):
    """An HTMX save answers with the form fragment saying it was saved."""
    response = client_for(user, htmx=True).post(
        "/accounts/preferences/", {"timezone": "Asia/Tokyo"}
    )
    assert response.status_code == 200 and b"Saved." in response.content
    user.refresh_from_db()
    assert user.timezone == "Asia/Tokyo"


@pytest.mark.parametrize("htmx, status", [(False, 422), (True, 422)])
def test_unknown_zone_is_refused_with_a_message(user, client_for, htmx, status):
    """An unknown zone re-renders the form with an error and changes nothing."""
    response = client_for(user, htmx=htmx).post("/accounts/preferences/", {"timezone": "Mars/Base"})
    assert response.status_code == status
    assert b"Select a valid choice" in response.content
    user.refresh_from_db()
    assert user.timezone == "UTC"


def test_dates_render_in_the_users_zone(user, client_for):
    """A note written at 23:30 UTC shows the next day's date for a user in Auckland."""
    from applications.services import editing, notes

    application = editing.create_application(user=user, company="Acme", role="Dev")
    notes.add_note(
        application=application,
        text="Late call",
        occurred_at=dt.datetime(2026, 3, 2, 23, 30, tzinfo=dt.UTC),
    )
    utc_page = client_for(user).get(f"/applications/{application.pk}/")
    user.timezone = "Pacific/Auckland"
    user.save()
    page = client_for(user).get(f"/applications/{application.pk}/")
    assert b"2 Mar 2026, 23:30" in utc_page.content
    assert b"3 Mar 2026, 12:30" in page.content  # NZDT is UTC+13 in March
