"""The Kanban board: columns, moves through the state machine, refusals, query counts."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import EventKind, EventSource
from applications.services import editing
from applications.status import OUTCOMES, PIPELINE, Status
from tests.factories import ApplicationFactory, TagFactory

pytestmark = pytest.mark.django_db

BOARD = reverse("applications:board")


def move_url(application) -> str:
    return reverse("applications:board-move", args=[application.pk])


def test_board_page_has_a_column_per_active_status_and_outcome_zones(user, user_client):
    """Every pipeline stage is a column with its cards; outcomes are drop zones with counts."""
    tag = TagFactory(user=user, name="fintech")
    card = ApplicationFactory(user=user, company="Monzo", status=Status.SCREENING)
    card.tags.add(tag)
    ApplicationFactory(user=user, company="Closed Co", status=Status.REJECTED)
    response = user_client.get(BOARD)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    for status in PIPELINE:
        assert f'<section class="board-column" data-drop-status="{status.value}"' in html
    for status in OUTCOMES:
        assert f'<div class="board-outcome" data-drop-status="{status.value}"' in html
    assert "Monzo" in html and "fintech" in html and "Applied 10 days ago" in html
    assert "Closed Co" not in html  # outcomes are counted, not listed
    assert 'src="/static/js/board.js"' in html


def test_board_hides_archived_deleted_and_other_users(user, other_user, user_client):
    """Only the user's live, unarchived applications are on the board."""
    ApplicationFactory(user=user, company="Visible")
    ApplicationFactory(user=user, company="Shelved Co", archived_at=timezone.now())
    ApplicationFactory(user=user, company="Trashed", deleted_at=timezone.now())
    ApplicationFactory(user=other_user, company="Stranger")
    html = user_client.get(BOARD).content.decode()
    assert "Visible" in html
    assert "Shelved Co" not in html and "Trashed" not in html and "Stranger" not in html


def test_board_htmx_returns_board_partial(user, htmx_client):
    """An HTMX GET returns only the board fragment."""
    ApplicationFactory(user=user, company="Acme")
    html = htmx_client.get(BOARD).content.decode()
    assert "<html" not in html and html.strip().startswith('<div id="board"') and "Acme" in html


def test_move_full_page_changes_status_and_redirects(user, user_client):
    """The no-JS Move form changes the status, records a manual event and redirects back."""
    application = editing.create_application(user=user, company="Acme", role="Dev")
    response = user_client.post(move_url(application), {"status": Status.SCREENING})
    assert response.status_code == 302 and response.url == BOARD
    application.refresh_from_db()
    assert application.status == Status.SCREENING
    event = application.events.get(kind=EventKind.STATUS_CHANGE)
    assert (event.from_status, event.to_status, event.source) == (
        Status.APPLIED,
        Status.SCREENING,
        EventSource.MANUAL,
    )
    follow = user_client.get(BOARD).content.decode()
    assert "moved to screening" in follow


def test_drop_htmx_returns_board_with_card_moved_and_toast(user, htmx_client):
    """A drop returns the re-rendered board with the card in its new column and a toast."""
    application = editing.create_application(user=user, company="Acme", role="Dev")
    response = htmx_client.post(move_url(application), {"status": Status.REJECTED})
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    assert json.loads(response["HX-Trigger"])["toast"]["level"] == "success"
    html = response.content.decode()
    assert "Acme" not in html  # closed applications leave the columns
    rejected_zone = html.split('<div class="board-outcome" data-drop-status="rejected">')[1]
    assert '<span class="muted">1</span>' in rejected_zone.split("</div>")[0]


def test_invalid_drop_snaps_back_with_reason(user, htmx_client):
    """A refused drop leaves the status alone and says why in an error toast (a 422)."""
    application = editing.create_application(user=user, company="Acme", role="Dev")
    response = htmx_client.post(move_url(application), {"status": Status.WISHLIST})
    assert response.status_code == 422
    toast = json.loads(response["HX-Trigger"])["toast"]
    assert toast["level"] == "error"
    assert toast["message"] == (
        "An application in applied cannot move to wishlist; it can move to screening, "
        "interviewing, offer, rejected, withdrawn, ghosted."
    )
    application.refresh_from_db()
    assert application.status == Status.APPLIED
    assert not application.events.filter(kind=EventKind.STATUS_CHANGE).exists()
    html = response.content.decode()
    applied_column = html.split('data-drop-status="applied"')[1].split("</section>")[0]
    assert "Acme" in applied_column


def test_invalid_move_without_js_shows_message(user, user_client):
    """The no-JS path gets the refusal as a message on the board page."""
    application = editing.create_application(user=user, company="Acme", role="Dev")
    response = user_client.post(move_url(application), {"status": "nonsense"}, follow=True)
    assert "is not a status" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.APPLIED


def test_move_select_offers_only_allowed_targets(user, user_client):
    """Each card's select lists exactly the moves the state machine allows."""
    card = ApplicationFactory(user=user, status=Status.WISHLIST)
    html = user_client.get(BOARD).content.decode()
    select = html.split(f'id="move-{card.pk}-status"')[1].split("</select>")[0]
    assert '"applied"' in select and '"withdrawn"' in select
    assert '"screening"' not in select and '"offer"' not in select


def test_other_users_card_is_404(other_user, user_client, htmx_client):
    """Moving someone else's application is a 404 and changes nothing."""
    foreign = ApplicationFactory(user=other_user)
    assert user_client.post(move_url(foreign), {"status": "screening"}).status_code == 404
    assert htmx_client.post(move_url(foreign), {"status": "screening"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == Status.APPLIED


def test_move_needs_post_and_csrf(user, client_for):
    """GET is not allowed; a POST without a CSRF token is refused."""
    application = ApplicationFactory(user=user)
    strict = client_for(user, enforce_csrf_checks=True)
    assert client_for(user).get(move_url(application)).status_code == 405
    assert strict.post(move_url(application), {"status": "screening"}).status_code == 403
    application.refresh_from_db()
    assert application.status == Status.APPLIED


def _fill_board(user, count: int) -> None:
    statuses = [*PIPELINE, *OUTCOMES]
    tags = TagFactory.create_batch(3, user=user)
    for index in range(count):
        card = ApplicationFactory(user=user, status=statuses[index % len(statuses)])
        card.tags.add(tags[index % 3])


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "partial"])
def test_board_query_count_is_constant(htmx, user, client_for, django_assert_num_queries):
    """The board costs the same queries with 2 or 60 cards, as a page and as a partial."""
    client = client_for(user, htmx=htmx)
    _fill_board(user, 2)
    client.get(BOARD)  # the session's first hit may write it
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(BOARD)
    _fill_board(user, 60)
    with django_assert_num_queries(len(small)):
        response = client.get(BOARD)
    assert response.content.decode().count('class="card board-card"') >= 35
    # session + user + cards + their tags + outcome counts (+ layout on the full page)
    assert len(small) <= 7


def test_move_query_count_is_constant(user, htmx_client, django_assert_num_queries):
    """A drop's re-rendered board does not grow with the number of cards."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = editing.create_application(user=user, company="A", role="B")
    second = editing.create_application(user=user, company="C", role="D")
    htmx_client.get(BOARD)  # the session's first hit may write it
    with CaptureQueriesContext(connection) as small:
        htmx_client.post(move_url(first), {"status": Status.SCREENING})
    _fill_board(user, 60)
    with django_assert_num_queries(len(small)):
        htmx_client.post(move_url(second), {"status": Status.SCREENING})
