"""Linking rules (company and domain normalising, roles) and manual link, unlink, re-link."""

from __future__ import annotations

import pytest
from django.urls import reverse

from applications.status import Status
from mail_sync.linking import (
    company_domain,
    normalize_company,
    role_similarity,
    same_company,
    site_domain,
)
from mail_sync.models import MailKind, Message, Suggestion
from mail_sync.processing import process_messages
from tests.factories import ApplicationFactory
from tests.mail_sync.factories_inbox import GmailAccountFactory, MessageFactory


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("The Acme Corporation", "acme"),
        ("ACME, Inc.", "acme"),
        ("Acme LLC", "acme"),
        ("Müller GmbH", "muller"),
        ("Procter & Gamble Co.", "procter and gamble"),
        ("The Company", "the company"),  # never normalised to nothing
        ("", ""),
        (None, ""),
    ],
)
def test_company_names_normalise(raw, normal):
    """Case, punctuation, accents and legal-form words do not tell companies apart."""
    assert normalize_company(raw) == normal


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Acme", "Acme Corp.", True),
        ("ACME Inc", "Acme Robotics GmbH", True),
        ("Harbor & Finch", "HarborFinch", True),
        ("Acme", "", True),  # no company says nothing
        (None, "Globex", True),
        ("Acme Health", "Acme Robotics", False),
        ("General Motors", "General Electric", False),
        ("Meta", "Metabase", False),
        ("Globex", "Initech", False),
    ],
)
def test_same_company_tolerates_legal_forms_and_divisions(first, second, same):
    """Legal forms and a longer name for the same company match; other names do not."""
    assert same_company(first, second) is same
    assert same_company(second, first) is same


def test_domains_reduce_to_the_site_and_skip_shared_senders():
    """Sub-domains collapse; mail providers and ATS platforms identify no company."""
    assert site_domain("mail.jobs.acme.com") == "acme.com"
    assert site_domain("careers.acme.co.uk") == "acme.co.uk"
    assert site_domain("localhost") == ""
    assert company_domain("talent.acme.com") == "acme.com"
    assert company_domain("us.greenhouse-mail.io") == ""
    assert company_domain("gmail.com") == ""
    assert company_domain("myworkday.com") == ""


def test_role_similarity_ignores_order_and_seniority_words():
    assert role_similarity("Senior Backend Engineer", "Backend Engineer (Senior)") == 1
    assert role_similarity("Software Engineer", "Software Engineer II") >= 0.9
    assert role_similarity("Data Engineer", "Product Designer") == 0
    assert role_similarity(None, "Engineer") == 0


pytestmark = pytest.mark.django_db


@pytest.fixture
def account(user):
    return GmailAccountFactory(user=user)


def link_url(message) -> str:
    return reverse("mail_sync:message-link", args=[message.pk])


def unlink_url(message) -> str:
    return reverse("mail_sync:message-unlink", args=[message.pk])


@pytest.mark.parametrize("htmx", [False, True])
def test_manual_link_links_and_queues_the_status_change(client_for, user, account, htmx):
    """Linking by hand records a manual link and puts the proposed move in Review."""
    application = ApplicationFactory(user=user, status=Status.APPLIED)
    message = MessageFactory(account=account, kind=MailKind.REJECTION, confidence=0.99)

    response = client_for(user, htmx=htmx).post(link_url(message), {"application": application.pk})

    message.refresh_from_db()
    assert (message.application_id, message.link_source) == (application.pk, "manual")
    suggestion = Suggestion.objects.get(message=message)
    assert (suggestion.state, suggestion.to_status) == ("pending", Status.REJECTED)
    application.refresh_from_db()
    assert application.status == Status.APPLIED  # the user decides in Review
    if htmx:
        html = response.content.decode()
        assert response.status_code == 200
        assert html.lstrip().startswith('<section id="link-panel"')
        assert str(application) in html and "Unlink" in html
        assert "review-count-changed" in response["HX-Trigger"]
    else:
        assert response.status_code == 302
        assert response.url == reverse("mail_sync:message", args=[message.pk])


@pytest.mark.parametrize("htmx", [False, True])
def test_link_to_a_foreign_or_missing_application_is_refused(
    client_for, user, other_user, account, htmx
):
    """Someone else's application, a trashed one or garbage re-renders with an error."""
    theirs = ApplicationFactory(user=other_user)
    client = client_for(user, htmx=htmx)
    message = MessageFactory(account=account, kind=MailKind.REJECTION)

    for bad in (theirs.pk, "abc", ""):
        response = client.post(link_url(message), {"application": bad})
        assert response.status_code == 422
        html = response.content.decode()
        assert "Choose one of your applications." in html
        assert ("<html" in html) is not htmx

    message.refresh_from_db()
    assert message.application_id is None and message.link_source == ""
    assert not Suggestion.objects.exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_unlink_and_processing_leaves_it_unlinked(client_for, user, account, htmx):
    """Unlink drops pending proposals, and a later sync does not link the message again."""
    application = ApplicationFactory(user=user, company="Acme")
    message = MessageFactory(account=account, kind=MailKind.REJECTION, company="Acme")
    client = client_for(user, htmx=htmx)
    client.post(link_url(message), {"application": application.pk})

    response = client.post(unlink_url(message))

    assert response.status_code == (200 if htmx else 302)
    message.refresh_from_db()
    assert (message.application_id, message.link_source) == (None, "manual")
    assert not Suggestion.objects.exists()
    process_messages([message])
    message.refresh_from_db()
    assert message.application_id is None


def test_relink_moves_the_message_and_its_proposal(user_client, user, account):
    """Re-linking replaces the link and the pending proposal for the old application."""
    first = ApplicationFactory(user=user)
    second = ApplicationFactory(user=user)
    message = MessageFactory(account=account, kind=MailKind.OFFER, confidence=0.9)
    user_client.post(link_url(message), {"application": first.pk})

    user_client.post(link_url(message), {"application": second.pk})

    message.refresh_from_db()
    assert message.application_id == second.pk
    assert list(Suggestion.objects.values_list("application_id", flat=True)) == [second.pk]


def test_link_views_404_for_another_users_message(client_for, user, other_user):
    """Another user's message cannot be linked or unlinked."""
    theirs = MessageFactory(account=GmailAccountFactory(user=other_user))
    mine = ApplicationFactory(user=user)
    client = client_for(user)
    assert client.post(link_url(theirs), {"application": mine.pk}).status_code == 404
    assert client.post(unlink_url(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.application_id is None


def test_link_views_refuse_get(user_client, account):
    message = MessageFactory(account=account)
    assert user_client.get(link_url(message)).status_code == 405


def test_message_page_shows_the_link(user_client, user, account):
    """The page names the linked application and how it was linked."""
    application = ApplicationFactory(user=user, company="Acme", role="Dev")
    message = MessageFactory(account=account, application=application, link_source="thread")

    html = user_client.get(reverse("mail_sync:message", args=[message.pk])).content.decode()

    assert "Dev at Acme" in html and "same gmail thread" in html
    assert Message.objects.get(pk=message.pk).application_id == application.pk
