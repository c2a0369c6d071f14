"""The Inbox list and the message page: filters, search, pagination, safe rendering."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from mail_sync.models import MailKind
from tests.factories import ApplicationFactory
from tests.mail_sync.factories_inbox import GmailAccountFactory, MessageFactory

pytestmark = pytest.mark.django_db

INBOX = reverse("mail_sync:inbox")


@pytest.fixture
def account(user):
    return GmailAccountFactory(user=user)


def mail(account, subject: str, kind: str = MailKind.REJECTION, **fields):
    return MessageFactory(account=account, subject=subject, kind=kind, **fields)


def subjects(response) -> list[str]:
    return [message.subject for message in response.context["page"].object_list]


def test_inbox_lists_job_mail_newest_first_without_other(user_client, account, user):
    """Job mail shows with kind, company and application; other mail is hidden by default."""
    application = ApplicationFactory(user=user, company="Acme", role="Engineer")
    old = timezone.now() - dt.timedelta(days=3)
    mail(account, "Your interview", MailKind.INTERVIEW, company="Acme", application=application)
    mail(account, "Older rejection", internal_date=old, company="Globex")
    mail(account, "Weekly newsletter", MailKind.OTHER)

    response = user_client.get(INBOX)

    assert response.status_code == 200
    assert subjects(response) == ["Your interview", "Older rejection"]
    html = response.content.decode()
    assert "<html" in html and "Engineer at Acme" in html and "Globex" in html
    assert reverse("applications:detail", args=[application.pk]) in html
    assert "Weekly newsletter" not in html


def test_inbox_partial_returns_only_the_results(htmx_client, account):
    """An HTMX request gets the results fragment, not the page."""
    mail(account, "Rejected here")

    response = htmx_client.get(INBOX, {"kind": "rejection"})

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="inbox-results">')
    assert "<html" not in html and "Rejected here" in html


def test_inbox_filters_by_several_kinds_and_other(user_client, account):
    """Kinds combine with OR; "include other" brings back the rest of the mail."""
    mail(account, "R", MailKind.REJECTION)
    mail(account, "O", MailKind.OFFER)
    mail(account, "I", MailKind.INTERVIEW)
    mail(account, "N", MailKind.OTHER)

    picked = user_client.get(INBOX, {"kind": ["rejection", "offer", "bogus"]})
    everything = user_client.get(INBOX, {"other": "1"})

    assert sorted(subjects(picked)) == ["O", "R"]
    assert picked.context["filters"].kinds == ["rejection", "offer"]
    assert sorted(subjects(everything)) == ["I", "N", "O", "R"]


def test_inbox_filters_linked_and_unlinked(user_client, account, user):
    """Linked means linked to a live application; a link to the trash counts as unlinked."""
    live = ApplicationFactory(user=user)
    trashed = ApplicationFactory(user=user, deleted_at=timezone.now())
    mail(account, "live", application=live)
    mail(account, "trash", application=trashed)
    mail(account, "none")

    linked = user_client.get(INBOX, {"linked": "yes"})
    unlinked = user_client.get(INBOX, {"linked": "no"})

    assert subjects(linked) == ["live"]
    assert sorted(subjects(unlinked)) == ["none", "trash"]
    assert str(trashed) not in unlinked.content.decode()


def test_inbox_search_matches_word_prefixes(user_client, account):
    """Typing the start of words finds them in subject, sender, company or body."""
    mail(account, "Interview invitation", MailKind.INTERVIEW, body_text="Meet the platform team")
    mail(account, "Update", company="Initech")
    mail(account, "Something else", body_text="nothing relevant")

    assert subjects(user_client.get(INBOX, {"q": "invit"})) == ["Interview invitation"]
    assert subjects(user_client.get(INBOX, {"q": "platf tea"})) == ["Interview invitation"]
    assert subjects(user_client.get(INBOX, {"q": "initech"})) == ["Update"]
    assert subjects(user_client.get(INBOX, {"q": "zzz"})) == []
    assert subjects(user_client.get(INBOX, {"q": "  !!  "}))  # no words: no filter


def test_inbox_paginates_and_keeps_filters_in_links(user_client, account, settings):
    """Page links carry the filters so the URL state survives paging."""
    settings.ORBIT_PAGE_SIZE = 2
    for index in range(5):
        mail(account, f"M{index}")

    response = user_client.get(INBOX, {"kind": "rejection", "page": 2})

    assert response.context["page"].number == 2
    assert len(subjects(response)) == 2
    assert 'hx-push-url="true"' in response.content.decode()
    assert "?kind=rejection&amp;page=3" in response.content.decode()
    assert user_client.get(INBOX, {"page": "99"}).context["page"].number == 3


def test_inbox_shows_only_my_mail(user_client, other_user, account):
    """Another user's mail never appears."""
    MessageFactory(account=GmailAccountFactory(user=other_user), subject="Theirs", kind="offer")
    mail(account, "Mine")

    assert subjects(user_client.get(INBOX)) == ["Mine"]


def test_inbox_requires_sign_in(client):
    response = client.get(INBOX)
    assert response.status_code == 302 and "login" in response.url


