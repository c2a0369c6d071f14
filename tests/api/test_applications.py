"""/applications: list filters and sorting, create, read, update, soft delete."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from applications.models import Application, EventKind
from applications.services import trash
from applications.status import Status
from tests.api.conftest import API, assert_error
from tests.factories import ApplicationFactory, TagFactory

pytestmark = pytest.mark.django_db

URL = f"{API}/applications"


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def test_list_returns_own_rows_with_meta(api_client, user, other_user):
    """The list holds only the user's live applications, with page, limit and total."""
    mine = ApplicationFactory.create_batch(3, user=user)
    ApplicationFactory(user=other_user)
    ApplicationFactory(user=user, deleted_at=timezone.now())
    response = api_client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["meta"] == {"page": 1, "limit": 20, "total": 3}
    assert {row["id"] for row in body["data"]} == {a.pk for a in mine}


def test_list_paginates(api_client, user):
    """page and limit slice the list; total counts every row."""
    ApplicationFactory.create_batch(7, user=user)
    first = api_client.get(URL, {"limit": 3, "page": 1, "sort": "created_at"}).json()
    third = api_client.get(URL, {"limit": 3, "page": 3, "sort": "created_at"}).json()
    beyond = api_client.get(URL, {"limit": 3, "page": 9}).json()
    assert first["meta"] == {"page": 1, "limit": 3, "total": 7}
    assert len(first["data"]) == 3 and len(third["data"]) == 1
    assert beyond["data"] == [] and beyond["meta"]["total"] == 7


@pytest.mark.parametrize("params", [{"limit": 101}, {"limit": 0}, {"page": 0}, {"page": "x"}])
def test_list_rejects_bad_paging(api_client, params):
    """Limits above 100 or pages below 1 are validation errors, not silent clamps."""
    error = assert_error(api_client.get(URL, params), 422, "VALIDATION_ERROR")
    assert set(error["details"]) & {"limit", "page"}


def test_list_filters_by_status(api_client, user):
    """status takes a comma list."""
    ApplicationFactory(user=user, status=Status.APPLIED, company="A")
    ApplicationFactory(user=user, status=Status.OFFER, company="B")
    ApplicationFactory(user=user, status=Status.REJECTED, company="C")
    body = api_client.get(URL, {"status": "offer,rejected", "sort": "company"}).json()
    assert [row["company"] for row in body["data"]] == ["B", "C"]


def test_list_rejects_unknown_status(api_client):
    """An unknown status is named in the error rather than ignored."""
    error = assert_error(api_client.get(URL, {"status": "applied,nope"}), 422, "VALIDATION_ERROR")
    assert "nope" in error["details"]["status"][0]


def test_list_filters_by_tag_names(api_client, user, other_user):
    """tags takes tag names, any of them, case-insensitively; unknown names match nothing."""
    remote = TagFactory(user=user, name="Remote")
    dream = TagFactory(user=user, name="dream")
    TagFactory(user=other_user, name="other")
    a = ApplicationFactory(user=user, company="A")
    a.tags.add(remote)
    b = ApplicationFactory(user=user, company="B")
    b.tags.add(dream)
    ApplicationFactory(user=user, company="C")
    body = api_client.get(URL, {"tags": "remote,DREAM", "sort": "company"}).json()
    assert [row["company"] for row in body["data"]] == ["A", "B"]
    assert body["data"][0]["tags"] == [{"id": remote.pk, "name": "Remote", "color": "blue"}]
    assert api_client.get(URL, {"tags": "other"}).json()["meta"]["total"] == 0


def test_list_searches_full_text(api_client, user):
    """search uses the full-text index with prefix matching."""
    ApplicationFactory(user=user, company="Stripe", role="Backend Engineer")
    ApplicationFactory(user=user, company="Gitlab", role="Designer")
    body = api_client.get(URL, {"search": "strip eng"}).json()
    assert [row["company"] for row in body["data"]] == ["Stripe"]


def test_search_without_words_lists_everything(api_client, user):
    """A search of only punctuation or control characters filters nothing (schemathesis)."""
    ApplicationFactory.create_batch(2, user=user)
    response = api_client.get(URL, {"search": "\x1b%"})
    assert response.status_code == 200
    assert response.json()["meta"]["total"] == 2


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("company", ["alpha", "Beta", "gamma"]),
        ("-company", ["gamma", "Beta", "alpha"]),
        ("applied_date", ["gamma", "alpha", "Beta"]),
        ("-applied_date", ["Beta", "alpha", "gamma"]),
        ("status", ["Beta", "alpha", "gamma"]),
        ("-last_activity_at", ["alpha", "gamma", "Beta"]),
        ("created_at", ["alpha", "Beta", "gamma"]),
    ],
)
def test_list_sorts(api_client, user, sort, expected):
    """sort takes a field or -field; company sorts case-insensitively."""
    now = timezone.now()
    ApplicationFactory(
        user=user,
        company="alpha",
        applied_date=days_ago(5),
        status=Status.SCREENING,
        last_activity_at=now,
        created_at=now - dt.timedelta(hours=3),
    )
    ApplicationFactory(
        user=user,
        company="Beta",
        applied_date=days_ago(1),
        status=Status.APPLIED,
        last_activity_at=now - dt.timedelta(days=2),
        created_at=now - dt.timedelta(hours=2),
    )
    ApplicationFactory(
        user=user,
        company="gamma",
        applied_date=days_ago(9),
        status=Status.OFFER,
        last_activity_at=now - dt.timedelta(days=1),
        created_at=now - dt.timedelta(hours=1),
    )
    body = api_client.get(URL, {"sort": sort}).json()
    assert [row["company"] for row in body["data"]] == expected


