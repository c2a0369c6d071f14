"""Correcting the machine: set a message's kind, company and role; undo an automatic change;
decide several Review suggestions at once; Orbit learns the corrected template."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from applications.models import Event, EventKind, EventSource
from applications.services import moves
from applications.status import Status
from mail_sync import decisions, processing
from mail_sync.models import Correction, MailKind, Message, Suggestion, link_events
from tests.factories import ApplicationFactory
from tests.htmx_helpers import toast_of
from tests.mail_sync.factories_inbox import GmailAccountFactory, MessageFactory, SuggestionFactory

pytestmark = pytest.mark.django_db

WORKDAY = "Northwind Careers <northwind@myworkday.com>"
# A tenant's disguised rejection: "moved to the Closed stage" says no to a person who knows
# Workday, and nothing to a model that has not seen this tenant's wording.
TEMPLATE_BODY = (
    "Hello {name},\n\nYour candidate profile for {role} ({req}) has been moved to the Closed "
    "stage in Candidate Home. No action is required from you.\n\nThis is an automated message "
    "from Northwind. Please do not reply."
)


def workday_notice(account, *, role: str, req: str, days_ago: float, name: str = "Sam"):
    return MessageFactory(
        account=account,
        from_header=WORKDAY,
        from_email="northwind@myworkday.com",
        subject=f"Northwind: {role} ({req})",
        body_text=TEMPLATE_BODY.format(name=name, role=role, req=req),
        internal_date=timezone.now() - dt.timedelta(days=days_ago),
        kind="",
    )


def _automatic_rejection(user):
    """An application Orbit rejected by itself from a message."""
    application = ApplicationFactory(user=user, company="Acme", status=Status.INTERVIEWING)
    message = MessageFactory(
        account=GmailAccountFactory(user=user),
        kind=MailKind.REJECTION,
        company="Acme",
        subject="Your interview with Acme",
        application=application,
        link_source=Message.LinkSource.COMPANY,
    )
    event = moves.change_status(
        application=application, to=Status.REJECTED, source=EventSource.EMAIL
    )
    link_events([(event, message)])
    SuggestionFactory(
        message=message,
        application=application,
        to_status=Status.REJECTED,
        state=Suggestion.State.APPLIED,
    )
    return application, message, event


def test_undo_returns_a_final_status_to_the_previous_one(user):
    """A wrong automatic rejection is taken back: interviewing again, and the undo is an event."""
    application, message, event = _automatic_rejection(user)

    undo = decisions.undo_change(event=event)

    application.refresh_from_db()
    event.refresh_from_db()
    assert application.status == Status.INTERVIEWING
    assert (undo.from_status, undo.to_status, undo.data) == (
        Status.REJECTED,
        Status.INTERVIEWING,
        {"undoes": event.pk},
    )
    assert event.data["undone_by"] == undo.pk
    assert Suggestion.objects.get(message=message).state == Suggestion.State.DISMISSED


def test_undo_twice_or_after_a_later_move_is_refused(user):
    """Only the latest move, once; an undo itself cannot be undone."""
    application, _, event = _automatic_rejection(user)
    undo = decisions.undo_change(event=event)

    with pytest.raises(moves.UndoRefused, match="already undone"):
        decisions.undo_change(event=event)
    with pytest.raises(moves.UndoRefused, match="cannot be undone"):
        decisions.undo_change(event=undo)
    application.refresh_from_db()
    later = moves.change_status(application=application, to=Status.OFFER)
    assert later.to_status == Status.OFFER
    assert application.events.filter(kind=EventKind.STATUS_CHANGE).count() == 3


def test_undo_of_an_accepted_suggestion_puts_it_back_in_review(user):
    """Accepting from Review and then undoing returns the suggestion to the queue."""
    application = ApplicationFactory(user=user, status=Status.APPLIED)
    message = MessageFactory(account=GmailAccountFactory(user=user), kind=MailKind.INTERVIEW)
    suggestion = SuggestionFactory(
        message=message, application=application, to_status=Status.INTERVIEWING
    )
    decisions.accept_suggestion(suggestion=suggestion)
    event = application.events.get(kind=EventKind.STATUS_CHANGE)

    decisions.undo_change(event=event)

    suggestion.refresh_from_db()
    application.refresh_from_db()
    assert suggestion.state == Suggestion.State.PENDING
    assert application.status == Status.APPLIED


@pytest.mark.parametrize("htmx", [False, True])
def test_undo_from_the_timeline(client_for, user, htmx):
    """The timeline offers Undo on the automatic change; posting it moves the status back."""
    application, _, event = _automatic_rejection(user)
    client = client_for(user, htmx=htmx)
    detail = reverse("applications:detail", args=[application.pk])
    undo_url = reverse("mail_sync:change-undo", args=[event.pk])
    assert undo_url in client.get(detail).content.decode()

    response = client.post(undo_url, {"next": detail})

    application.refresh_from_db()
    assert application.status == Status.INTERVIEWING
    if htmx:
        assert response.status_code == 200 and response["HX-Redirect"] == detail
    else:
        assert response.status_code == 302 and response["Location"] == detail
    page = client_for(user).get(detail).content.decode()
    assert f'action="{undo_url}"' not in page
    if not htmx:  # the outcome is the next page's toast
        assert "Undone: back to Interviewing." in client.get(detail).content.decode()


def test_undo_refused_says_why(client_for, user):
    """A second undo is refused with the reason, as a toast, and changes nothing."""
    application, _, event = _automatic_rejection(user)
    decisions.undo_change(event=event)
    client = client_for(user, htmx=True)
    response = client.post(reverse("mail_sync:change-undo", args=[event.pk]))
    assert response.status_code == 200 and response["HX-Redirect"]
    plain = client_for(user)
    plain.cookies = client.cookies  # the same session: the reason is its next page's toast
    assert "already undone" in plain.get(response["HX-Redirect"]).content.decode()
    application.refresh_from_db()
    assert application.status == Status.INTERVIEWING


def test_undo_of_another_users_change_is_404(client_for, user, other_user):
    """Another user's event id gives 404 and changes nothing."""
    application, _, event = _automatic_rejection(other_user)
    response = client_for(user).post(reverse("mail_sync:change-undo", args=[event.pk]))
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == Status.REJECTED


