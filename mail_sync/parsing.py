"""Gmail `format=full` resources → the fields we store (headers, dates, text and HTML bodies)."""

from __future__ import annotations

import base64
import binascii
import codecs
import datetime as dt
import email.header
import email.utils
import html
import re
from dataclasses import dataclass

MAX_BODY_CHARS = 200_000  # a pathological message must not bloat the table or the classifier
_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.IGNORECASE | re.DOTALL)
_BLOCK_TAGS = re.compile(r"<\s*(br|/p|/div|/tr|/li|/h\d)\b[^>]*>", re.IGNORECASE)
_CHARSET = re.compile(r'charset\s*=\s*"?([^";\s]+)', re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*\n+")


class ParseError(ValueError):
    """The message is malformed in a way we cannot read."""


@dataclass
class ParsedMessage:
    gmail_id: str
    thread_id: str
    history_id: str
    internal_date: dt.datetime | None
    label_ids: list[str]
    from_header: str
    from_email: str
    from_domain: str
    to_header: str
    subject: str
    snippet: str
    body_text: str
    body_html: str


def decode_header(value: str) -> str:
    """RFC 2047 encoded-words → text; unknown charsets degrade to replacement characters."""
    value = value.replace("\x00", "")
    if "=?" not in value:
        return " ".join(value.split())
    pieces = []
    for chunk, charset in email.header.decode_header(value):
        if isinstance(chunk, bytes):
            pieces.append(_decode_bytes(chunk, charset))
        else:
            pieces.append(chunk)
    return " ".join("".join(pieces).replace("\x00", "").split())


def _decode_bytes(data: bytes, charset: str | None) -> str:
    charset = (charset or "utf-8").strip().strip('"').lower()
    try:
        codecs.lookup(charset)
    except LookupError:
        charset = "utf-8"
    return data.decode(charset, errors="replace")


def b64url_decode(data: str) -> bytes:
    """Gmail's base64url without padding; raises ParseError on garbage."""
    try:
        padded = (data + "=" * (-len(data) % 4)).encode("ascii")
        return base64.b64decode(padded, altchars=b"-_", validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError) as error:
        raise ParseError(f"Body is not valid base64url: {error}") from error


def _header_map(headers: list[dict]) -> dict[str, str]:
    found: dict[str, str] = {}
    for header in headers:
        name = str(header.get("name", "")).lower()
        found.setdefault(name, str(header.get("value", "")))  # first wins, like mail clients
    return found


def _part_headers(part: dict) -> tuple[str, str]:
    """(Content-Type, Content-Disposition) of a part; the only headers a body part needs."""
    content_type = disposition = ""
    for header in part.get("headers") or ():
        name = str(header.get("name", "")).lower()
        if name == "content-type" and not content_type:
            content_type = str(header.get("value", ""))
        elif name == "content-disposition" and not disposition:
            disposition = str(header.get("value", ""))
    return content_type, disposition


def _collect_bodies(part: dict, found: dict[str, list[str]], depth: int = 0) -> None:
    if depth > 20:
        raise ParseError("MIME nesting is too deep")
    mime_type = str(part.get("mimeType", "")).lower()
    children = part.get("parts")
    if mime_type.startswith("multipart/") or children:
        for child in children or ():
            _collect_bodies(child, found, depth + 1)
        return
    if mime_type not in found:
        return
    content_type, disposition = _part_headers(part)
    if part.get("filename") or "attachment" in disposition.lower():
        return  # attachments are not read
    data = (part.get("body") or {}).get("data")
    if not data:
        return
    match = _CHARSET.search(content_type)
    found[mime_type].append(_decode_bytes(b64url_decode(data), match.group(1) if match else None))


def html_to_text(markup: str) -> str:
    """A readable plain-text rendering of HTML for classification and search (not display)."""
    text = _BLOCK_TAGS.sub("\n", markup)
    text = html.unescape(_TAGS.sub(" ", text))
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return _BLANK_LINES.sub("\n\n", text).strip()


def _internal_date(resource: dict, headers: dict[str, str]) -> dt.datetime | None:
    raw = resource.get("internalDate")
    if raw not in (None, ""):
        try:
            return dt.datetime.fromtimestamp(int(raw) / 1000, tz=dt.UTC)
        except (TypeError, ValueError, OverflowError) as error:
            raise ParseError(f"Bad internalDate {raw!r}") from error
    try:
        parsed = email.utils.parsedate_to_datetime(headers.get("date", ""))
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def parse_message(resource: dict) -> ParsedMessage:
    """Read a `format=full` message; raises ParseError if it cannot be read."""
    if not isinstance(resource, dict) or not resource.get("id"):
        raise ParseError("Not a Gmail message resource")
    payload = resource.get("payload")
    if not isinstance(payload, dict):
        raise ParseError("The message has no payload")
    headers = _header_map(payload.get("headers", []))
    bodies: dict[str, list[str]] = {"text/plain": [], "text/html": []}
    _collect_bodies(payload, bodies)
    body_html = "\n".join(bodies["text/html"])[:MAX_BODY_CHARS]
    body_text = "\n".join(bodies["text/plain"]) or html_to_text(body_html)
    from_header = decode_header(headers.get("from", ""))
    _, from_email = email.utils.parseaddr(from_header)
    from_email = from_email.lower()
    return ParsedMessage(
        gmail_id=str(resource["id"]),
        thread_id=str(resource.get("threadId", "")),
        history_id=str(resource.get("historyId", "")),
        internal_date=_internal_date(resource, headers),
        label_ids=list(resource.get("labelIds", [])),
        from_header=from_header[:500],
        from_email=from_email[:320],
        from_domain=from_email.rpartition("@")[2][:255] if "@" in from_email else "",
        to_header=decode_header(headers.get("to", ""))[:1000],
        subject=decode_header(headers.get("subject", ""))[:1000],
        snippet=html.unescape(str(resource.get("snippet", "")))[:500],
        body_text=body_text[:MAX_BODY_CHARS].replace("\x00", ""),
        body_html=body_html.replace("\x00", ""),
    )
