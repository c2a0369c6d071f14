"""Soft delete with Undo, the trash page, restore and purge."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.models import Application
from tests.applications.lists_helpers import LIST_URL, TRASH_URL, htmx, row_ids, trash_ids, trashed
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def toast(response) -> dict:
    return json.loads(response["HX-Trigger"])["toast"]


def url(pk: int, action: str) -> str:
    return f"/applications/{pk}/{action}/"


# --- delete and undo ----------------------------------------------------------------------


def test_delete_from_the_list_with_undo_toast(user_client, user):
    """Deleting a row re-renders the list without it and sends an Undo toast."""
    doomed = ApplicationFactory(user=user, company="Doomed")
    kept = ApplicationFactory(user=user)
    response = user_client.post(
        url(doomed.pk, "delete"), {"next": "/applications/?sort=company"}, headers=htmx("results")
    )
    doomed.refresh_from_db()
    assert doomed.deleted_at is not None
    assert row_ids(response) == [kept.pk]
    assert toast(response) == {
        "message": f"Moved “{doomed}” to the trash.",
        "level": "success",
        "undo": {
            "url": f"/applications/{doomed.pk}/restore/",
            "fields": {"ids": [doomed.pk], "next": "/applications/?sort=company"},
            "target": "#results",
            "swap": "outerHTML",
        },
    }


def test_delete_without_js_redirects_with_undo_on_the_list(user_client, user):
    """A plain POST redirects to the list, which shows the Undo form once."""
    doomed = ApplicationFactory(user=user)
    response = user_client.post(url(doomed.pk, "delete"), {"next": "/applications/?q=acme"})
    assert response.status_code == 302 and response["Location"] == "/applications/?q=acme"
    page = user_client.get(LIST_URL).content.decode()
    assert f'action="/applications/{doomed.pk}/restore/"' in page
    assert Application.objects.trash_for(user).get() == doomed


def test_delete_from_another_page_redirects_to_the_list(user_client, user):
    """An htmx delete from elsewhere (e.g. the detail page) sends the browser to the list."""
    doomed = ApplicationFactory(user=user)
    response = user_client.post(url(doomed.pk, "delete"), headers=htmx("detail"))
    assert response["HX-Redirect"] == LIST_URL
    assert f"/applications/{doomed.pk}/restore/" in user_client.get(LIST_URL).content.decode()


def test_undo_restores_and_removes_the_toast(user_client, user):
    """Undo puts the application back in the list and deletes its own toast."""
    application = trashed(user, 1)[0]
    response = user_client.post(
        url(application.pk, "restore"),
        {"next": "/applications/", "toast": "undo-0123456789abcdef"},
        headers=htmx("results"),
    )
    application.refresh_from_db()
    assert application.deleted_at is None
    assert row_ids(response) == [application.pk]
    assert (
        '<div id="undo-0123456789abcdef" hx-swap-oob="delete"></div>' in response.content.decode()
    )
    assert toast(response) == {"message": "Restored 1 application.", "level": "success"}


def test_undo_ignores_a_malformed_toast_id(htmx_client, user):
    """Only our own toast ids are echoed back into the page."""
    application = trashed(user, 1)[0]
    response = htmx_client.post(
        url(application.pk, "restore"), {"toast": '"><img src=x>'}, headers={"HX-Target": "results"}
    )
    assert b"<img" not in response.content and b"hx-swap-oob" not in response.content


@pytest.mark.parametrize("partial", [True, False], ids=["htmx", "page"])
def test_restore_many(user_client, user, partial):
    """The bulk Undo restores every listed application of the user."""
    rows = trashed(user, 3)
    still_trashed = trashed(user, 1)[0]
    headers = htmx("results") if partial else {}
    response = user_client.post(
        "/applications/restore/",
        {"ids": [row.pk for row in rows], "next": "/applications/?q="},
        headers=headers,
    )
    assert Application.objects.trash_for(user).get() == still_trashed
    if partial:
        assert sorted(row_ids(response)) == sorted(row.pk for row in rows)
        assert toast(response)["message"] == "Restored 3 applications."
    else:
        assert response.status_code == 302 and response["Location"] == "/applications/?q="


def test_restore_many_with_nothing_to_restore(htmx_client, user):
    """Pressing Undo twice tells the user there is nothing left, and changes nothing."""
    application = ApplicationFactory(user=user)
    response = htmx_client.post("/applications/restore/", {"ids": [application.pk]})
    assert toast(response) == {"message": "Nothing left to restore.", "level": "info"}


def test_restore_rejects_an_outside_next(user_client, user):
    """A `next` pointing off-site is not followed."""
    application = trashed(user, 1)[0]
    response = user_client.post(url(application.pk, "restore"), {"next": "https://evil.example/"})
    assert response["Location"] == LIST_URL


# --- the trash page -----------------------------------------------------------------------


def test_trash_page_and_partial(user_client, user):
    """The trash lists only deleted applications, as a page and as the trash-list fragment."""
    gone = trashed(user, 2)
    ApplicationFactory(user=user)
    page = user_client.get(TRASH_URL)
    partial = user_client.get(TRASH_URL, headers=htmx("trash-list"))
    assert b"<html" in page.content and b"<html" not in partial.content
    assert partial.content.lstrip().startswith(b'<div id="trash-list"')
    assert sorted(trash_ids(page)) == sorted(trash_ids(partial)) == sorted(a.pk for a in gone)
    assert b"Empty trash" in page.content and b"Delete forever" in page.content


def test_empty_trash_page(user_client, user):
    """An empty trash says so."""
    assert b"The trash is empty." in user_client.get(TRASH_URL).content


def test_trash_paginates(user_client, user, settings):
    """The trash pages like the list."""
    settings.ORBIT_PAGE_SIZE = 4
    trashed(user, 6)
    second = user_client.get(TRASH_URL, {"page": 2}, headers=htmx("trash-list"))
    assert len(trash_ids(second)) == 2 and b"Page 2 of 2" in second.content


@pytest.mark.parametrize("headers", [{}, htmx("trash-list")], ids=["page", "partial"])
def test_trash_query_count_is_constant(
    client_for, user, headers, django_assert_num_queries, settings
):
    """The trash costs the same queries for 3 rows as for 60 rows with tags."""
    settings.ORBIT_PAGE_SIZE = 100
    client = client_for(user)
    client.get(TRASH_URL)
    trashed(user, 3)
    with CaptureQueriesContext(connection) as baseline:
        client.get(TRASH_URL, headers=headers)
    # session, user, count, rows, tags prefetch; other areas' nav badges may add to the page.
    assert len(baseline) <= (5 if headers else 7)
    trashed(user, 57, tags_per_row=3)
    with django_assert_num_queries(len(baseline)):
        response = client.get(TRASH_URL, headers=headers)
    assert len(trash_ids(response)) == 60


def test_restore_from_the_trash_page(user_client, user):
    """Restore on the trash page re-renders the trash list without the row."""
    first, second = trashed(user, 2)
    response = user_client.post(
        url(first.pk, "restore"), {"next": TRASH_URL}, headers=htmx("trash-list")
    )
    assert trash_ids(response) == [second.pk]
    first.refresh_from_db()
    assert first.deleted_at is None
    page = user_client.post(url(second.pk, "restore"), {"next": TRASH_URL})
    assert page.status_code == 302 and page["Location"] == TRASH_URL


@pytest.mark.parametrize("partial", [True, False], ids=["htmx", "page"])
def test_purge_deletes_for_good(user_client, user, partial):
    """Delete forever removes the row and its events from the database."""
    doomed, kept = trashed(user, 2)
    headers = htmx("trash-list") if partial else {}
    response = user_client.post(url(doomed.pk, "purge"), {"next": TRASH_URL}, headers=headers)
    assert not Application.objects.filter(pk=doomed.pk).exists()
    assert Application.objects.filter(pk=kept.pk).exists()
    if partial:
        assert trash_ids(response) == [kept.pk]
        assert toast(response)["message"] == "Deleted 1 application forever."
    else:
        assert response.status_code == 302 and response["Location"] == TRASH_URL


def test_purge_refuses_rows_not_in_the_trash(user_client, user):
    """Only trashed applications can be purged; a live one gives 404 and survives."""
    live = ApplicationFactory(user=user)
    assert user_client.post(url(live.pk, "purge")).status_code == 404
    assert Application.objects.filter(pk=live.pk).exists()


@pytest.mark.parametrize("partial", [True, False], ids=["htmx", "page"])
def test_empty_trash(user_client, user, other_user, partial):
    """Empty trash purges the user's trash only, leaving live rows and other users alone."""
    trashed(user, 3)
    live = ApplicationFactory(user=user)
    theirs = ApplicationFactory(user=other_user, deleted_at=timezone.now())
    headers = htmx("trash-list") if partial else {}
    response = user_client.post("/applications/trash/empty/", headers=headers)
    assert list(Application.objects.filter(user=user)) == [live]
    assert Application.objects.filter(pk=theirs.pk).exists()
    if partial:
        assert b"The trash is empty." in response.content
        assert toast(response)["message"] == "Deleted 3 applications forever."
    else:
        assert response["Location"] == TRASH_URL


