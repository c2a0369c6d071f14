"""process_messages: classify, link, create, apply or queue status changes, idempotently."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from applications.models import Application, Event, EventKind, EventSource, Source
from applications.services import editing, trash
from applications.status import Status
from mail_sync import processing
from mail_sync.models import MailKind, Message, Suggestion
from mail_sync.processing import ProcessStats, process_messages
from tests.factories import ApplicationFactory
from tests.mail_sync.factories_inbox import GmailAccountFactory, MessageFactory, message_id_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(user):
    return GmailAccountFactory(user=user)


def message(account, subject: str, **fields) -> Message:
    return MessageFactory(account=account, subject=subject, **fields)


def counts() -> tuple[int, int, int]:
    return Application.objects.count(), Event.objects.count(), Suggestion.objects.count()


def test_confirmation_from_unknown_company_creates_applied_application(rules, account, user):
    """A confirmation for a new company creates an applied application whose event cites it."""
    received = timezone.now() - dt.timedelta(days=3)
    subject = rules.script("Thanks for applying", MailKind.CONFIRMATION, 0.9, "Globex", "SRE")
    mail = message(account, subject, internal_date=received)

    stats = process_messages([mail])

    application = Application.objects.get(user=user)
    assert (application.company, application.role) == ("Globex", "SRE")
    assert application.status == Status.APPLIED
    assert application.source == Source.EMAIL
    assert application.applied_date == timezone.localdate(received)
    event = application.events.get()
    assert (event.kind, event.source, message_id_of(event)) == (
        EventKind.CREATED,
        EventSource.EMAIL,
        mail.pk,
    )
    mail.refresh_from_db()
    assert mail.application_id == application.pk
    assert mail.link_source == Message.LinkSource.CREATED
    assert mail.kind == MailKind.CONFIRMATION
    assert mail.company == "Globex"
    assert mail.reasons == ["scripted confirmation"]
    assert mail.processed_at is not None
    assert stats == ProcessStats(classified=1, linked=1, applied=0, suggested=0, created=1)


def test_processing_twice_changes_nothing(rules, account, user):
    """A second run over the same messages adds no application, event or suggestion."""
    confirmation = rules.script("Applied", MailKind.CONFIRMATION, 0.9, "Initech", "Dev")
    interview = rules.script("Phone screen with Initech", MailKind.INTERVIEW, 0.95, "Initech")
    low = rules.script("Maybe an offer", MailKind.OFFER, 0.4, "Initech")
    mails = [
        message(account, confirmation, internal_date=timezone.now() - dt.timedelta(days=5)),
        message(account, interview, internal_date=timezone.now() - dt.timedelta(days=2)),
        message(account, low, internal_date=timezone.now() - dt.timedelta(days=1)),
    ]
    first = process_messages(mails)
    snapshot = counts()
    updated = {row.pk: row.updated_at for row in Message.objects.all()}

    again = process_messages(list(Message.objects.all()))

    assert first.created == 1 and first.applied == 1 and first.suggested == 1
    assert again == ProcessStats(classified=3)
    assert counts() == snapshot
    assert {row.pk: row.updated_at for row in Message.objects.all()} == updated


def test_stale_instances_from_the_caller_do_not_relink(rules, account, user):
    """Instances read before the first run (no link in memory) still keep the stored link."""
    subject = rules.script("Applied", MailKind.CONFIRMATION, 0.9, "Hooli", "PM")
    mail = message(account, subject)
    stale = Message.objects.get(pk=mail.pk)
    process_messages([mail])

    process_messages([stale])

    assert Application.objects.count() == 1
    assert Event.objects.count() == 1


def test_confident_rejection_is_applied_with_an_email_event(rules, account, user):
    """A confident forward move the machine allows is applied and recorded as applied."""
    application = ApplicationFactory(user=user, company="Acme Corp.", status=Status.SCREENING)
    subject = rules.script("Your application", MailKind.REJECTION, 0.92, "ACME")
    mail = message(account, subject)

    stats = process_messages([mail])

    application.refresh_from_db()
    assert application.status == Status.REJECTED
    event = application.events.get(kind=EventKind.STATUS_CHANGE)
    assert (event.source, message_id_of(event), event.from_status) == (
        EventSource.EMAIL,
        mail.pk,
        Status.SCREENING,
    )
    assert event.occurred_at == mail.internal_date
    suggestion = Suggestion.objects.get()
    assert suggestion.state == Suggestion.State.APPLIED
    assert suggestion.to_status == Status.REJECTED
    assert suggestion.decided_at is not None
    mail.refresh_from_db()
    assert mail.link_source == Message.LinkSource.COMPANY
    assert stats.applied == 1 and stats.linked == 1


def test_low_confidence_waits_for_review(rules, account, user):
    """Below the kind's threshold the change waits in the Review queue and nothing moves."""
    rules.threshold = 0.8
    application = ApplicationFactory(user=user, company="Acme", status=Status.APPLIED)
    mail = message(account, rules.script("Offer?", MailKind.OFFER, 0.79, "Acme"))

    stats = process_messages([mail])

    application.refresh_from_db()
    assert application.status == Status.APPLIED
    suggestion = Suggestion.objects.get()
    assert (suggestion.state, suggestion.to_status, suggestion.application_id) == (
        Suggestion.State.PENDING,
        Status.OFFER,
        application.pk,
    )
    assert suggestion.confidence == pytest.approx(0.79)
    assert stats.suggested == 1 and stats.applied == 0
    assert not application.events.exists()