def test_correcting_a_wrong_rejection_undoes_it_and_records_the_correction(user):
    """Corrected to an interview: the automatic rejection is undone and the kind is the user's."""
    application, message, _ = _automatic_rejection(user)

    outcome = decisions.correct_message(
        message=message, kind=MailKind.INTERVIEW, company="Acme", role="Data Engineer"
    )

    message.refresh_from_db()
    application.refresh_from_db()
    assert (message.kind, message.role, message.confidence) == ("interview", "Data Engineer", 1.0)
    assert message.corrected_at is not None
    assert message.reasons == [
        "You corrected this message: kind interview (was rejection); role Data Engineer (was —)."
    ]
    assert len(outcome.undone) == 1
    assert application.status == Status.INTERVIEWING
    correction = Correction.objects.get()
    assert (correction.kind_before, correction.kind, correction.user_id) == (
        "rejection",
        "interview",
        user.pk,
    )


def test_correction_relinks_by_the_corrected_company(user):
    """A message read as the wrong company moves to the application of the corrected one."""
    account = GmailAccountFactory(user=user)
    wrong = ApplicationFactory(user=user, company="Globex HR", status=Status.APPLIED)
    right = ApplicationFactory(user=user, company="Globex", role="Analyst", status=Status.APPLIED)
    message = MessageFactory(
        account=account,
        kind=MailKind.INTERVIEW,
        company="Globex HR",
        role="Analyst",
        application=wrong,
        link_source=Message.LinkSource.COMPANY,
    )

    decisions.correct_message(
        message=message, kind=MailKind.INTERVIEW, company="Globex", role="Analyst"
    )

    message.refresh_from_db()
    assert message.application_id == right.pk
    assert message.link_source == Message.LinkSource.COMPANY


