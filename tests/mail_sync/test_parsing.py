"""MIME → text: headers, charsets, base64url, HTML fallback, and the Gmail search subset."""

from __future__ import annotations

import base64
import datetime as dt
import json
from email.message import EmailMessage

import pytest

from devtools.fake_gmail import Mailbox
from mail_sync.parsing import ParseError, html_to_text, parse_message
from mail_sync.search_query import QueryError, SearchDoc, compile_query


def _resource(message: EmailMessage) -> dict:
    mailbox = Mailbox()
    stored = mailbox.add(message, internal_date=dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC))
    return json.loads(stored.encoded("full"))


def _message(**headers) -> EmailMessage:
    message = EmailMessage()
    message["From"] = headers.get("sender", "Acme Talent <jobs@acme.example>")
    message["To"] = "me@example.com"
    message["Subject"] = headers.get("subject", "Your application")
    return message


def test_prefers_text_plain_and_keeps_html():
    message = _message()
    message.set_content("Plain version")
    message.add_alternative("<p>HTML <b>version</b></p>", subtype="html")
    parsed = parse_message(_resource(message))
    assert parsed.body_text.strip() == "Plain version"
    assert "<b>version</b>" in parsed.body_html
    assert parsed.internal_date == dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)


def test_html_only_message_gets_a_text_rendering():
    message = _message()
    message.set_content(
        "<div>Hello&nbsp;there<br>Next line</div><script>x()</script>", subtype="html"
    )
    parsed = parse_message(_resource(message))
    assert parsed.body_text == "Hello\xa0there\nNext line"


def test_encoded_headers_and_legacy_charsets_are_decoded():
    message = _message(subject="=?iso-8859-1?q?R=E9ponse_=E0_votre_candidature?=")
    message.set_content("Caf\xe9 cr\xe8me", charset="iso-8859-1")
    parsed = parse_message(_resource(message))
    assert parsed.subject == "Réponse à votre candidature"
    assert parsed.body_text.strip() == "Café crème"
    assert parsed.from_email == "jobs@acme.example"
    assert parsed.from_domain == "acme.example"


def test_unknown_charset_degrades_instead_of_failing():
    resource = {
        "id": "1",
        "payload": {
            "mimeType": "text/plain",
            "headers": [{"name": "Content-Type", "value": "text/plain; charset=x-klingon"}],
            "body": {"data": base64.urlsafe_b64encode(b"hello").decode().rstrip("=")},
        },
    }
    assert parse_message(resource).body_text == "hello"


def test_attachments_are_not_read():
    message = _message()
    message.set_content("Body")
    message.add_attachment(b"secret", maintype="text", subtype="plain", filename="offer.txt")
    assert "secret" not in parse_message(_resource(message)).body_text


@pytest.mark.parametrize(
    "resource",
    [{}, {"id": "1"}, {"id": "1", "payload": {"mimeType": "text/plain", "body": {"data": "%%"}}}],
)
def test_malformed_resources_raise_parse_error(resource):
    with pytest.raises(ParseError):
        parse_message(resource)


def test_html_to_text_drops_styles():
    assert html_to_text("<style>p{}</style><p>a</p><p>b</p>") == "a\nb"


DOC = SearchDoc(
    sender="acme <no-reply@greenhouse.io>",
    subject="your application to acme",
    body="thanks",
    labels=frozenset({"INBOX"}),
    internal_date=dt.datetime(2026, 5, 1, tzinfo=dt.UTC).timestamp(),
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("from:greenhouse.io", True),
        ("from:lever.co", False),
        ("from:(lever.co OR greenhouse.io)", True),
        ('subject:"your application"', True),
        ("subject:(offer OR interview)", False),
        ("{from:lever.co subject:application}", True),
        ("{from:lever.co subject:offer}", False),
        ("after:2026/04/30", True),
        ("after:2026/05/02", False),
        (f"after:{int(DOC.internal_date) - 1}", True),
        ("before:2026/05/02 after:2026/04/01", True),
        ("-in:sent", True),
        ("in:sent", False),
        ("-from:greenhouse.io", False),
        ("thanks", True),
        ("from:lever.co OR subject:acme", True),
        ("(from:lever.co OR from:greenhouse.io) subject:acme", True),
    ],
)
def test_search_query_subset(query, expected):
    assert compile_query(query)(DOC) is expected


@pytest.mark.parametrize("query", ["from:(a OR b", "subject:", "foo:bar", "a )"])
def test_unsupported_queries_are_rejected(query):
    with pytest.raises(QueryError):
        compile_query(query)