def test_kind_threshold_is_honoured(rules, account, user):
    """A kind whose threshold is lower lets the same confidence apply."""
    rules.threshold = 0.5
    application = ApplicationFactory(user=user, company="Acme", status=Status.APPLIED)
    process_messages([message(account, rules.script("Offer", MailKind.OFFER, 0.6, "Acme"))])

    application.refresh_from_db()
    assert application.status == Status.OFFER


def test_allowed_but_backward_move_waits_for_review(rules, account, user):
    """Ghosted → screening is allowed but not forward, so it is only suggested."""
    application = ApplicationFactory(user=user, company="Acme", status=Status.GHOSTED)
    process_messages([message(account, rules.script("Test", MailKind.ASSESSMENT, 0.99, "Acme"))])

    application.refresh_from_db()
    assert application.status == Status.GHOSTED
    assert Suggestion.objects.get().to_status == Status.SCREENING
    assert Suggestion.objects.get().state == Suggestion.State.PENDING


def test_refused_move_is_not_suggested(rules, account, user):
    """An interview invite for a rejected application proposes nothing."""
    application = ApplicationFactory(user=user, company="Acme", status=Status.REJECTED)
    mail = message(account, rules.script("Interview", MailKind.INTERVIEW, 0.99, "Acme"))

    process_messages([mail])

    assert not Suggestion.objects.exists()
    application.refresh_from_db()
    assert application.status == Status.REJECTED


def test_assessment_during_screening_proposes_nothing(rules, account, user):
    """An assessment for an application already in screening is part of that stage."""
    ApplicationFactory(user=user, company="Acme", status=Status.SCREENING)
    process_messages([message(account, rules.script("Take-home", MailKind.ASSESSMENT, 1, "Acme"))])

    assert not Suggestion.objects.exists()