def test_list_rejects_unknown_sort(api_client):
    assert_error(api_client.get(URL, {"sort": "salary"}), 422, "VALIDATION_ERROR")


def test_list_query_count_is_constant(api_client, user, django_assert_num_queries):
    """60 tagged rows cost a fixed number of queries: token, count, rows, tags; a tag filter
    is a subquery, not a query of its own."""
    tags = TagFactory.create_batch(3, user=user)
    for application in ApplicationFactory.create_batch(60, user=user):
        application.tags.set(tags)
    api_client.get(URL)  # the first call records last_used_at; later calls in the minute do not
    with django_assert_num_queries(4):
        response = api_client.get(URL, {"limit": 100, "tags": tags[0].name})
    assert response.json()["meta"]["total"] == 60
    with django_assert_num_queries(4):
        assert len(api_client.get(URL, {"limit": 50}).json()["data"]) == 50


def test_create_application(api_client, user):
    """POST creates through the service: the row, its tags and its 'created' event."""
    tag = TagFactory(user=user)
    payload = {
        "company": "Acme",
        "role": "Engineer",
        "status": "wishlist",
        "salary_min": 100,
        "salary_max": 200,
        "work_mode": "remote",
        "source": "referral",
        "tag_ids": [tag.pk],
    }
    response = api_client.post(URL, payload, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()["data"]
    application = Application.objects.get(pk=data["id"], user=user)
    assert application.status == Status.WISHLIST and application.company == "Acme"
    assert application.source == "referral" and data["source"] == "referral"
    assert data["tags"][0]["id"] == tag.pk and data["work_mode"] == "remote"
    assert application.events.get().kind == EventKind.CREATED


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"role": "Engineer"}, "company"),
        ({"company": "A", "role": "B", "applied_date": "2999-01-01"}, "applied_date"),
        ({"company": "A", "role": "B", "salary_min": 5, "salary_max": 1}, "salary_max"),
        ({"company": "A", "role": "B", "status": "hired"}, "status"),
        ({"company": "A", "role": "B", "job_url": "not a url"}, "job_url"),
        ({"company": "   ", "role": "B"}, "company"),
    ],
)
def test_create_application_validation(api_client, user, payload, field):
    """Schema and business-rule failures are 422 with the field named; nothing is saved."""
    response = api_client.post(URL, payload, content_type="application/json")
    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert field in error["details"]
    assert not Application.objects.filter(user=user).exists()


def test_create_application_refuses_another_users_tag(api_client, user, other_user):
    foreign = TagFactory(user=other_user)
    response = api_client.post(
        URL, {"company": "A", "role": "B", "tag_ids": [foreign.pk]}, content_type="application/json"
    )
    assert "tag_ids" in assert_error(response, 422, "VALIDATION_ERROR")["details"]
    assert not Application.objects.filter(user=user).exists()


def test_create_rejects_malformed_json(api_client):
    response = api_client.post(URL, "{nope", content_type="application/json")
    assert_error(response, 422, "VALIDATION_ERROR")


def test_get_application(api_client, user):
    application = ApplicationFactory(user=user, company="Acme")
    response = api_client.get(f"{URL}/{application.pk}")
    assert response.status_code == 200
    assert response.json()["data"]["company"] == "Acme"
    assert "meta" not in response.json()


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_another_users_application_is_not_found(api_client, other_user, method):
    """Another user's id is NOT_FOUND for every verb, and nothing changes."""
    foreign = ApplicationFactory(user=other_user, company="Theirs")
    response = getattr(api_client, method)(
        f"{URL}/{foreign.pk}", {"company": "Mine"}, content_type="application/json"
    )
    assert_error(response, 404, "NOT_FOUND")
    foreign.refresh_from_db()
    assert foreign.company == "Theirs" and foreign.deleted_at is None


def test_trashed_application_is_not_found(api_client, user):
    application = ApplicationFactory(user=user, deleted_at=timezone.now())
    assert_error(api_client.get(f"{URL}/{application.pk}"), 404, "NOT_FOUND")