def test_reclassify_never_overrides_a_correction(user):
    """A corrected message keeps what the user said when mail is read again."""
    account = GmailAccountFactory(user=user)
    message = MessageFactory(
        account=account, subject="Thank you for applying", body_text="We received it."
    )
    decisions.correct_message(message=message, kind=MailKind.OTHER, company="", role="")

    processing.reclassify_stored([Message.objects.get(pk=message.pk)])

    message.refresh_from_db()
    assert message.kind == MailKind.OTHER


def test_same_template_is_read_as_corrected(user):
    """Correct one Workday notice read as other; the next from that template is a rejection."""
    account = GmailAccountFactory(user=user, email="sam@example.com")
    first = workday_notice(account, role="Financial Analyst", req="R-10234", days_ago=9)
    processing.process_messages([first])
    first.refresh_from_db()
    assert first.kind == MailKind.OTHER, f"precondition: the model reads it as {first.kind}"

    decisions.correct_message(
        message=first, kind=MailKind.REJECTION, company="Northwind", role="Financial Analyst"
    )
    second = workday_notice(
        account, role="Senior Treasury Analyst", req="R-11871", days_ago=1, name="Samantha"
    )
    processing.process_messages([second])

    second.refresh_from_db()
    assert second.kind == MailKind.REJECTION
    assert any("you corrected" in reason for reason in second.reasons), second.reasons
    assert second.company == "Northwind"


def test_another_users_correction_does_not_count(user, other_user):
    """Corrections teach only the user who made them."""
    mine = GmailAccountFactory(user=user, email="sam@example.com")
    theirs = GmailAccountFactory(user=other_user, email="alex@example.com")
    first = workday_notice(mine, role="Financial Analyst", req="R-10234", days_ago=9)
    decisions.correct_message(
        message=first, kind=MailKind.REJECTION, company="Northwind", role="Financial Analyst"
    )
    other = workday_notice(theirs, role="Financial Analyst", req="R-10234", days_ago=1)
    processing.process_messages([other])
    other.refresh_from_db()
    assert other.kind != MailKind.REJECTION or not any(
        "you corrected" in reason for reason in other.reasons
    )


@pytest.mark.parametrize("htmx", [False, True])
def test_correct_from_the_message_page(client_for, user, htmx):
    """One form sets kind, company and role; the page shows the user's verdict."""
    message = MessageFactory(
        account=GmailAccountFactory(user=user), kind=MailKind.OTHER, subject="Hello"
    )
    url = reverse("mail_sync:message-correct", args=[message.pk])

    response = client_for(user, htmx=htmx).post(
        url, {"kind": "recruiter", "company": "Initech", "role": "Platform Engineer"}
    )

    message.refresh_from_db()
    assert (message.kind, message.company, message.role) == (
        "recruiter",
        "Initech",
        "Platform Engineer",
    )
    if htmx:
        html = response.content.decode()
        assert html.lstrip().startswith('<aside id="mail-side"') and "<html" not in html
        assert toast_of(response)["message"].startswith("Saved. Orbit will read mail like this one")
    else:
        assert response.status_code == 302


@pytest.mark.parametrize("htmx", [False, True])
def test_correction_with_a_bad_kind_re_renders_with_the_error(client_for, user, htmx):
    """An unknown kind is refused with a message and nothing changes."""
    message = MessageFactory(account=GmailAccountFactory(user=user), kind=MailKind.OTHER)
    url = reverse("mail_sync:message-correct", args=[message.pk])

    response = client_for(user, htmx=htmx).post(url, {"kind": "spam", "company": "X"})

    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    message.refresh_from_db()
    assert message.kind == MailKind.OTHER and message.corrected_at is None
    assert not Correction.objects.exists()


def test_correct_from_the_inbox_row(client_for, user):
    """From the Inbox, the row is corrected in place."""
    message = MessageFactory(account=GmailAccountFactory(user=user), kind=MailKind.CONFIRMATION)
    url = reverse("mail_sync:message-correct", args=[message.pk])

    response = client_for(user, htmx=True).post(
        url, {"kind": "rejection", "company": "Acme", "role": "", "from": "inbox"}
    )

    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="message-{message.pk}"')
    assert "Rejection" in html
    message.refresh_from_db()
    assert message.kind == MailKind.REJECTION