def test_interview_invite_moves_status_and_adds_one_round(rules, account, user):
    """An interview invite moves to interviewing and adds a named, typed round once."""
    application = ApplicationFactory(user=user, company="Acme", status=Status.APPLIED)
    subject = rules.script("Re: Technical interview – Acme", MailKind.INTERVIEW, 0.9, "Acme")
    mail = message(account, subject, body_text="Join us on Zoom for a coding session.")

    process_messages([mail])
    process_messages([mail])

    application.refresh_from_db()
    assert application.status == Status.INTERVIEWING
    interview = application.events.get(kind=EventKind.INTERVIEW)
    assert interview.interview_name == "Technical interview – Acme"
    assert interview.interview_kind == "technical"
    assert (interview.source, message_id_of(interview)) == (EventSource.EMAIL, mail.pk)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Phone screen next week", "phone"),
        ("Invitation: video call on Google Meet", "video"),
        ("Onsite interview at our office", "onsite"),
        ("Coding interview", "technical"),
        ("Next steps", "video"),
    ],
)
def test_interview_kind_is_guessed_from_words(text, kind):
    """The round's kind comes from the words in the invite."""
    assert processing.guess_interview_kind(text) == kind


def test_thread_keeps_one_application(rules, account, user):
    """A reply in a linked thread follows the thread when it names no other company."""
    acme = ApplicationFactory(user=user, company="Acme")
    ApplicationFactory(user=user, company="Globex")
    first = message(
        account,
        rules.script("Applied", MailKind.CONFIRMATION, 0.9, "Acme"),
        thread_id="t-1",
        internal_date=timezone.now() - dt.timedelta(days=2),
    )
    reply = message(
        account,
        rules.script("Re: Applied", MailKind.INTERVIEW, 0.5, "ACME Inc"),
        thread_id="t-1",
        body_text="Could you do Tuesday at 10:00?",
    )

    process_messages([reply, first])

    reply.refresh_from_db()
    assert reply.application_id == acme.pk
    assert reply.link_source == Message.LinkSource.THREAD


def _thread_of(account, application, *, days_ago: float = 5) -> str:
    MessageFactory(
        account=account,
        thread_id="t-reused",
        application=application,
        link_source="company",
        internal_date=timezone.now() - dt.timedelta(days=days_ago),
    )
    return "t-reused"


def test_reply_naming_another_tracked_company_links_to_it_and_only_suggests(rules, account, user):
    """A recruiter's reused thread does not carry another company's rejection across."""
    acme = ApplicationFactory(user=user, company="Acme")
    globex = ApplicationFactory(user=user, company="Globex Corporation")
    thread = _thread_of(account, acme)
    mail = message(
        account,
        rules.script("Re: your application", MailKind.REJECTION, 0.99, "Globex"),
        thread_id=thread,
        body_text="Globex have decided not to move forward.",
    )

    process_messages([mail])

    mail.refresh_from_db()
    assert (mail.application_id, mail.link_source) == (globex.pk, "company")
    suggestion = Suggestion.objects.get(message=mail)
    assert (suggestion.application_id, suggestion.state) == (globex.pk, "pending")
    assert "thread belongs to another application" in suggestion.reason
    assert set(Application.objects.values_list("status", flat=True)) == {Status.APPLIED}


def test_reply_naming_an_untracked_company_is_left_unlinked(rules, account, user):
    """A thread reply about a company the user never applied to joins nothing."""
    acme = ApplicationFactory(user=user, company="Acme")
    thread = _thread_of(account, acme)
    mail = message(
        account,
        rules.script("Re: your application", MailKind.INTERVIEW, 0.99, "Initech"),
        thread_id=thread,
        body_text="Initech would like to invite you to an interview.",
    )

    process_messages([mail])

    mail.refresh_from_db()
    assert mail.application_id is None
    assert not Suggestion.objects.exists()
    assert not Event.objects.filter(kind=EventKind.INTERVIEW).exists()


def test_reply_whose_body_names_another_tracked_company_follows_it(rules, account, user):
    """The company read from an inherited subject does not hold a body about another one."""
    globex = ApplicationFactory(user=user, company="Globex", role="Platform Engineer")
    initech = ApplicationFactory(user=user, company="Initech", role="SRE")
    thread = _thread_of(account, globex)
    mail = message(
        account,
        rules.script("Re: Platform Engineer - Globex", MailKind.OFFER, 0.99, "Globex"),
        thread_id=thread,
        body_text="Fantastic news: Initech have come back with an offer for the SRE role!",
    )

    process_messages([mail])

    mail.refresh_from_db()
    assert (mail.application_id, mail.link_source) == (initech.pk, "company")
    assert Suggestion.objects.get(message=mail).state == Suggestion.State.PENDING
    initech.refresh_from_db()
    assert initech.status == Status.APPLIED