def test_patch_updates_only_sent_fields(api_client, user):
    application = ApplicationFactory(user=user, company="Acme", role="Dev", notes="keep")
    response = api_client.patch(
        f"{URL}/{application.pk}", {"role": "Lead"}, content_type="application/json"
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert (application.company, application.role, application.notes) == ("Acme", "Lead", "keep")
    assert response.json()["data"]["role"] == "Lead"


def test_patch_status_goes_through_state_machine(api_client, user):
    """A valid move writes a status_change event; an invalid one is 422 and changes nothing."""
    application = ApplicationFactory(user=user, status=Status.APPLIED)
    url = f"{URL}/{application.pk}"
    ok = api_client.patch(url, {"status": "screening"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["data"]["status"] == "screening"
    assert application.events.get().to_status == Status.SCREENING
    bad = api_client.patch(url, {"status": "wishlist"}, content_type="application/json")
    assert "status" in assert_error(bad, 422, "VALIDATION_ERROR")["details"]
    application.refresh_from_db()
    assert application.status == Status.SCREENING


def test_patch_validation_keeps_the_row(api_client, user):
    application = ApplicationFactory(user=user, salary_min=10, salary_max=20)
    response = api_client.patch(
        f"{URL}/{application.pk}", {"salary_min": 50}, content_type="application/json"
    )
    assert "salary_max" in assert_error(response, 422, "VALIDATION_ERROR")["details"]
    application.refresh_from_db()
    assert application.salary_min == 10


def test_patch_rejects_null_for_required_text(api_client, user):
    application = ApplicationFactory(user=user, company="Acme")
    response = api_client.patch(
        f"{URL}/{application.pk}", {"company": None}, content_type="application/json"
    )
    assert "company" in assert_error(response, 422, "VALIDATION_ERROR")["details"]


def test_patch_tags_and_archive(api_client, user):
    application = ApplicationFactory(user=user)
    old, new = TagFactory(user=user), TagFactory(user=user)
    application.tags.add(old)
    response = api_client.patch(
        f"{URL}/{application.pk}",
        {"tag_ids": [new.pk], "archived": True},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["data"]["archived"] is True
    application.refresh_from_db()
    assert list(application.tags.all()) == [new] and application.archived_at is not None


def test_delete_is_soft(api_client, user):
    """DELETE moves the application to the trash; it still exists and can be restored."""
    application = ApplicationFactory(user=user)
    response = api_client.delete(f"{URL}/{application.pk}")
    assert response.status_code == 204 and response.content == b""
    application.refresh_from_db()
    assert application.deleted_at is not None
    assert_error(api_client.get(f"{URL}/{application.pk}"), 404, "NOT_FOUND")
    assert trash.restore(user=user, application_ids=[application.pk]) == 1


def test_api_refuses_an_unknown_currency_on_create_and_patch(api_client, user):
    """POST and PATCH both answer 422 naming salary_currency, and nothing changes."""
    created = api_client.post(
        URL,
        json.dumps({"company": "Acme", "role": "Engineer", "salary_currency": "USS"}),
        content_type="application/json",
    )
    assert "salary_currency" in assert_error(created, 422, "VALIDATION_ERROR")["details"]
    assert not Application.objects.filter(user=user).exists()
    application = ApplicationFactory(user=user, salary_currency="EUR")
    patched = api_client.patch(
        f"{URL}/{application.pk}",
        {"salary_currency": "USS"},
        content_type="application/json",
    )
    assert "salary_currency" in assert_error(patched, 422, "VALIDATION_ERROR")["details"]
    application.refresh_from_db()
    assert application.salary_currency == "EUR"


def test_api_normalises_a_lower_case_currency(api_client, user):
    """“eur” is EUR wherever it comes from, as in the form."""
    response = api_client.post(
        URL,
        json.dumps({"company": "Acme", "role": "Engineer", "salary_currency": "eur"}),
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["data"]["salary_currency"] == "EUR"


def test_tag_only_patch_refreshes_the_dashboard_figures(
    api_client, user, django_capture_on_commit_callbacks
):
    """Tags alone changed over the API: the figures filtered by that tag count the row."""
    from orbit.cache import user_data_version

    application = ApplicationFactory(user=user)
    ApplicationFactory(user=user)
    remote = TagFactory(user=user, name="remote")
    summary = f"{API}/analytics/summary?tags={remote.pk}"
    assert api_client.get(summary).json()["data"]["total"] == 0  # now cached
    before = user_data_version(user.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.patch(
            f"{URL}/{application.pk}", {"tag_ids": [remote.pk]}, content_type="application/json"
        )
    assert response.status_code == 200
    assert user_data_version(user.pk) > before
    assert api_client.get(summary).json()["data"]["total"] == 1


def test_patch_with_another_users_tag_changes_nothing(api_client, user, other_user):
    """A foreign tag id is a validation error and the row keeps its tags and fields."""
    application = ApplicationFactory(user=user, role="Dev")
    mine = TagFactory(user=user)
    application.tags.add(mine)
    theirs = TagFactory(user=other_user)
    response = api_client.patch(
        f"{URL}/{application.pk}",
        {"tag_ids": [theirs.pk], "role": "Lead"},
        content_type="application/json",
    )
    assert "tag_ids" in assert_error(response, 422, "VALIDATION_ERROR")["details"]
    application.refresh_from_db()
    assert list(application.tags.all()) == [mine] and application.role == "Dev"
