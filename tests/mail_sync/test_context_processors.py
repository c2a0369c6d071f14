"""The Review badge in the navigation: its own context processor, one query per page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mail_sync.context_processors import review_count
from mail_sync.models import Suggestion
from tests.mail_sync.factories_inbox import GmailAccountFactory, MessageFactory, SuggestionFactory

pytestmark = pytest.mark.django_db


def pending(user, **fields) -> Suggestion:
    message = MessageFactory(account=GmailAccountFactory(user=user), kind="rejection")
    return SuggestionFactory(message=message, **fields)


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_the_count_is_lazy_and_costs_one_query(user, other_user, django_assert_num_queries):
    """Nothing is counted until a template shows the badge; then one query, mine only."""
    for _ in range(3):
        pending(user)
    pending(user, state=Suggestion.State.DISMISSED)
    pending(other_user)
    with django_assert_num_queries(0):
        count = review_count(request_for(user))["review_count"]
    with django_assert_num_queries(1):
        assert str(count) == "3"


def test_anonymous_pages_get_no_count(django_assert_num_queries):
    """The sign-in page has no navigation, so it asks for no count."""
    with django_assert_num_queries(0):
        assert review_count(request_for(AnonymousUser())) == {}


@pytest.mark.parametrize(
    "name", ["applications:list", "applications:tags", "mail_sync:inbox", "analytics:dashboard"]
)
def test_each_page_counts_the_queue_once(user_client, user, name):
    """However many suggestions wait, a page reads the suggestions table in one query."""
    for _ in range(5):
        pending(user)
    with CaptureQueriesContext(connection) as queries:
        html = user_client.get(reverse(name)).content.decode()
    assert 'aria-label="5 waiting">5</span>' in html
    counts = [q["sql"] for q in queries if 'FROM "mail_sync_suggestion"' in q["sql"]]
    assert len(counts) == 1, counts