def test_recruiter_pitch_in_a_thread_that_does_not_name_its_company_links_nothing(
    rules, account, user
):
    """A recruiter pitching something else in an old thread is not that application's mail."""
    globex = ApplicationFactory(user=user, company="Globex")
    thread = _thread_of(account, globex)
    mail = message(
        account,
        rules.script("Re: Platform Engineer - Globex", MailKind.RECRUITER, 0.9, "Globex"),
        thread_id=thread,
        body_text="Vandelay Industries are hiring a Data Engineer; shall I introduce you?",
    )

    process_messages([mail])

    mail.refresh_from_db()
    assert mail.application_id is None


def test_agency_domain_does_not_link_another_company(rules, account, user):
    """An agency's domain reached one client: mail naming another client does not follow it."""
    globex = ApplicationFactory(user=user, company="Globex")
    MessageFactory(account=account, from_domain="brightpath.co.uk", application=globex)
    mail = message(
        account,
        rules.script("Update", MailKind.REJECTION, 0.99, "Initech"),
        from_domain="brightpath.co.uk",
    )

    process_messages([mail])

    mail.refresh_from_db()
    assert mail.application_id is None
    globex.refresh_from_db()
    assert globex.status == Status.APPLIED


@pytest.mark.parametrize(("days_before", "moved"), [(3, False), (30, False), (2, True)])
def test_mail_from_well_before_the_applied_date_moves_nothing(
    rules, account, user, days_before, moved
):
    """Mail dated more than two days before the applied date changes, suggests and adds nothing."""
    applied = timezone.localdate() - dt.timedelta(days=10)
    acme = ApplicationFactory(user=user, company="Acme", applied_date=applied)
    received = timezone.now() - dt.timedelta(days=10 + days_before)
    subject = rules.script("Interview", MailKind.INTERVIEW, 0.99, "Acme")

    process_messages([message(account, subject, internal_date=received)])

    acme.refresh_from_db()
    assert acme.status == (Status.INTERVIEWING if moved else Status.APPLIED)
    assert Suggestion.objects.exists() is moved
    assert Event.objects.filter(kind=EventKind.INTERVIEW).exists() is moved
    assert Message.objects.filter(application=acme).count() == 1  # still linked


def test_thread_link_from_an_earlier_batch(rules, account, user):
    """A thread linked in an earlier batch pulls in its new messages."""
    acme = ApplicationFactory(user=user, company="Acme")
    MessageFactory(account=account, thread_id="t-9", application=acme, link_source="company")
    reply = message(account, rules.script("Re: hi", MailKind.REJECTION, 0.5), thread_id="t-9")

    process_messages([reply])

    reply.refresh_from_db()
    assert (reply.application_id, reply.link_source) == (acme.pk, "thread")


def test_sender_domain_links_when_company_is_unknown(rules, account, user):
    """A message without a company links through the job URL's host or an earlier message."""
    by_url = ApplicationFactory(
        user=user, company="Umbrella", job_url="https://careers.umbrella.io/1"
    )
    mail = message(
        account,
        rules.script("Update", MailKind.REJECTION, 0.5),
        from_domain="mail.umbrella.io",
    )

    process_messages([mail])

    mail.refresh_from_db()
    assert (mail.application_id, mail.link_source) == (by_url.pk, "domain")


