"""Bulk actions on the list: status, tags, archive and delete, refused rows reported."""

import json

import pytest

from applications.models import Application, EventKind, EventSource
from applications.status import Status
from tests.applications.lists_helpers import BULK_URL, LIST_URL, htmx, row_ids
from tests.factories import ApplicationFactory, TagFactory

pytestmark = pytest.mark.django_db

NEXT = "/applications/?status=applied&status=accepted&sort=company"


def toast(response) -> dict:
    return json.loads(response["HX-Trigger"])["toast"]


def post(client, data: dict, *, partial: bool):
    headers = htmx("results") if partial else {}
    return client.post(BULK_URL, {"next": NEXT, **data}, headers=headers)


@pytest.mark.parametrize("partial", [True, False], ids=["htmx", "page"])
def test_change_status_moves_rows_and_reports_refused(user_client, user, partial):
    """Allowed moves happen with an event each; a refused row is named with the reason."""
    applied = ApplicationFactory(user=user, company="Acme", status=Status.APPLIED)
    accepted = ApplicationFactory(user=user, company="Finalco", status=Status.ACCEPTED)
    response = post(
        user_client,
        {"action": "status", "status": "offer", "ids": [applied.pk, accepted.pk]},
        partial=partial,
    )
    applied.refresh_from_db()
    accepted.refresh_from_db()
    assert applied.status == Status.OFFER and accepted.status == Status.ACCEPTED
    event = applied.events.get(kind=EventKind.STATUS_CHANGE)
    assert (event.from_status, event.to_status, event.source) == ("applied", "offer", "manual")
    assert not accepted.events.exists()
    if partial:
        assert response.status_code == 200 and b'id="results"' in response.content
        assert b"<html" not in response.content
        message = toast(response)
        assert message["level"] == "warning"
        assert "Moved 1 application to offer." in message["message"]
        assert "Finalco: Accepted is final" in message["message"]
        # The re-rendered results are the list the user was looking at (its filters kept).
        assert row_ids(response) == [accepted.pk]
    else:
        assert response.status_code == 302
        assert response["Location"] == "/applications/?status=applied&status=accepted&sort=company"
        page = user_client.get(response["Location"]).content.decode()
        assert "Finalco: Accepted is final" in page


def test_all_refused_is_an_error(htmx_client, user):
    """When no row can move, the toast is an error and nothing changes."""
    rejected = ApplicationFactory(user=user, status=Status.REJECTED)
    response = htmx_client.post(
        BULK_URL, {"action": "status", "status": "applied", "ids": [rejected.pk]}
    )
    assert toast(response)["level"] == "error"
    rejected.refresh_from_db()
    assert rejected.status == Status.REJECTED


@pytest.mark.parametrize("partial", [True, False], ids=["htmx", "page"])
def test_add_and_remove_tag(user_client, user, partial):
    """A tag is added to every selected row and removed again, other rows untouched."""
    tag = TagFactory(user=user, name="remote")
    selected = ApplicationFactory.create_batch(3, user=user)
    untouched = ApplicationFactory(user=user)
    ids = [application.pk for application in selected]
    response = post(user_client, {"action": "add_tag", "tag": tag.pk, "ids": ids}, partial=partial)
    assert set(tag.applications.values_list("pk", flat=True)) == set(ids)
    if partial:
        assert toast(response) == {
            "message": "Tagged 3 applications with “remote”.",
            "level": "success",
        }
    else:
        assert response.status_code == 302
    post(user_client, {"action": "remove_tag", "tag": tag.pk, "ids": ids[:2]}, partial=partial)
    assert list(tag.applications.values_list("pk", flat=True)) == [ids[2]]
    assert not untouched.tags.exists()


def test_someone_elses_tag_is_refused(htmx_client, user, other_user):
    """A tag id of another user is not applied."""
    foreign = TagFactory(user=other_user)
    application = ApplicationFactory(user=user)
    response = htmx_client.post(
        BULK_URL, {"action": "add_tag", "tag": foreign.pk, "ids": [application.pk]}
    )
    assert toast(response)["level"] == "error" and not application.tags.exists()


@pytest.mark.parametrize("partial", [True, False], ids=["htmx", "page"])
def test_archive(user_client, user, partial):
    """Archived rows leave the default list."""
    first, second = ApplicationFactory.create_batch(2, user=user)
    keep = ApplicationFactory(user=user)
    response = post(
        user_client, {"action": "archive", "ids": [first.pk, second.pk]}, partial=partial
    )
    assert set(Application.objects.archived().values_list("pk", flat=True)) == {first.pk, second.pk}
    if partial:
        assert toast(response)["message"] == "Archived 2 applications."
    assert row_ids(user_client.get(LIST_URL)) == [keep.pk]


