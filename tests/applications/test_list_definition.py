"""One list definition: the web list and the API sort, filter by tag and search alike."""

import datetime as dt

import pytest
from django.utils import timezone

from api.models import ApiToken
from applications.filters import SORT_VALUES
from applications.status import Status
from tests.api.conftest import API, bearer_client
from tests.applications.lists_helpers import LIST_URL, htmx, row_ids
from tests.factories import ApplicationFactory, TagFactory

pytestmark = pytest.mark.django_db

API_URL = f"{API}/applications"


@pytest.fixture
def api_client(user):
    _, secret = ApiToken.objects.issue(user=user, name="list definition")
    return bearer_client(secret)


@pytest.fixture
def rows_with_nulls_and_ties(user):
    """Wishlist rows without an applied date, companies equal but for case, shared dates."""
    now = timezone.now()
    today = timezone.localdate()
    remote = TagFactory(user=user, name="Remote")
    specs = [
        ("acme", Status.APPLIED, today - dt.timedelta(days=3), now - dt.timedelta(days=1)),
        ("Acme", Status.SCREENING, today - dt.timedelta(days=3), now - dt.timedelta(days=1)),
        ("Beta", Status.WISHLIST, None, now - dt.timedelta(days=5)),
        ("beta", Status.WISHLIST, None, now),
        ("Gamma", Status.OFFER, today - dt.timedelta(days=10), now - dt.timedelta(days=2)),
        ("delta", Status.REJECTED, today, now - dt.timedelta(hours=3)),
        ("Epsilon", Status.APPLIED, today - dt.timedelta(days=3), now - dt.timedelta(days=1)),
    ]
    rows = []
    for index, (company, status, applied, activity) in enumerate(specs):
        row = ApplicationFactory(
            user=user,
            company=company,
            role="Engineer" if index % 2 else "Data engineer",
            status=status,
            applied_date=applied,
            last_activity_at=activity,
            created_at=now - dt.timedelta(minutes=index % 3),
        )
        if index % 2:
            row.tags.add(remote)
        rows.append(row)
    return rows


def web_ids(client, **params) -> list[int]:
    return row_ids(client.get(LIST_URL, params, headers=htmx("results")))


def api_ids(client, **params) -> list[int]:
    body = client.get(API_URL, {"limit": 100, "archived": "false", **params}).json()
    return [row["id"] for row in body["data"]]


@pytest.mark.parametrize("sort", SORT_VALUES)
def test_web_and_api_give_the_same_order_for_every_sort_key(
    user_client, api_client, rows_with_nulls_and_ties, sort
):
    """Every sort key, both ways, on rows with missing dates and ties: the same order."""
    web = web_ids(user_client, sort=sort)
    assert len(web) == len(rows_with_nulls_and_ties)
    assert web == api_ids(api_client, sort=sort)


def test_rows_without_an_applied_date_come_last_both_ways(
    user_client, api_client, rows_with_nulls_and_ties
):
    """Wishlist rows sink to the bottom whichever way, in the web list and the API."""
    undated = {row.pk for row in rows_with_nulls_and_ties if row.applied_date is None}
    for sort in ("applied_date", "-applied_date"):
        for ids in (web_ids(user_client, sort=sort), api_ids(api_client, sort=sort)):
            assert set(ids[-len(undated) :]) == undated


def test_web_and_api_filter_by_tag_name_and_search_alike(
    user_client, api_client, rows_with_nulls_and_ties
):
    """A tag name (any case) and a search select the same rows in the same order in both."""
    assert web_ids(user_client, tag="REMOTE") == api_ids(api_client, tags="REMOTE")
    assert len(web_ids(user_client, tag="remote")) == 3
    # Without a sort a search shows the best match first, in both.
    assert web_ids(user_client, q="data eng") == api_ids(api_client, search="data eng")
    assert web_ids(user_client, q="eng", sort="company") == api_ids(
        api_client, search="eng", sort="company"
    )