def test_shared_ats_domain_never_links(rules, account, user):
    """Greenhouse mail is from many employers: its domain alone links nothing."""
    acme = ApplicationFactory(user=user, company="Acme")
    MessageFactory(account=account, from_domain="greenhouse.io", application=acme)
    mail = message(account, rules.script("Update", MailKind.REJECTION), from_domain="greenhouse.io")

    process_messages([mail])

    mail.refresh_from_db()
    assert mail.application_id is None


def test_role_picks_among_applications_at_one_company(rules, account, user):
    """Two applications at one company: the role decides, and a clear pick can auto-apply."""
    ApplicationFactory(user=user, company="Acme", role="Product Designer")
    backend = ApplicationFactory(user=user, company="Acme", role="Senior Backend Engineer")
    mail = message(
        account, rules.script("No", MailKind.REJECTION, 0.95, "Acme", "Backend Engineer (Senior)")
    )

    process_messages([mail])

    mail.refresh_from_db()
    assert mail.application_id == backend.pk
    backend.refresh_from_db()
    assert backend.status == Status.REJECTED


def test_ambiguous_company_match_only_suggests(rules, account, user):
    """Two applications at one company and no role: link a guess but never auto-apply."""
    ApplicationFactory(user=user, company="Acme", role="Designer")
    ApplicationFactory(user=user, company="Acme", role="Engineer")
    mail = message(account, rules.script("No", MailKind.REJECTION, 0.99, "Acme"))

    process_messages([mail])

    suggestion = Suggestion.objects.get()
    assert suggestion.state == Suggestion.State.PENDING
    assert "several applications" in suggestion.reason
    assert not Application.objects.filter(status=Status.REJECTED).exists()


def test_confirmation_for_a_new_role_at_a_known_company_creates_one(rules, account, user):
    """A second job at the same company gets its own application."""
    ApplicationFactory(user=user, company="Acme", role="Product Designer")
    subject = rules.script("Thanks", MailKind.CONFIRMATION, 0.9, "Acme", "Data Engineer")

    stats = process_messages([message(account, subject)])

    assert stats.created == 1
    assert Application.objects.filter(user=user, company="Acme").count() == 2


def test_deleted_application_is_never_linked(rules, account, user):
    """A trashed application is invisible to linking, and a stale link to it is replaced."""
    trashed = ApplicationFactory(user=user, company="Acme")
    trash.soft_delete(user=user, application_ids=[trashed.pk])
    old = MessageFactory(account=account, application=trashed, link_source="company")
    mail = message(account, rules.script("Applied", MailKind.CONFIRMATION, 0.9, "Acme", "Dev"))

    process_messages([mail, old])

    mail.refresh_from_db()
    assert mail.application_id not in (None, trashed.pk)
    old.refresh_from_db()
    assert old.application_id != trashed.pk


def test_manual_link_and_unlink_are_never_overridden(rules, account, user):
    """Processing keeps a manual link and a manual unlink as the user left them."""
    acme = ApplicationFactory(user=user, company="Acme")
    globex = ApplicationFactory(user=user, company="Globex")
    subject = rules.script("Hi", MailKind.REJECTION, 0.99, "Acme")
    linked = message(account, subject, application=globex, link_source="manual")
    unlinked = message(account, subject, link_source="manual")

    process_messages([linked, unlinked])

    linked.refresh_from_db()
    unlinked.refresh_from_db()
    assert (linked.application_id, linked.link_source) == (globex.pk, "manual")
    assert (unlinked.application_id, unlinked.link_source) == (None, "manual")
    acme.refresh_from_db()
    assert acme.status == Status.APPLIED
    # The manual link's proposal waits for the user rather than applying itself.
    assert Suggestion.objects.get().state == Suggestion.State.PENDING


def test_failed_and_other_messages(rules, account, user):
    """Unparsed mail is skipped; other mail is classified but links and creates nothing."""
    ApplicationFactory(user=user, company="Acme")
    failed = message(account, "broken", parse_state=Message.ParseState.FAILED)
    other = message(account, "Newsletter")

    stats = process_messages([failed, other])

    failed.refresh_from_db()
    other.refresh_from_db()
    assert failed.processed_at is None and failed.kind == ""
    assert other.kind == MailKind.OTHER and other.application_id is None
    assert stats == ProcessStats(classified=1)


