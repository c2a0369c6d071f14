"""An in-memory Gmail mailbox built from RFC 822 messages, with ids and history like Gmail's."""

from __future__ import annotations

import base64
import datetime as dt
import email
import email.policy
import email.utils
import json
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage, Message

from mail_sync.search_query import SearchDoc, compile_query

_ID_BASE = 0x18F0000000000000  # Gmail ids are 16 hex digits; start somewhere plausible


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii")


def _payload_part(part: Message, part_id: str) -> dict:
    """Gmail's `format=full` payload for one MIME part (bodies base64url, as Google sends)."""
    headers = [{"name": name, "value": str(value)} for name, value in part.items()]
    node: dict = {
        "partId": part_id,
        "mimeType": part.get_content_type(),
        "filename": part.get_filename() or "",
        "headers": headers,
    }
    if part.is_multipart():
        children = part.get_payload()
        node["body"] = {"size": 0}
        node["parts"] = [
            _payload_part(child, f"{part_id}.{index}" if part_id else str(index))
            for index, child in enumerate(children)
        ]
    else:
        data = part.get_payload(decode=True) or b""
        node["body"] = {"size": len(data), "data": _b64url(data)} if data else {"size": 0}
    return node


def _plain_text(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain" and not part.is_multipart():
            data = part.get_payload(decode=True) or b""
            return data.decode(part.get_content_charset() or "utf-8", errors="replace")
    return ""


@dataclass
class StoredMessage:
    id: str
    thread_id: str
    history_id: int
    internal_date_ms: int
    label_ids: list[str]
    raw: bytes
    parsed: Message
    doc: SearchDoc
    snippet: str
    _cache: dict[str, bytes] = field(default_factory=dict, repr=False)

    def resource(self, fmt: str = "full", metadata_headers: list[str] | None = None) -> dict:
        body: dict = {
            "id": self.id,
            "threadId": self.thread_id,
            "labelIds": list(self.label_ids),
            "snippet": self.snippet,
            "historyId": str(self.history_id),
            "internalDate": str(self.internal_date_ms),
            "sizeEstimate": len(self.raw),
        }
        if fmt == "raw":
            body["raw"] = _b64url(self.raw)
        elif fmt == "metadata":
            wanted = {name.lower() for name in metadata_headers or []}
            headers = [
                {"name": name, "value": str(value)}
                for name, value in self.parsed.items()
                if not wanted or name.lower() in wanted
            ]
            body["payload"] = {
                "partId": "",
                "mimeType": self.parsed.get_content_type(),
                "headers": headers,
            }
        elif fmt == "full":
            body["payload"] = _payload_part(self.parsed, "")
        return body

    def encoded(self, fmt: str = "full", metadata_headers: list[str] | None = None) -> bytes:
        """The JSON body for messages.get, cached so a benchmark measures the client."""
        key = f"{fmt}:{','.join(metadata_headers or [])}"
        if key not in self._cache:
            self._cache[key] = json.dumps(self.resource(fmt, metadata_headers)).encode()
        return self._cache[key]


class Mailbox:
    """Messages, labels and a history log. Thread-safe: the server reads it from many threads."""

    def __init__(self, email_address: str = "me@example.com", first_history_id: int = 10000):
        self.email_address = email_address
        self._lock = threading.RLock()
        self._messages: dict[str, StoredMessage] = {}
        self._order: list[str] = []  # newest first after sorting on read
        self._by_message_id_header: dict[str, str] = {}
        self._history: list[tuple[int, str]] = []
        self._pending: list[tuple] = []
        self.history_id = first_history_id
        self.oldest_history_id = first_history_id
        self._next = 0

    def __len__(self) -> int:
        return len(self._messages)

    def add(
        self,
        message: bytes | EmailMessage,
        labels: tuple[str, ...] | list[str] = ("INBOX",),
        internal_date: dt.datetime | None = None,
        thread_id: str | None = None,
        gmail_id: str | None = None,
    ) -> StoredMessage:
        """Deliver a message now: assigns a Gmail id (unless given), thread id and a new
        history id."""
        raw = message if isinstance(message, bytes) else message.as_bytes()
        parsed = email.message_from_bytes(raw, policy=email.policy.compat32)
        if internal_date is None:
            try:
                internal_date = email.utils.parsedate_to_datetime(parsed.get("Date", ""))
            except (TypeError, ValueError):
                internal_date = None
            internal_date = internal_date or dt.datetime.now(dt.UTC)
        if internal_date.tzinfo is None:
            internal_date = internal_date.replace(tzinfo=dt.UTC)
        with self._lock:
            self._next += 1
            self.history_id += 1
            gmail_id = gmail_id or f"{_ID_BASE + self._next:016x}"
            if gmail_id in self._messages:
                raise ValueError(f"Gmail id {gmail_id} is already in this mailbox.")
            if thread_id is None:
                for reference in (
                    parsed.get("In-Reply-To", "") + " " + parsed.get("References", "")
                ).split():
                    if reference in self._by_message_id_header:
                        thread_id = self._messages[self._by_message_id_header[reference]].thread_id
                        break
            text = _plain_text(parsed)
            stored = StoredMessage(
                id=gmail_id,
                thread_id=thread_id or gmail_id,
                history_id=self.history_id,
                internal_date_ms=int(internal_date.timestamp() * 1000),
                label_ids=list(labels),
                raw=raw,
                parsed=parsed,
                doc=SearchDoc(
                    sender=str(parsed.get("From", "")).lower(),
                    to=str(parsed.get("To", "")).lower(),
                    subject=str(parsed.get("Subject", "")).lower(),
                    body=text.lower(),
                    labels=frozenset(labels),
                    internal_date=internal_date.timestamp(),
                ),
                snippet=" ".join(text.split())[:200],
            )
            self._messages[gmail_id] = stored
            self._order.append(gmail_id)
            if parsed.get("Message-ID"):
                self._by_message_id_header[parsed["Message-ID"].strip()] = gmail_id
            self._history.append((self.history_id, gmail_id))
            return stored

    def add_later(self, message: bytes | EmailMessage, **kwargs) -> None:
        """Queue a message that arrives only when deliver() is called (new mail mid-test)."""
        with self._lock:
            self._pending.append((message, kwargs))

    def deliver(self) -> list[StoredMessage]:
        with self._lock:
            pending, self._pending = self._pending, []
            return [self.add(message, **kwargs) for message, kwargs in pending]

    def expire_history(self) -> None:
        """Forget all history so any stored startHistoryId is too old (history.list 404s)."""
        with self._lock:
            self.oldest_history_id = self.history_id + 1

    def warm(self, fmt: str = "full") -> None:
        """Pre-encode every message so a benchmark measures the client, not the fake."""
        for message in list(self._messages.values()):
            message.encoded(fmt)

    def get(self, gmail_id: str) -> StoredMessage | None:
        return self._messages.get(gmail_id)

    def search(self, query: str = "", *, include_spam_trash: bool = False) -> list[StoredMessage]:
        """Messages matching q, newest first, as messages.list returns them."""
        matcher = compile_query(query) if query.strip() else (lambda doc: True)
        with self._lock:
            candidates = [self._messages[gmail_id] for gmail_id in self._order]
        found = [
            message
            for message in candidates
            if (include_spam_trash or not {"SPAM", "TRASH"} & message.doc.labels)
            and matcher(message.doc)
        ]
        found.sort(key=lambda message: (message.internal_date_ms, message.id), reverse=True)
        return found

    def history_since(self, start_history_id: int) -> list[StoredMessage] | None:
        """Messages added after start_history_id, oldest first; None when it is too old."""
        with self._lock:
            if start_history_id < self.oldest_history_id:
                return None
            return [
                self._messages[gmail_id]
                for history_id, gmail_id in self._history
                if history_id > start_history_id
            ]
