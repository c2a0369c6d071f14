"""The Review queue: list, accept and dismiss, as full pages and HTMX fragments."""

from __future__ import annotations

import pytest
from django.urls import reverse

from applications.models import Event, EventKind, EventSource
from applications.status import Status
from mail_sync.models import Suggestion
from tests.factories import ApplicationFactory
from tests.htmx_helpers import toast_of
from tests.mail_sync.factories_inbox import (
    GmailAccountFactory,
    MessageFactory,
    SuggestionFactory,
    message_id_of,
)

pytestmark = pytest.mark.django_db

REVIEW = reverse("mail_sync:review")


def pending(user, **fields) -> Suggestion:
    message = MessageFactory(
        account=GmailAccountFactory(user=user),
        kind="rejection",
        company="Acme",
        subject="About your application",
    )
    return SuggestionFactory(message=message, **fields)


def accept_url(suggestion) -> str:
    return reverse("mail_sync:review-accept", args=[suggestion.pk])


def dismiss_url(suggestion) -> str:
    return reverse("mail_sync:review-dismiss", args=[suggestion.pk])


def test_review_lists_my_pending_suggestions(user_client, user, other_user):
    """Pending suggestions show subject, company, kind, application, target and confidence."""
    suggestion = pending(user, confidence=0.64)
    pending(user, state=Suggestion.State.APPLIED)
    pending(other_user)

    response = user_client.get(REVIEW)

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [suggestion]
    html = response.content.decode()
    assert "About your application" in html and "Acme" in html and "64%" in html
    assert str(suggestion.application) in html and "Rejected" in html
    assert "(1 waiting)" in html


def test_review_partial(htmx_client, user):
    pending(user)
    html = htmx_client.get(REVIEW).content.decode()
    assert html.lstrip().startswith('<div id="review-results">') and "<html" not in html


@pytest.mark.parametrize("htmx", [False, True])
def test_review_query_count_is_constant(client_for, user, htmx, django_assert_num_queries):
    """55 suggestions cost the same queries as 2."""
    client = client_for(user, htmx=htmx)
    for _ in range(2):
        pending(user)
    client.get(REVIEW)
    expected = 4 if htmx else 5  # session, user, count, page (+ nav badge on the full page)
    with django_assert_num_queries(expected):
        client.get(REVIEW)
    for _ in range(53):
        pending(user)
    with django_assert_num_queries(expected):
        response = client.get(REVIEW)
    assert response.context["page"].paginator.count == 55


@pytest.mark.parametrize("htmx", [False, True])
def test_accept_applies_the_change_as_an_email_event(client_for, user, htmx):
    """Accept moves the application, cites the message, and removes the row."""
    suggestion = pending(user, confidence=0.6)
    remaining = pending(user)

    response = client_for(user, htmx=htmx).post(accept_url(suggestion))

    suggestion.refresh_from_db()
    assert suggestion.state == Suggestion.State.ACCEPTED and suggestion.decided_at
    suggestion.application.refresh_from_db()
    assert suggestion.application.status == Status.REJECTED
    event = Event.objects.get(application=suggestion.application, kind=EventKind.STATUS_CHANGE)
    assert (event.source, message_id_of(event)) == (EventSource.EMAIL, suggestion.message_id)
    assert Suggestion.objects.get(pk=remaining.pk).state == Suggestion.State.PENDING
    if htmx:
        html = response.content.decode()
        assert response.status_code == 200
        assert 'id="review-count"' in html and 'hx-swap-oob="true"' in html and ">1<" in html
        assert "(1 waiting)" in html
        assert f"suggestion-{suggestion.pk}" not in html
        assert "review-count-changed" in response["HX-Trigger"]
        # The toast says what happened and offers to take it back in one click.
        sent = toast_of(response)
        assert sent["message"].endswith("is now Rejected.")
        assert sent["undo"]["url"] == reverse("mail_sync:change-undo", args=[event.pk])
        assert sent["undo"]["fields"] == {"next": reverse("mail_sync:inbox")}  # no HX-Current-URL
    else:
        assert response.status_code == 302 and response.url == REVIEW


@pytest.mark.parametrize("htmx", [False, True])
def test_accept_refused_by_the_state_machine_stays_pending(client_for, user, htmx):
    """If the application moved on since, the reason is shown and the suggestion waits."""
    application = ApplicationFactory(user=user, status=Status.REJECTED)
    suggestion = pending(user, application=application, to_status=Status.INTERVIEWING)

    response = client_for(user, htmx=htmx).post(accept_url(suggestion), follow=not htmx)

    suggestion.refresh_from_db()
    assert suggestion.state == Suggestion.State.PENDING
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    assert not Event.objects.filter(application=application).exists()
    html = response.content.decode()
    assert "Rejected is final" in html
    if htmx:
        assert html.lstrip().startswith(f'<tr id="suggestion-{suggestion.pk}"')
    else:
        assert "<html" in html


def test_accept_for_a_trashed_application_is_refused(user_client, user):
    suggestion = pending(user)
    suggestion.application.deleted_at = suggestion.created_at
    suggestion.application.save()

    response = user_client.post(accept_url(suggestion), follow=True)

    assert "in the trash" in response.content.decode()
    assert Suggestion.objects.get(pk=suggestion.pk).state == Suggestion.State.PENDING


@pytest.mark.parametrize("htmx", [False, True])
def test_dismiss_leaves_the_application_alone(client_for, user, htmx):
    suggestion = pending(user)

    response = client_for(user, htmx=htmx).post(dismiss_url(suggestion))

    suggestion.refresh_from_db()
    assert suggestion.state == Suggestion.State.DISMISSED and suggestion.decided_at
    suggestion.application.refresh_from_db()
    assert suggestion.application.status == Status.APPLIED
    if htmx:
        assert (
            ">0<" in response.content.decode()
            and ' hidden aria-label="0 waiting"' in response.content.decode()
        )
    else:
        assert response.status_code == 302


def test_decided_or_foreign_suggestions_are_404(client_for, user, other_user):
    """Another user's suggestion, or one already decided, cannot be accepted or dismissed."""
    theirs = pending(other_user)
    decided = pending(user, state=Suggestion.State.DISMISSED)
    client = client_for(user)
    for suggestion in (theirs, decided):
        assert client.post(accept_url(suggestion)).status_code == 404
        assert client.post(dismiss_url(suggestion)).status_code == 404
    assert Suggestion.objects.get(pk=theirs.pk).state == Suggestion.State.PENDING


def test_nav_badge_counts_pending(user_client, user):
    pending(user)
    pending(user)
    html = user_client.get(reverse("mail_sync:inbox")).content.decode()
    assert 'aria-label="2 waiting"' in html