def test_correcting_another_users_message_is_404(client_for, user, other_user):
    message = MessageFactory(account=GmailAccountFactory(user=other_user), kind=MailKind.OTHER)
    url = reverse("mail_sync:message-correct", args=[message.pk])
    response = client_for(user).post(url, {"kind": "rejection"})
    assert response.status_code == 404
    message.refresh_from_db()
    assert message.kind == MailKind.OTHER


def _pending(user, application, to_status=Status.REJECTED) -> Suggestion:
    message = MessageFactory(account=GmailAccountFactory(user=user), kind=MailKind.REJECTION)
    return SuggestionFactory(message=message, application=application, to_status=to_status)


@pytest.mark.parametrize("htmx", [False, True])
def test_review_accepts_several_at_once(client_for, user, htmx):
    """Ticked suggestions are accepted together; an unticked one stays."""
    apps = [ApplicationFactory(user=user, status=Status.APPLIED) for _ in range(3)]
    chosen = [_pending(user, app) for app in apps[:2]]
    left = _pending(user, apps[2])

    response = client_for(user, htmx=htmx).post(
        reverse("mail_sync:review-decide"),
        {"ids": [s.pk for s in chosen], "decision": "accept"},
    )

    assert response.status_code == (200 if htmx else 302)
    for suggestion in chosen:
        suggestion.refresh_from_db()
        assert suggestion.state == Suggestion.State.ACCEPTED
        assert suggestion.application.events.filter(to_status=Status.REJECTED).exists()
    left.refresh_from_db()
    assert left.state == Suggestion.State.PENDING


def test_review_dismisses_several_at_once(client_for, user):
    apps = [ApplicationFactory(user=user, status=Status.APPLIED) for _ in range(2)]
    chosen = [_pending(user, app) for app in apps]
    client_for(user).post(
        reverse("mail_sync:review-decide"),
        {"ids": [s.pk for s in chosen], "decision": "dismiss"},
    )
    assert set(Suggestion.objects.values_list("state", flat=True)) == {"dismissed"}
    assert not Event.objects.filter(kind=EventKind.STATUS_CHANGE).exists()


def test_a_suggestion_whose_twin_was_accepted_disappears(user):
    """Two rejections for one application: accepting one dismisses the other."""
    application = ApplicationFactory(user=user, status=Status.APPLIED)
    first, twin = _pending(user, application), _pending(user, application)

    decisions.accept_suggestion(suggestion=first)

    twin.refresh_from_db()
    assert twin.state == Suggestion.State.DISMISSED
    assert not Suggestion.objects.pending().exists()


def test_bulk_review_ignores_other_users_ids(client_for, user, other_user):
    """Another user's suggestion id in the form is ignored."""
    theirs = _pending(other_user, ApplicationFactory(user=other_user, status=Status.APPLIED))
    response = client_for(user).post(
        reverse("mail_sync:review-decide"), {"ids": [theirs.pk], "decision": "accept"}
    )
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.state == Suggestion.State.PENDING


def test_reclassify_command_rereads_stored_mail_with_the_users_corrections(user):
    """After a correction, `reclassify_emails --user` re-reads older mail of that template."""
    account = GmailAccountFactory(user=user, email="sam@example.com")
    stored = workday_notice(account, role="Payroll Specialist", req="R-09911", days_ago=20)
    corrected = workday_notice(account, role="Financial Analyst", req="R-10234", days_ago=9)
    processing.process_messages([stored, corrected])
    stored.refresh_from_db()
    assert stored.kind == MailKind.OTHER, f"precondition: the model reads it as {stored.kind}"
    decisions.correct_message(
        message=corrected, kind=MailKind.REJECTION, company="Northwind", role="Financial Analyst"
    )

    out = StringIO()
    call_command("reclassify_emails", "--user", user.email, stdout=out)

    stored.refresh_from_db()
    assert stored.kind == MailKind.REJECTION
    assert "other → rejection: 1" in out.getvalue()