# --- access -------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["delete", "restore", "purge"])
@pytest.mark.parametrize("headers", [{}, htmx("results")], ids=["page", "htmx"])
def test_another_users_id_is_404(user_client, other_user, action, headers):
    """Every pk URL of the list answers 404 for another user's application, live or trashed."""
    live = ApplicationFactory(user=other_user)
    gone = ApplicationFactory(user=other_user, deleted_at=timezone.now())
    for application in (live, gone):
        response = user_client.post(url(application.pk, action), headers=headers)
        assert response.status_code == 404
    live.refresh_from_db()
    gone.refresh_from_db()
    assert live.deleted_at is None and gone.deleted_at is not None


@pytest.mark.parametrize("action", ["delete", "restore", "purge"])
def test_pk_urls_need_post_and_csrf(client_for, user, action):
    """GET is refused, and POST without a CSRF token is rejected."""
    application = ApplicationFactory(
        user=user, deleted_at=None if action == "delete" else timezone.now()
    )
    strict = client_for(user, enforce_csrf_checks=True)
    assert strict.get(url(application.pk, action)).status_code == 405
    assert strict.post(url(application.pk, action)).status_code == 403
    assert Application.objects.filter(pk=application.pk).exists()


def test_anonymous_is_sent_to_sign_in(client, user):
    """The trash needs a signed-in user."""
    assert client.get(TRASH_URL).status_code == 302
