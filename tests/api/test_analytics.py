"""/analytics/*: the dashboard's figures over the API, for the token's user only."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.services import editing, moves
from applications.status import Status
from tests.api.conftest import API, assert_error
from tests.factories import TagFactory

pytestmark = pytest.mark.django_db

URL = f"{API}/analytics"


def seed(user, count: int, *, status: str = Status.APPLIED, tags=(), days_ago: int = 10) -> None:
    for number in range(count):
        application = editing.create_application(
            user=user,
            company=f"Company {number}",
            role="Engineer",
            applied_date=timezone.localdate() - dt.timedelta(days=days_ago),
            tags=list(tags),
        )
        if status != Status.APPLIED:
            moves.change_status(application=application, to=status)


def test_summary_counts_only_own_applications(api_client, user, other_user):
    seed(user, 3)
    seed(user, 2, status=Status.SCREENING)
    seed(other_user, 7)
    response = api_client.get(f"{URL}/summary")
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["total"] == 5 and data["applied"] == 5 and data["responded"] == 2
    assert data["response_rate"] == 0.4


def test_summary_filters_by_tag_and_dates(api_client, user):
    remote = TagFactory(user=user, name="Remote")
    seed(user, 2, tags=[remote])
    seed(user, 3, days_ago=60)
    assert api_client.get(f"{URL}/summary", {"tags": "remote"}).json()["data"]["total"] == 2
    since = (timezone.localdate() - dt.timedelta(days=30)).isoformat()
    assert api_client.get(f"{URL}/summary", {"date_from": since}).json()["data"]["total"] == 2


def test_tag_filter_takes_names_like_applications_and_ids_still_work(api_client, user, other_user):
    """tags names tags as /applications does, case-insensitively; the deprecated ids still
    work; a name that is no tag of the user's (another user's, say) selects nothing."""
    remote, dream = TagFactory(user=user, name="Remote"), TagFactory(user=user, name="dream")
    seed(user, 2, tags=[remote])
    seed(user, 1, tags=[dream])
    seed(user, 4)
    TagFactory(user=other_user, name="theirs")

    def total(tags: str) -> int:
        return api_client.get(f"{URL}/summary", {"tags": tags}).json()["data"]["total"]

    assert total("REMOTE") == 2
    assert total("remote, Dream") == 3
    assert total(f"{remote.pk}") == 2
    assert total("theirs") == 0 and total("nope") == 0
    assert total("") == 7


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "yesterday"},
        {"tags": "a\x00b"},
        {"date_from": "2026-02-01", "date_to": "2026-01-01"},
    ],
)
def test_filters_are_validated(api_client, params):
    assert_error(api_client.get(f"{URL}/summary", params), 422, "VALIDATION_ERROR")


def test_funnel(api_client, user):
    seed(user, 4)
    seed(user, 1, status=Status.INTERVIEWING)
    stages = {row["stage"]: row for row in api_client.get(f"{URL}/funnel").json()["data"]["stages"]}
    assert stages["applied"]["count"] == 5 and stages["interviewing"]["count"] == 1


def test_trends_weeks(api_client, user):
    seed(user, 2)
    data = api_client.get(f"{URL}/trends", {"weeks": 4}).json()["data"]
    assert data["weeks"] == 4 and len(data["week_starts"]) == len(data["sent"]) == 4
    assert sum(data["sent"]) == 2
    assert_error(api_client.get(f"{URL}/trends", {"weeks": 5}), 422, "VALIDATION_ERROR")


def test_insights_is_a_list_with_meta(api_client, user):
    seed(user, 12)
    body = api_client.get(f"{URL}/insights").json()
    assert body["meta"]["total"] == len(body["data"])
    for insight in body["data"]:
        assert {"id", "title", "text", "numbers", "sample_size"} <= set(insight)


def test_analytics_needs_a_token(client):
    for name in ("summary", "funnel", "trends", "insights"):
        assert_error(client.get(f"{URL}/{name}"), 401, "UNAUTHORIZED")


def test_summary_query_count_does_not_grow(api_client, user, settings):
    """The figures come from a fixed set of aggregates, whatever the number of applications."""
    settings.ANALYTICS_CACHE_SECONDS = 0
    seed(user, 5)
    api_client.get(f"{URL}/summary")
    with CaptureQueriesContext(connection) as few:
        api_client.get(f"{URL}/summary")
    seed(user, 55)
    with CaptureQueriesContext(connection) as many:
        assert api_client.get(f"{URL}/summary").json()["data"]["total"] == 60
    assert len(many) == len(few)