def test_batch_query_count_does_not_grow_with_messages(
    rules, account, user, django_assert_max_num_queries
):
    """Linking is in memory: 60 messages cost the same few queries as 5."""
    for index in range(5):
        ApplicationFactory(user=user, company=f"Company {index}")

    def batch(size: int, tag: str) -> list[Message]:
        return [
            message(account, rules.script(f"{tag}{n}", MailKind.RECRUITER, 0.9, f"Company {n % 5}"))
            for n in range(size)
        ]

    small, large = batch(5, "a"), batch(60, "b")
    with django_assert_max_num_queries(12) as small_queries:
        process_messages(small)
    with django_assert_max_num_queries(12) as large_queries:
        process_messages(large)
    assert len(large_queries.captured_queries) == len(small_queries.captured_queries)


def _scenario(rules, user, start: dt.datetime) -> list[list[Message]]:
    """Two batches of mixed mail for one user: creations, replies, moves, rounds, refusals."""
    account = GmailAccountFactory(user=user)
    for company, role, status in (
        ("Acme", "Backend Engineer", Status.APPLIED),
        ("Initech", "SRE", Status.SCREENING),
        ("Initech", "SRE II", Status.APPLIED),
        ("Umbrella", "Chemist", Status.REJECTED),
        ("Hooli", "PM", Status.WISHLIST),
    ):
        ApplicationFactory(
            user=user,
            company=company,
            role=role,
            status=status,
            source=Source.OTHER,
            last_activity_at=start - dt.timedelta(days=5),
            applied_date=None if status == Status.WISHLIST else start.date(),
        )
    verdicts = [
        ("Applied to Globex", MailKind.CONFIRMATION, 0.9, "Globex", "Data Engineer"),
        ("Re: Applied to Globex", MailKind.ASSESSMENT, 0.9, None, None),
        ("Globex interview", MailKind.INTERVIEW, 0.95, "Globex", "Data Engineer"),
        ("Acme phone screen", MailKind.INTERVIEW, 0.9, "Acme", "Backend Engineer"),
        ("Acme onsite", MailKind.INTERVIEW, 0.9, "Acme", "Backend Engineer"),
        ("Initech news", MailKind.REJECTION, 0.9, "Initech", None),
        ("Umbrella offer", MailKind.OFFER, 0.9, "Umbrella", None),
        ("Hooli received", MailKind.CONFIRMATION, 0.9, "Hooli", None),
        # An untracked company on a domain that reached others: it links nowhere, twice.
        ("Wayne maybe", MailKind.REJECTION, 0.5, "Wayne", None),
        ("Applied to Stark", MailKind.CONFIRMATION, 0.9, "Stark", "Designer"),
        ("Stark rejection", MailKind.REJECTION, 0.6, "Stark", "Designer"),
        ("Acme offer", MailKind.OFFER, 0.9, "Acme", "Backend Engineer"),
        ("Globex offer", MailKind.OFFER, 0.9, "Globex", None),
        ("Applied to Globex again", MailKind.CONFIRMATION, 0.9, "Globex", "Product Manager"),
        ("Newsletter", MailKind.OTHER, 0.9, None, None),
    ]
    messages = []
    for number, (subject, kind, confidence, company, role) in enumerate(verdicts):
        rules.script(subject, kind, confidence, company, role)
        thread = "globex" if subject.endswith("Applied to Globex") else f"t{number}"
        messages.append(
            MessageFactory(
                account=account,
                subject=subject,
                thread_id=f"{user.pk}-{thread}",
                from_domain="example.com",
                # Two messages at one instant: events of a tie keep the one-by-one order.
                internal_date=start + dt.timedelta(days=min(number, 11)),
            )
        )
    return [messages[:8], messages[8:], messages]


