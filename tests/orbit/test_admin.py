"""The admin loads for support staff with constant queries, and search works."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Event
from orbit.models import SessionRecord
from tests.factories import ApplicationFactory, EventFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client_for):
    return client_for(UserFactory(is_staff=True, is_superuser=True, email="support@orbit.local"))


@pytest.fixture
def data():
    """Rows spread over many users, so a missing select_related would show as N+1."""
    users = [UserFactory() for _ in range(6)]
    applications = [ApplicationFactory(user=users[i % 6]) for i in range(60)]
    for application in applications:
        EventFactory(application=application)
    for i in range(55):
        TagFactory(user=users[i % 6], name=f"tag {i}")
    for i in range(55):
        SessionRecord.objects.create(
            user=users[i % 6], session_key=f"key{i}", user_agent="curl/8", last_seen=timezone.now()
        )
    return users, applications


CHANGELISTS = [
    "admin:orbit_user_changelist",
    "admin:applications_application_changelist",
    "admin:applications_tag_changelist",
    "admin:applications_event_changelist",
    "admin:orbit_sessionrecord_changelist",
]


def _make_rows(users, start: int, count: int) -> None:
    for i in range(start, start + count):
        user = users[i % len(users)]
        application = ApplicationFactory(user=user)
        EventFactory(application=application)
        TagFactory(user=user, name=f"tag {i}")
        SessionRecord.objects.create(
            user=user, session_key=f"key{i}", user_agent="curl/8", last_seen=timezone.now()
        )


@pytest.mark.parametrize("name", CHANGELISTS)
def test_changelists_load_with_constant_queries(staff_client, name, django_assert_num_queries):
    """A changelist with 60 rows over many users costs exactly what one with 3 rows costs."""
    users = [UserFactory() for _ in range(3)]
    _make_rows(users, 0, 3)
    staff_client.get(reverse(name))  # warm per-process caches (content types, session touch)
    with CaptureQueriesContext(connection) as small:
        assert staff_client.get(reverse(name)).status_code == 200
    users += [UserFactory() for _ in range(57)]
    _make_rows(users, 3, 57)
    with django_assert_num_queries(len(small)):
        response = staff_client.get(reverse(name))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) >= 50


def test_application_search_by_company_and_user_email(staff_client, data):
    users, _ = data
    ApplicationFactory(user=users[0], company="Zyxwv Unique Corp")
    response = staff_client.get(
        reverse("admin:applications_application_changelist"), {"q": "Zyxwv"}
    )
    assert [row.company for row in response.context["cl"].result_list] == ["Zyxwv Unique Corp"]
    response = staff_client.get(
        reverse("admin:applications_application_changelist"), {"q": users[1].email}
    )
    assert {row.user_id for row in response.context["cl"].result_list} == {users[1].pk}


def test_application_filters(staff_client, data):
    _, applications = data
    applications[0].archived_at = timezone.now()
    applications[0].save()
    url = reverse("admin:applications_application_changelist")
    archived = staff_client.get(url, {"archived": "yes"}).context["cl"].result_list
    assert [row.pk for row in archived] == [applications[0].pk]
    assert staff_client.get(url, {"status__exact": "applied"}).status_code == 200


def test_user_search_and_filters(staff_client, data):
    users, _ = data
    url = reverse("admin:orbit_user_changelist")
    found = staff_client.get(url, {"q": users[2].email}).context["cl"].result_list
    assert [row.pk for row in found] == [users[2].pk]
    staff = staff_client.get(url, {"is_staff__exact": "1"}).context["cl"].result_list
    assert [row.email for row in staff] == ["support@orbit.local"]


def test_application_change_page_shows_read_only_timeline(staff_client, data):
    """The change form shows the events inline, read-only, without the search vector."""
    _, applications = data
    response = staff_client.get(
        reverse("admin:applications_application_change", args=[applications[0].pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "search_vector" not in html
    assert 'name="events-0-note"' not in html  # inline fields are not editable
    assert response.context["inline_admin_formsets"][0].formset.queryset.count() == 1


def test_event_change_page_keeps_audit_field_read_only(staff_client, data):
    event = Event.objects.first()
    response = staff_client.get(reverse("admin:applications_event_change", args=[event.pk]))
    assert response.status_code == 200
    assert 'name="created_at"' not in response.content.decode()


def test_session_records_are_read_only(staff_client, data):
    record = SessionRecord.objects.first()
    assert staff_client.get(reverse("admin:orbit_sessionrecord_add")).status_code == 403
    response = staff_client.post(
        reverse("admin:orbit_sessionrecord_change", args=[record.pk]), {"user_agent": "x"}
    )
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.user_agent == "curl/8"


def test_admin_refuses_non_staff(user_client):
    response = user_client.get(reverse("admin:applications_application_changelist"))
    assert response.status_code == 302