@pytest.mark.parametrize("htmx", [False, True])
def test_inbox_query_count_is_constant(
    client_for, user, account, htmx, django_assert_num_queries, settings
):
    """55 linked messages cost the same queries as 2: one page query, one count."""
    settings.ORBIT_PAGE_SIZE = 60
    client = client_for(user, htmx=htmx)
    for index in range(2):
        mail(account, f"few {index}", application=ApplicationFactory(user=user))
    client.get(INBOX)  # warm the session
    expected = 4 if htmx else 5  # session, user, count, page (+ review badge on the full page)
    with django_assert_num_queries(expected):
        assert len(subjects(client.get(INBOX))) == 2
    for index in range(53):
        mail(account, f"many {index}", application=ApplicationFactory(user=user))
    with django_assert_num_queries(expected):
        assert len(subjects(client.get(INBOX))) == 55


def message_url(message) -> str:
    return reverse("mail_sync:message", args=[message.pk])


def test_message_page_prefers_plain_text_and_shows_classification(user_client, account):
    """Text is shown as text, the HTML part is ignored, and the verdict is explained."""
    message = mail(
        account,
        "Your application",
        confidence=0.87,
        reasons=["phrase “not moving forward” (rejection)", "ATS sender greenhouse.io"],
        company="Acme",
        role="Engineer",
        body_text="We are not moving forward <b>sorry</b>",
        body_html="<p>HTML PART</p>",
        thread_id="thread-77",
    )

    response = user_client.get(message_url(message))

    html = response.content.decode()
    assert response.status_code == 200
    assert "We are not moving forward &lt;b&gt;sorry&lt;/b&gt;" in html
    assert "HTML PART" not in html
    assert "87% confident" in html
    assert "ATS sender greenhouse.io" in html
    assert 'href="https://mail.google.com/mail/u/0/#all/thread-77"' in html


def test_message_page_sanitises_html_when_there_is_no_text(user_client, account):
    """HTML-only mail is rendered through the sanitiser: no script, image, style or handler."""
    message = mail(
        account,
        "HTML only",
        body_text="",
        body_html=(
            "<style>body{display:none}</style><script>alert(1)</script>"
            '<p style="color:red" onclick="x()">Hello <img src="https://t.example/p.gif" '
            'onerror="alert(2)"><a href="javascript:alert(3)">bad</a> '
            '<a href="https://jobs.example/x">good</a></p>'
        ),
    )

    html = user_client.get(message_url(message)).content.decode()
    body = html.split('class="mail-html">', 1)[1].split("</div>", 1)[0]

    assert "Hello" in body
    assert '<a href="https://jobs.example/x" rel="noopener noreferrer">good</a>' in body
    for forbidden in ("<script", "alert(", "<img", "<style", "onclick", "onerror", "javascript:"):
        assert forbidden not in body


def test_message_page_of_another_user_is_404(user_client, other_user):
    theirs = MessageFactory(account=GmailAccountFactory(user=other_user))
    assert user_client.get(message_url(theirs)).status_code == 404
    assert user_client.get(reverse("mail_sync:message", args=[999999])).status_code == 404


def test_message_page_partial_search_narrows_the_link_choices(htmx_client, account, user):
    """The link picker searches the user's applications and swaps only its panel."""
    ApplicationFactory(user=user, company="Acme", role="Engineer")
    ApplicationFactory(user=user, company="Globex", role="Designer")
    message = mail(account, "Hello")

    response = htmx_client.get(
        message_url(message), {"app_q": "glob"}, headers={"HX-Target": "link-panel"}
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<section id="link-panel"')
    assert "Globex — Designer" in html and "Acme" not in html


def test_message_page_full_search_also_narrows(user_client, account, user):
    ApplicationFactory(user=user, company="Acme", role="Engineer")
    ApplicationFactory(user=user, company="Globex", role="Designer")
    message = mail(account, "Hello")

    html = user_client.get(message_url(message), {"app_q": "acm"}).content.decode()

    assert "<html" in html and "Acme — Engineer" in html and "Globex — Designer" not in html


@pytest.mark.parametrize(
    ("dirty", "forbidden"),
    [
        ("<script>alert(1)</script>", ["<script", "alert"]),
        ("<style>p{color:red}</style><p>x</p>", ["<style", "color:red"]),
        ('<img src="x" onerror="alert(1)">', ["<img", "onerror"]),
        ('<a href="javascript:alert(1)">x</a>', ["javascript:"]),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', ["alert"]),
        ('<p onclick="steal()" style="position:fixed">x</p>', ["onclick", "style="]),
        ('<iframe src="https://evil.example"></iframe>', ["<iframe", "evil"]),
        ('<form action="https://evil.example"><input name="p"></form>', ["<form", "<input"]),
        ("<svg><script>alert(1)</script></svg>", ["<svg", "alert"]),
    ],
)
def test_sanitiser_removes_active_content(dirty, forbidden):
    """Scripts, styles, handlers, javascript: URLs, frames and forms never survive."""
    from mail_sync.sanitize import sanitize_html

    clean = sanitize_html(dirty)
    for fragment in forbidden:
        assert fragment.lower() not in clean.lower()


def test_sanitiser_keeps_text_structure_and_safe_links():
    from mail_sync.sanitize import sanitize_html

    clean = sanitize_html(
        '<h2>Hi</h2><p>See <a href="https://jobs.example/1" target="_blank">the role</a> '
        'or <a href="mailto:hr@example.com">mail us</a>.</p><ul><li>One</li></ul>'
    )

    assert clean == (
        '<h2>Hi</h2><p>See <a href="https://jobs.example/1" rel="noopener noreferrer">the role</a>'
        ' or <a href="mailto:hr@example.com" rel="noopener noreferrer">mail us</a>.</p>'
        "<ul><li>One</li></ul>"
    )
    assert sanitize_html("") == ""