def _rows(user) -> dict[str, list]:
    """The user's applications, events and suggestions, with ids replaced by what they name."""
    names = {app.pk: (app.company, app.role) for app in Application.objects.filter(user=user)}
    subjects = dict(Message.objects.filter(user=user).values_list("pk", "subject"))
    applications = sorted(
        (
            names[app.pk],
            app.status,
            app.source,
            app.applied_date,
            app.last_activity_at,
            app.deleted_at,
        )
        for app in Application.objects.filter(user=user)
    )
    events = [
        (
            names[event.application_id],
            event.kind,
            event.source,
            event.from_status,
            event.to_status,
            event.occurred_at,
            event.interview_name,
            event.interview_kind,
            subjects.get(message_id_of(event)),
        )
        for event in Event.objects.filter(user=user)
        .select_related("message_link")
        .order_by("application__company", "application__role", "id")
    ]
    suggestions = sorted(
        (
            subjects[suggestion.message_id],
            names[suggestion.application_id],
            suggestion.to_status,
            suggestion.state,
            suggestion.reason,
            suggestion.decided_at is None,
        )
        for suggestion in Suggestion.objects.filter(user=user)
    )
    links = sorted(
        (message.subject, names.get(message.application_id), message.link_source)
        for message in Message.objects.filter(user=user)
    )
    return {
        "applications": applications,
        "events": events,
        "suggestions": suggestions,
        "links": links,
    }


def test_batched_writes_match_one_by_one(rules, django_user_model):
    """The batched pipeline writes exactly the rows the single-row services write."""
    reference = django_user_model.objects.create_user(email="one@example.com", password=None)
    batched = django_user_model.objects.create_user(email="batch@example.com", password=None)
    reference_stats, batched_stats = [], []
    start = timezone.now() - dt.timedelta(days=20)
    for batch in _scenario(rules, reference, start):
        reference_stats.append(process_messages(batch, one_by_one=True))
    cache = processing.ApplicationCache()
    for batch in _scenario(rules, batched, start):
        batched_stats.append(process_messages(batch, cache=cache))

    assert batched_stats == reference_stats
    assert reference_stats[0].created == 1 and reference_stats[0].applied >= 3
    assert reference_stats[2] == ProcessStats(classified=15)  # the rerun changes nothing
    expected, actual = _rows(reference), _rows(batched)
    assert len(expected["events"]) > 10
    for key in expected:
        assert actual[key] == expected[key], key


ATS = "greenhouse.io"  # a shared sender: links by company name only


def test_cache_reads_rows_changed_between_batches(rules, account, user):
    """An application edited, deleted or added between two batches is seen as it now is."""
    cache = processing.ApplicationCache()
    acme = ApplicationFactory(user=user, company="Acme")
    gone = ApplicationFactory(user=user, company="Globex")
    first = message(account, rules.script("hello", MailKind.RECRUITER, 0.9, "Acme"))
    process_messages([first], cache=cache)

    trash.soft_delete(user=user, application_ids=[gone.pk])
    editing.update_application(application=acme, company="Acme Renamed")
    added = ApplicationFactory(user=user, company="Initech")
    to_acme = message(
        account, rules.script("a", MailKind.RECRUITER, 0.9, "Acme Renamed"), from_domain=ATS
    )
    to_gone = message(
        account, rules.script("g", MailKind.RECRUITER, 0.9, "Globex"), from_domain=ATS
    )
    to_added = message(
        account, rules.script("i", MailKind.RECRUITER, 0.9, "Initech"), from_domain=ATS
    )
    process_messages([to_acme, to_gone, to_added], cache=cache)

    for mail in (to_acme, to_gone, to_added):
        mail.refresh_from_db()
    assert to_acme.application_id == acme.pk
    assert to_gone.application_id is None
    assert to_added.application_id == added.pk
