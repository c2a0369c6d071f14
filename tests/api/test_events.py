"""/applications/{id}/events: the timeline, and notes, interviews and status changes."""

import datetime as dt

import pytest
from django.utils import timezone

from applications.models import EventKind
from applications.services import editing
from applications.status import Status
from tests.api.conftest import API, assert_error
from tests.factories import ApplicationFactory, EventFactory

pytestmark = pytest.mark.django_db


def url(application) -> str:
    return f"{API}/applications/{application.pk}/events"


def test_list_events_newest_first_with_meta(api_client, user):
    application = ApplicationFactory(user=user)
    now = timezone.now()
    old = EventFactory(application=application, occurred_at=now - dt.timedelta(days=2))
    new = EventFactory(application=application, occurred_at=now)
    body = api_client.get(url(application)).json()
    assert [row["id"] for row in body["data"]] == [new.pk, old.pk]
    assert body["meta"] == {"page": 1, "limit": 20, "total": 2}


def test_list_events_paginates_with_constant_queries(api_client, user, django_assert_num_queries):
    application = ApplicationFactory(user=user)
    EventFactory.create_batch(60, application=application)
    api_client.get(url(application))
    with django_assert_num_queries(4):  # token, application, count, rows
        body = api_client.get(url(application), {"limit": 50, "page": 2}).json()
    assert body["meta"] == {"page": 2, "limit": 50, "total": 60} and len(body["data"]) == 10


def test_add_note(api_client, user):
    application = ApplicationFactory(user=user)
    response = api_client.post(
        url(application), {"kind": "note", "note": "Called them"}, content_type="application/json"
    )
    assert response.status_code == 201
    event = application.events.get()
    assert (event.kind, event.note) == (EventKind.NOTE, "Called them")
    assert response.json()["data"]["id"] == event.pk


def test_add_interview_round(api_client, user):
    application = ApplicationFactory(user=user)
    payload = {
        "kind": "interview",
        "interview_name": "Tech screen",
        "interview_kind": "technical",
        "interview_at": "2026-01-05T10:00:00+01:00",
        "note": "Bring questions",
    }
    response = api_client.post(url(application), payload, content_type="application/json")
    assert response.status_code == 201, response.content
    event = application.events.get()
    assert event.kind == EventKind.INTERVIEW and event.interview_kind == "technical"
    assert event.interview_at == dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


def test_add_status_change(api_client, user):
    application = editing.create_application(user=user, company="A", role="B")
    response = api_client.post(
        url(application),
        {"kind": "status_change", "to_status": "screening"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["data"]["from_status"] == "applied"
    application.refresh_from_db()
    assert application.status == Status.SCREENING


def test_refused_status_change_is_validation_error(api_client, user):
    application = ApplicationFactory(user=user, status=Status.REJECTED)
    response = api_client.post(
        url(application),
        {"kind": "status_change", "to_status": "offer"},
        content_type="application/json",
    )
    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert "final" in error["details"]["to_status"][0]
    assert not application.events.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {"kind": "note", "note": ""},
        {"kind": "note", "note": "   "},
        {"kind": "interview", "interview_name": "x", "interview_kind": "dinner"},
        {
            "kind": "interview",
            "interview_name": "x",
            "interview_kind": "phone",
            "interview_at": "2026-01-05T10:00:00",
        },
        {"kind": "party"},
        {"note": "no kind"},
    ],
)
def test_add_event_validation(api_client, user, payload):
    """Blank notes, unknown kinds and naive datetimes are refused; nothing is written."""
    application = ApplicationFactory(user=user)
    assert_error(
        api_client.post(url(application), payload, content_type="application/json"),
        422,
        "VALIDATION_ERROR",
    )
    assert not application.events.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "note", "note": ""}, "note"),
        ({"kind": "interview", "interview_name": "x", "interview_kind": "x"}, "interview_kind"),
        ({"kind": "party"}, "kind"),
        ({}, "kind"),
        # Found by schemathesis: PostgreSQL refuses an offset past ±15:59 with an error.
        (
            {
                "kind": "interview",
                "interview_name": "Onsite",
                "interview_kind": "onsite",
                "interview_at": "0033-02-06T12:30:42-16:18",
            },
            "interview_at",
        ),
        (
            {
                "kind": "interview",
                "interview_name": "Onsite",
                "interview_kind": "onsite",
                "interview_at": "0001-01-01T00:30:00+15:00",
            },
            "interview_at",
        ),
    ],
)
def test_event_validation_names_the_field(api_client, user, payload, field):
    application = ApplicationFactory(user=user)
    response = api_client.post(url(application), payload, content_type="application/json")
    assert list(assert_error(response, 422, "VALIDATION_ERROR")["details"]) == [field]


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_users_application_events_are_not_found(api_client, other_user, method):
    foreign = ApplicationFactory(user=other_user)
    response = getattr(api_client, method)(
        url(foreign), {"kind": "note", "note": "hi"}, content_type="application/json"
    )
    assert_error(response, 404, "NOT_FOUND")
    assert not foreign.events.exists()