def test_bulk_delete_offers_undo_for_all(client_for, user):
    """Bulk delete soft-deletes and sends an Undo toast restoring all of them."""
    client = client_for(user)
    doomed = ApplicationFactory.create_batch(3, user=user)
    ids = [application.pk for application in doomed]
    response = client.post(
        BULK_URL,
        {"action": "delete", "ids": ids, "next": "/applications/?q=x"},
        headers=htmx("results"),
    )
    assert Application.objects.trash_for(user).count() == 3
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="results"')
    assert toast(response) == {
        "message": "Moved 3 applications to the trash.",
        "level": "success",
        "undo": {
            "url": "/applications/restore/",
            "fields": {"ids": ids, "next": "/applications/?q=x"},
            "target": "#results",
            "swap": "outerHTML",
        },
    }


def test_bulk_delete_without_js_shows_undo_on_the_list(user_client, user):
    """Without htmx, the redirect lands on the list with an Undo form once."""
    doomed = ApplicationFactory.create_batch(2, user=user)
    response = post(user_client, {"action": "delete", "ids": [a.pk for a in doomed]}, partial=False)
    assert response.status_code == 302 and response["Location"] == NEXT
    page = user_client.get(NEXT).content.decode()
    assert 'action="/applications/restore/"' in page and "Undo" in page
    assert 'action="/applications/restore/"' not in user_client.get(NEXT).content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"action": "status", "status": "offer"},
        {"action": "status", "status": "nonsense", "ids": ["ID"]},
        {"action": "explode", "ids": ["ID"]},
        {"action": "add_tag", "tag": "", "ids": ["ID"]},
    ],
    ids=["no-selection", "bad-status", "bad-action", "no-tag"],
)
def test_bad_bulk_input_changes_nothing_and_keeps_selection(user_client, user, data):
    """Bad input gives an error toast, keeps the rows ticked, and touches nothing."""
    application = ApplicationFactory(user=user, status=Status.APPLIED)
    data = {k: [application.pk] if v == ["ID"] else v for k, v in data.items()}
    response = user_client.post(BULK_URL, data, headers=htmx("results"))
    assert toast(response)["level"] == "error"
    application.refresh_from_db()
    assert application.status == Status.APPLIED and not application.events.exists()
    if "ids" in data:
        assert (
            f'value="{application.pk}" form="bulk" class="lists-select"'
            in response.content.decode()
        )
        assert "checked" in response.content.decode()
    page = user_client.post(BULK_URL, data)
    assert page.status_code == 302


def test_other_users_rows_are_ignored(user_client, user, other_user):
    """Ids of another user's applications are never touched."""
    theirs = ApplicationFactory(user=other_user, status=Status.APPLIED)
    for action in ("archive", "delete"):
        user_client.post(BULK_URL, {"action": action, "ids": [theirs.pk]}, headers=htmx("results"))
    user_client.post(
        BULK_URL,
        {"action": "status", "status": "offer", "ids": [theirs.pk]},
        headers=htmx("results"),
    )
    theirs.refresh_from_db()
    assert theirs.status == Status.APPLIED and theirs.archived_at is None
    assert theirs.deleted_at is None


def test_bulk_requires_post_and_csrf(client_for, user):
    """GET is refused, and a POST without a CSRF token is rejected."""
    application = ApplicationFactory(user=user)
    strict = client_for(user, enforce_csrf_checks=True)
    assert strict.get(BULK_URL).status_code == 405
    response = strict.post(BULK_URL, {"action": "archive", "ids": [application.pk]})
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.archived_at is None


def test_status_event_source_is_manual(htmx_client, user):
    """Bulk moves are recorded as the user's own (manual) moves."""
    application = ApplicationFactory(user=user, status=Status.APPLIED)
    htmx_client.post(BULK_URL, {"action": "status", "status": "screening", "ids": [application.pk]})
    assert application.events.get().source == EventSource.MANUAL


@pytest.mark.parametrize("partial", [True, False], ids=["htmx", "page"])
def test_bulk_status_change_query_count_is_constant(
    user, client_for, partial, django_assert_num_queries
):
    """Moving 60 rows (some refused) costs the queries moving 2 costs, one event per move."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(user, htmx=partial)
    client.get(LIST_URL)  # the session's first hit may write it
    few = ApplicationFactory.create_batch(2, user=user, status=Status.APPLIED)
    few.append(ApplicationFactory(user=user, status=Status.REJECTED))
    data = {"action": "status", "status": "screening", "next": LIST_URL}
    with CaptureQueriesContext(connection) as small:
        client.post(BULK_URL, {**data, "ids": [a.pk for a in few]})
    many = ApplicationFactory.create_batch(50, user=user, status=Status.APPLIED)
    many += ApplicationFactory.create_batch(10, user=user, status=Status.REJECTED)
    with django_assert_num_queries(len(small)):
        client.post(BULK_URL, {**data, "ids": [a.pk for a in many]})
    moved = Application.objects.filter(pk__in=[a.pk for a in many], status=Status.SCREENING)
    assert moved.count() == 50
    assert (
        Application.objects.get(pk=many[0].pk).events.get(kind=EventKind.STATUS_CHANGE).to_status
        == Status.SCREENING
    )
