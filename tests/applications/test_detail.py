"""Create/edit pages and the detail page: timeline, notes, interview rounds, status, archive."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Event, EventKind, EventSource, Source
from applications.services import editing, moves, notes, trash
from applications.status import Status
from mail_sync.models import GmailAccount, Message, link_events
from tests.factories import ApplicationFactory, EventFactory, TagFactory

pytestmark = pytest.mark.django_db


def valid_form(**overrides) -> dict:
    data = {
        "company": "Acme",
        "role": "Backend Engineer",
        "job_url": "https://acme.example/jobs/1",
        "location": "Berlin",
        "work_mode": "remote",
        "salary_min": "70000",
        "salary_max": "90000",
        "salary_currency": "eur",
        "source": Source.REFERRAL,
        "status": Status.APPLIED,
        "applied_date": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
        "notes": "Met them at a meetup.",
    }
    return data | overrides


@pytest.fixture
def application(user):
    return editing.create_application(user=user, company="Globex", role="SRE")


# --- create ------------------------------------------------------------------------------


def test_create_page_renders_form(user_client):
    """The create page is a full page with every field of the form."""
    response = user_client.get(reverse("applications:create"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("company", "role", "salary_currency", "status", "applied_date", "tags"):
        assert f'name="{name}"' in html
    assert "<html" in html


def test_create_saves_application_with_event_and_tags(user, user_client):
    """A valid post creates the application, its tags and a manual 'created' event."""
    tag = TagFactory(user=user, name="remote")
    response = user_client.post(reverse("applications:create"), valid_form(tags=[tag.pk]))
    application = Application.objects.get(user=user)
    assert response.status_code == 302
    assert response.url == reverse("applications:detail", args=[application.pk])
    assert (application.company, application.source, application.salary_currency) == (
        "Acme",
        Source.REFERRAL,
        "EUR",
    )
    assert list(application.tags.all()) == [tag]
    event = application.events.get()
    assert (event.kind, event.source, event.to_status) == (
        EventKind.CREATED,
        EventSource.MANUAL,
        Status.APPLIED,
    )


def test_create_htmx_success_redirects_client(user, htmx_client):
    """An HTMX submit that succeeds tells htmx to navigate to the detail page."""
    response = htmx_client.post(reverse("applications:create"), valid_form())
    application = Application.objects.get(user=user)
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("applications:detail", args=[application.pk])


def test_create_failure_rerenders_everything(user, user_client):
    """Invalid input re-renders the page with errors and every typed value kept."""
    data = valid_form(role="", salary_min="100", salary_max="50", notes="keep me")
    response = user_client.post(reverse("applications:create"), data)
    html = response.content.decode()
    assert response.status_code == 422
    assert "Role is required." in html
    assert "The maximum salary must be at least the minimum." in html
    assert "keep me" in html and 'value="Acme"' in html and 'value="Berlin"' in html
    assert not Application.objects.filter(user=user).exists()


def test_create_htmx_failure_returns_form_partial(user, htmx_client):
    """An HTMX submit with errors gets only the form back."""
    response = htmx_client.post(reverse("applications:create"), valid_form(company=""))
    html = response.content.decode()
    assert "<html" not in html and 'id="application-form"' in html
    assert "Company is required." in html
    assert not Application.objects.filter(user=user).exists()


def test_inline_validation_returns_only_that_fields_errors(user, htmx_client):
    """A change on one field returns its error container out of band, nothing else."""
    data = valid_form(applied_date=(timezone.localdate() + dt.timedelta(days=3)).isoformat())
    data |= {"_validate": "1", "company": ""}
    response = htmx_client.post(
        reverse("applications:create"), data, headers={"HX-Trigger-Name": "applied_date"}
    )
    html = response.content.decode()
    assert 'id="errors-applied_date"' in html and 'hx-swap-oob="true"' in html
    assert "cannot be in the future" in html
    assert "errors-company" not in html  # untouched fields are not nagged
    assert not Application.objects.filter(user=user).exists()


def test_inline_validation_of_salary_shows_both_salary_fields(htmx_client):
    """Salary min and max are validated together, whichever of them changed."""
    data = valid_form(salary_min="900", salary_max="100") | {"_validate": "1"}
    response = htmx_client.post(
        reverse("applications:create"), data, headers={"HX-Trigger-Name": "salary_min"}
    )
    html = response.content.decode()
    assert 'id="errors-salary_min"' in html and 'id="errors-salary_max"' in html
    assert "at least the minimum" in html


def test_inline_validation_of_valid_field_clears_errors(htmx_client):
    """A field that is now valid gets an empty error container."""
    data = valid_form() | {"_validate": "1"}
    response = htmx_client.post(
        reverse("applications:create"), data, headers={"HX-Trigger-Name": "company"}
    )
    assert "errorlist" not in response.content.decode()


def test_create_refuses_other_users_tag(user, other_user, user_client):
    """A tag id of another user is not a valid choice."""
    foreign = TagFactory(user=other_user)
    response = user_client.post(reverse("applications:create"), valid_form(tags=[foreign.pk]))
    assert response.status_code == 422
    assert not Application.objects.filter(user=user).exists()


# --- edit --------------------------------------------------------------------------------


def test_edit_page_has_no_status_field(application, user_client):
    """Status only moves through the state machine, so the edit form does not offer it."""
    response = user_client.get(reverse("applications:edit", args=[application.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and 'value="Globex"' in html
    assert 'name="status"' not in html


def test_edit_saves_fields_and_tags(user, application, user_client):
    """A valid edit updates the row and its tags; no status event is written."""
    tag = TagFactory(user=user)
    data = valid_form(company="Globex Corp", status=Status.OFFER, tags=[tag.pk])
    response = user_client.post(reverse("applications:edit", args=[application.pk]), data)
    application.refresh_from_db()
    assert response.status_code == 302
    assert application.company == "Globex Corp" and application.status == Status.APPLIED
    assert list(application.tags.all()) == [tag]
    assert application.events.count() == 1


def test_edit_htmx_failure_keeps_values_and_db(application, client_for, user):
    """An invalid HTMX edit returns the form partial with the errors; the row is unchanged."""
    client = client_for(user, htmx=True)
    data = valid_form(company="Renamed", salary_currency="XYZ")
    response = client.post(reverse("applications:edit", args=[application.pk]), data)
    html = response.content.decode()
    assert "ISO currency code" in html and 'value="Renamed"' in html and "<html" not in html
    application.refresh_from_db()
    assert application.company == "Globex"


def test_edit_htmx_success(application, htmx_client):
    """An HTMX edit that succeeds redirects the client to the detail page."""
    url = reverse("applications:edit", args=[application.pk])
    response = htmx_client.post(url, valid_form(role="Staff SRE"))
    assert response["HX-Redirect"] == reverse("applications:detail", args=[application.pk])
    application.refresh_from_db()
    assert application.role == "Staff SRE"


# --- detail ------------------------------------------------------------------------------


def test_detail_page_shows_header_and_timeline(user, user_client):
    """The page shows the header, every event kind and the allowed status targets."""
    tag = TagFactory(user=user, name="dream-job")
    application = editing.create_application(
        user=user, company="Initech", role="Dev", salary_min=1, salary_max=2, tags=[tag]
    )
    moves.change_status(application=application, to=Status.SCREENING)
    notes.add_note(application=application, text="Called the recruiter")
    notes.add_interview_round(
        application=application, name="System design", kind="technical", notes="Whiteboard"
    )
    response = user_client.get(reverse("applications:detail", args=[application.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    assert "Initech" in html and "dream-job" in html and "USD 1–2" in html
    assert "Called the recruiter" in html and "System design" in html and "Whiteboard" in html
    assert 'status-applied">Applied</span> →' in html
    assert '<option value="interviewing">' in html
    assert '<option value="wishlist">' not in html


def test_detail_htmx_returns_fragments(application, htmx_client):
    """An HTMX GET returns the header, status and timeline fragments without the layout."""
    response = htmx_client.get(reverse("applications:detail", args=[application.pk]))
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="application-header"' in html and 'id="timeline"' in html


def test_detail_marks_email_events(user, user_client, application):
    """An event written from an email says so in the timeline."""
    account = GmailAccount.objects.create(user=user, email=user.email)
    message = Message.objects.create(user=user, account=account, gmail_id="m1", subject="Hi")
    note = notes.add_note(
        application=application, text="Recruiter replied", source=EventSource.EMAIL
    )
    link_events([(note, message)])
    html = user_client.get(reverse("applications:detail", args=[application.pk])).content
    assert b"From an email" in html and b"Recruiter replied" in html
    assert f'href="{reverse("mail_sync:message", args=[message.pk])}"'.encode() in html


def test_detail_query_count_is_constant(user, user_client, django_assert_num_queries):
    """The detail page costs the same number of queries with 3 or 60 events."""
    few = editing.create_application(user=user, company="A", role="B")
    many = editing.create_application(user=user, company="C", role="D")
    EventFactory.create_batch(2, application=few)
    EventFactory.create_batch(60, application=many)
    for tag in TagFactory.create_batch(3, user=user):
        many.tags.add(tag)
    user_client.get(reverse("applications:detail", args=[few.pk]))  # warm the session
    with CaptureQueriesContext(connection) as few_queries:
        user_client.get(reverse("applications:detail", args=[few.pk]))
    # session, user, application, its tags, its events (+ whatever the layout needs)
    assert len(few_queries) <= 8
    with django_assert_num_queries(len(few_queries)):
        response = user_client.get(reverse("applications:detail", args=[many.pk]))
    assert response.content.decode().count('class="timeline-event') == 61


def test_detail_of_deleted_application_is_404(user, user_client, application):
    """A trashed application has no detail page."""
    trash.soft_delete(user=user, application_ids=[application.pk])
    response = user_client.get(reverse("applications:detail", args=[application.pk]))
    assert response.status_code == 404


# --- note --------------------------------------------------------------------------------


def test_add_note_full_page(application, user_client):
    """A plain post adds a manual note event and redirects to the detail page."""
    url = reverse("applications:note", args=[application.pk])
    response = user_client.post(url, {"text": "Sent a thank-you email"})
    assert response.status_code == 302
    note = application.events.get(kind=EventKind.NOTE)
    assert (note.note, note.source) == ("Sent a thank-you email", EventSource.MANUAL)


def test_add_note_htmx_returns_form_and_timeline(application, htmx_client):
    """HTMX gets a fresh note form plus the timeline swapped out of band."""
    url = reverse("applications:note", args=[application.pk])
    response = htmx_client.post(url, {"text": "Prepared questions"})
    html = response.content.decode()
    assert 'id="note-form"' in html and 'id="timeline" class="timeline" hx-swap-oob="true"' in html
    assert "Prepared questions" in html
    assert application.events.filter(kind=EventKind.NOTE).count() == 1


def test_add_empty_note_is_refused(application, user_client, htmx_client):
    """An empty note is refused with a message, as a page and as a fragment."""
    url = reverse("applications:note", args=[application.pk])
    page = user_client.post(url, {"text": "   "})
    fragment = htmx_client.post(url, {"text": ""})
    assert page.status_code == 422 and "Write something" in page.content.decode()
    assert fragment.status_code == 422 and "Write something" in fragment.content.decode()
    assert not application.events.filter(kind=EventKind.NOTE).exists()


# --- interview rounds --------------------------------------------------------------------


def test_add_interview_round(application, user_client):
    """A round is stored with its name, kind, time and notes as a manual event."""
    url = reverse("applications:interview", args=[application.pk])
    data = {
        "name": "Onsite loop",
        "scheduled_at": "2026-03-10T14:30",
        "kind": "onsite",
        "notes": "Four interviews",
    }
    response = user_client.post(url, data)
    assert response.status_code == 302
    event = application.events.get(kind=EventKind.INTERVIEW)
    assert (event.interview_name, event.interview_kind, event.note, event.source) == (
        "Onsite loop",
        "onsite",
        "Four interviews",
        EventSource.MANUAL,
    )
    assert event.interview_at.hour == 14 and event.interview_at.tzinfo is not None


def test_add_interview_round_htmx_and_failure(application, htmx_client):
    """HTMX success returns the timeline; a bad kind or missing name is refused and kept."""
    url = reverse("applications:interview", args=[application.pk])
    ok = htmx_client.post(url, {"name": "Phone screen", "kind": "phone"})
    bad = htmx_client.post(url, {"name": "", "kind": "carrier-pigeon", "notes": "keep"})
    assert "Phone screen" in ok.content.decode() and "hx-swap-oob" in ok.content.decode()
    bad_html = bad.content.decode()
    assert "Give the round a name" in bad_html and "keep" in bad_html
    assert application.events.filter(kind=EventKind.INTERVIEW).count() == 1


def test_interview_rounds_survive_a_rejection(application, user_client):
    """History survives a rejection: every interview round stays in the timeline."""
    for name in ("Round one", "Round two"):
        notes.add_interview_round(application=application, name=name, kind="video")
    url = reverse("applications:status", args=[application.pk])
    user_client.post(url, {"to": Status.REJECTED})
    html = user_client.get(reverse("applications:detail", args=[application.pk])).content
    assert b"Round one" in html and b"Round two" in html
    assert application.events.filter(kind=EventKind.INTERVIEW).count() == 2


# --- status ------------------------------------------------------------------------------


def test_change_status_full_page(application, user_client):
    """A plain post moves the status, writes a manual from→to event and redirects."""
    url = reverse("applications:status", args=[application.pk])
    response = user_client.post(url, {"to": Status.SCREENING})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.SCREENING
    event = application.events.get(kind=EventKind.STATUS_CHANGE)
    assert (event.from_status, event.to_status, event.source) == (
        Status.APPLIED,
        Status.SCREENING,
        EventSource.MANUAL,
    )


def test_change_status_htmx_returns_panel_header_and_timeline(application, htmx_client):
    """HTMX gets the status panel plus header and timeline out of band."""
    url = reverse("applications:status", args=[application.pk])
    html = htmx_client.post(url, {"to": Status.INTERVIEWING}).content.decode()
    assert html.startswith('\n<div id="status-panel"') or 'id="status-panel"' in html
    assert 'id="application-header" class="card detail-header" hx-swap-oob="true"' in html
    assert 'status-applied">Applied</span> → <span class="pill status-interviewing">' in html


def test_invalid_status_change_is_refused_inline(application, user_client, htmx_client):
    """A move the state machine refuses shows its message and changes nothing."""
    url = reverse("applications:status", args=[application.pk])
    fragment = htmx_client.post(url, {"to": Status.WISHLIST})
    page = user_client.post(url, {"to": Status.ACCEPTED})
    assert fragment.status_code == 422
    assert "An application in applied cannot move to wishlist" in fragment.content.decode()
    assert page.status_code == 422
    assert "cannot move to accepted" in page.content.decode()
    unknown = htmx_client.post(url, {"to": "hired"})
    assert "is not a status" in unknown.content.decode()
    application.refresh_from_db()
    assert application.status == Status.APPLIED
    assert not application.events.filter(kind=EventKind.STATUS_CHANGE).exists()


def test_final_status_offers_no_moves(user, user_client):
    """A final status shows that it is final instead of a select."""
    application = editing.create_application(user=user, company="A", role="B")
    moves.change_status(application=application, to=Status.WITHDRAWN)
    html = user_client.get(reverse("applications:detail", args=[application.pk])).content
    assert b"Withdrawn is final." in html and b'name="to"' not in html


# --- archive -----------------------------------------------------------------------------


def test_archive_and_unarchive(application, user_client, htmx_client):
    """Archive as a plain post, unarchive through HTMX; the header reflects the state."""
    response = user_client.post(reverse("applications:archive", args=[application.pk]))
    application.refresh_from_db()
    assert response.status_code == 302 and application.archived_at is not None
    fragment = htmx_client.post(reverse("applications:unarchive", args=[application.pk]))
    application.refresh_from_db()
    assert application.archived_at is None
    html = fragment.content.decode()
    assert 'id="application-header"' in html and ">Archive</button>" in html


def test_archive_get_not_allowed(application, user_client):
    """State changes need a POST."""
    response = user_client.get(reverse("applications:archive", args=[application.pk]))
    assert response.status_code == 405


# --- access control and CSRF -------------------------------------------------------------

DETAIL_URLS = ["detail", "edit", "note", "interview", "status", "archive", "unarchive"]


@pytest.mark.parametrize("name", DETAIL_URLS)
def test_other_users_application_is_404(name, other_user, user_client):
    """Another user's application id gives 404 on every detail URL, and nothing changes."""
    foreign = ApplicationFactory(user=other_user)
    url = reverse(f"applications:{name}", args=[foreign.pk])
    if name in {"detail", "edit"}:
        assert user_client.get(url).status_code == 404
    if name != "detail":
        data = valid_form() | {"to": Status.SCREENING, "text": "x", "name": "x", "kind": "phone"}
        assert user_client.post(url, data).status_code == 404
    assert not Event.objects.filter(application=foreign).exists()
    foreign.refresh_from_db()
    assert (foreign.status, foreign.archived_at, foreign.company) == (
        Status.APPLIED,
        None,
        foreign.company,
    )


@pytest.mark.parametrize("name", ["note", "interview", "status", "archive", "unarchive"])
def test_post_without_csrf_token_is_refused(name, user, client_for, application):
    """A state-changing POST without a CSRF token is refused."""
    client = client_for(user, enforce_csrf_checks=True)
    response = client.post(reverse(f"applications:{name}", args=[application.pk]), {"to": "x"})
    assert response.status_code == 403


def test_create_without_csrf_token_is_refused(user, client_for):
    """Creating needs a CSRF token too."""
    client = client_for(user, enforce_csrf_checks=True)
    response = client.post(reverse("applications:create"), valid_form())
    assert response.status_code == 403
    assert not Application.objects.filter(user=user).exists()


def test_anonymous_is_sent_to_login(client, application):
    """Every page needs a signed-in user."""
    response = client.get(reverse("applications:detail", args=[application.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url
