"""The only code that talks to Google: Gmail reads, OAuth refresh and revoke.

Every call goes through `_execute` or `get_messages`, which count quota units (Gmail's per-user
costs) and retry rate limits and server errors with exponential backoff and jitter.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import logging
import random
import re
import socket
import threading
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import google_auth_httplib2
import httplib2
from django.conf import settings
from google.auth.exceptions import RefreshError, TransportError
from google.oauth2.credentials import Credentials
from googleapiclient import _auth
from googleapiclient.discovery import build
from googleapiclient.errors import BatchError, HttpError
from googleapiclient.http import BatchHttpRequest

logger = logging.getLogger(__name__)

# Quota units per call (developers.google.com/gmail/api/reference/quota).
UNITS = {"getProfile": 1, "messages.list": 5, "messages.get": 5, "history.list": 2}
RETRYABLE_STATUSES = {429, 500, 502, 503, 504}
RATE_LIMIT_REASONS = {"rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded"}
TRANSPORT_ERRORS = (
    TimeoutError,
    socket.timeout,
    ConnectionError,
    httplib2.HttpLib2Error,
    TransportError,
)


class GmailError(Exception):
    """Gmail could not answer; the message says why."""


class GrantRevoked(GmailError):
    """The refresh token was revoked or expired (invalid_grant): the user must reconnect."""


class CursorExpired(GmailError):
    """history.list answered 404: the stored historyId is too old, so do a full sync."""


@dataclass
class Grant:
    """What we hold of a user's OAuth grant, decrypted, for the duration of one sync."""

    refresh_token: str
    access_token: str = ""
    expires_at: dt.datetime | None = None  # timezone-aware UTC


class QuotaMeter:
    """Counts quota units across threads; the sync copies it onto SyncRun.quota_units."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.units = 0

    def add(self, units: int) -> None:
        with self._lock:
            self.units += units


def _status(error: HttpError) -> int:
    return int(error.resp.status)


def _reasons(error: HttpError) -> set[str]:
    try:
        payload = json.loads(error.content or b"{}")
    except ValueError:
        return set()
    details = payload.get("error", {}) if isinstance(payload, dict) else {}
    if not isinstance(details, dict):
        return set()
    return {item.get("reason", "") for item in details.get("errors", []) if isinstance(item, dict)}


def is_retryable(error: HttpError) -> bool:
    status = _status(error)
    return status in RETRYABLE_STATUSES or (
        status == 403 and bool(_reasons(error) & RATE_LIMIT_REASONS)
    )


def backoff_delay(attempt: int) -> float:
    """Exponential backoff with full jitter: base·2^attempt plus up to as much again."""
    delay = min(settings.GMAIL_BACKOFF_BASE_SECONDS * (2**attempt), 64.0)
    return delay + random.uniform(0, delay)


def _is_invalid_grant(error: RefreshError) -> bool:
    return "invalid_grant" in str(error)


_BLANK_LINE = re.compile(r"\r?\n\r?\n")


class FastBatchHttpRequest(BatchHttpRequest):
    """BatchHttpRequest with the multipart body written and read as plain strings.

    The stock `_execute` builds and parses the MIME with the email package, which costs ~7 ms
    per sub-request (header folding) and made batching the sync's bottleneck. The wire format,
    Content-ID scheme, callbacks and 401 handling are the library's; only the (de)serialising
    is done by hand here.
    """

    def _execute(self, http, order, requests) -> None:
        boundary = f"batch_{uuid.uuid4().hex}"
        chunks: list[str] = []
        for request_id in order:
            request = requests[request_id]
            parsed = urllib.parse.urlsplit(request.uri)
            target = parsed.path + (f"?{parsed.query}" if parsed.query else "")
            headers = dict(request.headers)
            if request.http is not None:
                credentials = _auth.get_credentials_from_http(request.http)
                if credentials is not None:
                    _auth.apply_credentials(credentials, headers)
            lines = [f"{request.method} {target} HTTP/1.1"]
            lines += [f"{name}: {value}" for name, value in headers.items()]
            lines.append(f"Host: {parsed.netloc}")
            body = request.body or ""
            if isinstance(body, bytes):
                body = body.decode("utf-8")
            chunks.append(
                f"--{boundary}\r\nContent-Type: application/http\r\n"
                f"Content-Transfer-Encoding: binary\r\n"
                f"Content-ID: {self._id_to_header(request_id)}\r\n\r\n"
                + "\r\n".join(lines)
                + "\r\n\r\n"
                + body
                + "\r\n"
            )
        chunks.append(f"--{boundary}--\r\n")
        resp, content = http.request(
            self._batch_uri,
            method="POST",
            body="".join(chunks),
            headers={"content-type": f'multipart/mixed; boundary="{boundary}"'},
        )
        if resp.status >= 300:
            raise HttpError(resp, content, uri=self._batch_uri)
        match = re.search(r'boundary="?([^";]+)"?', resp.get("content-type", ""))
        if not match:
            raise BatchError("Response not in multipart/mixed format.", resp=resp, content=content)
        text = content.decode("utf-8") if isinstance(content, bytes) else content
        for part in text.split(f"--{match.group(1)}")[1:]:
            if part.startswith("--"):
                break
            pieces = _BLANK_LINE.split(part.lstrip("\r\n"), 1)
            if len(pieces) == 2:
                self._store_part(pieces[0], pieces[1])

    def _store_part(self, part_head: str, inner: str) -> None:
        content_id = ""
        for line in part_head.splitlines():
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-id":
                content_id = value.strip()
        head, body = ([*_BLANK_LINE.split(inner, 1), ""])[:2]
        status_line, *header_lines = head.splitlines()
        _protocol, status, *reason = status_line.split(" ", 2)
        info = {"status": status}
        for line in header_lines:
            name, _, value = line.partition(":")
            info[name.strip().lower()] = value.strip()
        response = httplib2.Response(info)
        response.reason = reason[0] if reason else ""
        self._responses[self._header_to_id(content_id)] = (
            response,
            body.rstrip("\r\n").encode("utf-8"),
        )


class GmailClient:
    """A Gmail reader for one grant. Thread-safe: each thread gets its own service object."""

    def __init__(self, grant: Grant, *, meter: QuotaMeter | None = None) -> None:
        self.meter = meter or QuotaMeter()
        self._grant = grant
        self._grant_lock = threading.Lock()
        self._local = threading.local()
        self._all_credentials: list[Credentials] = []  # every thread's, to share fresh tokens
        self.endpoint = settings.GMAIL_API_ENDPOINT.rstrip("/") + "/"

    # --- plumbing ------------------------------------------------------------------------
    def _credentials(self) -> Credentials:
        # A worker thread starts from the freshest token any thread has, not a second refresh.
        grant = self.current_grant()
        expiry = (
            grant.expires_at.astimezone(dt.UTC).replace(tzinfo=None) if grant.expires_at else None
        )
        return Credentials(
            token=grant.access_token or None,
            refresh_token=grant.refresh_token,
            token_uri=settings.GOOGLE_TOKEN_URI,
            client_id=settings.GOOGLE_CLIENT_ID,
            client_secret=settings.GOOGLE_CLIENT_SECRET,
            scopes=[settings.GMAIL_SCOPE],
            expiry=expiry,  # google-auth compares against naive UTC
        )

    @property
    def service(self) -> Any:
        """This thread's API client (httplib2.Http is not thread-safe)."""
        service = getattr(self._local, "service", None)
        if service is None:
            credentials = self._credentials()
            http = google_auth_httplib2.AuthorizedHttp(
                credentials, http=httplib2.Http(timeout=settings.GMAIL_HTTP_TIMEOUT_SECONDS)
            )
            service = build(
                "gmail",
                "v1",
                http=http,
                static_discovery=True,
                cache_discovery=False,
                client_options={"api_endpoint": self.endpoint},
            )
            with self._grant_lock:
                self._all_credentials.append(credentials)
            self._local.service = service
        return service

    def current_grant(self) -> Grant:
        """The grant with the freshest access token any thread obtained, to store for next time."""
        with self._grant_lock:
            for credentials in self._all_credentials:
                if not (credentials.token and credentials.expiry):
                    continue
                expires_at = credentials.expiry.replace(tzinfo=dt.UTC)
                if self._grant.expires_at is None or expires_at > self._grant.expires_at:
                    self._grant = Grant(self._grant.refresh_token, credentials.token, expires_at)
            return self._grant

    def _execute(self, request: Any, method: str) -> dict:
        """Run one API call, retrying rate limits, 5xx and dropped connections with backoff."""
        for attempt in range(settings.GMAIL_MAX_RETRIES + 1):
            self.meter.add(UNITS[method])
            try:
                return request.execute()
            except HttpError as error:
                if not is_retryable(error) or attempt == settings.GMAIL_MAX_RETRIES:
                    if method == "history.list" and _status(error) == 404:
                        raise CursorExpired("The stored history id is too old") from error
                    raise GmailError(f"{method} failed with HTTP {_status(error)}") from error
                reason = f"HTTP {_status(error)}"
            except RefreshError as error:
                if _is_invalid_grant(error) or attempt == settings.GMAIL_MAX_RETRIES:
                    raise GrantRevoked(str(error)) from error
                reason = f"token refresh: {error}"
            except TRANSPORT_ERRORS as error:
                if attempt == settings.GMAIL_MAX_RETRIES:
                    raise GmailError(f"{method} failed: {error!r}") from error
                self._local.service = None  # a timed-out connection may be half-read
                request = self._rebuild(request)
                reason = repr(error)
            delay = backoff_delay(attempt)
            logger.warning("gmail %s: %s, retrying in %.2fs", method, reason, delay)
            time.sleep(delay)
        raise AssertionError("unreachable")

    def _rebuild(self, request: Any) -> Any:
        """Point a request at this thread's fresh http object after a transport error."""
        request.http = self.service._http
        return request

    # --- Gmail reads -----------------------------------------------------------------------
    def get_profile(self) -> dict:
        return self._execute(self.service.users().getProfile(userId="me"), "getProfile")

    def list_message_ids(self, query: str) -> Iterator[list[str]]:
        """Ids of messages matching the query, newest first, one list per page."""
        page_token: str | None = None
        while True:
            request = (
                self.service.users()
                .messages()
                .list(
                    userId="me",
                    q=query,
                    maxResults=settings.GMAIL_LIST_PAGE_SIZE,
                    pageToken=page_token,
                    fields="messages/id,nextPageToken",
                )
            )
            page = self._execute(request, "messages.list")
            yield [item["id"] for item in page.get("messages", [])]
            page_token = page.get("nextPageToken")
            if not page_token:
                return

    def list_history(self, start_history_id: str) -> tuple[list[dict], str]:
        """(messages added since the cursor, the current historyId); 404 → CursorExpired."""
        added: list[dict] = []
        latest = start_history_id
        page_token: str | None = None
        while True:
            request = (
                self.service.users()
                .history()
                .list(
                    userId="me",
                    startHistoryId=start_history_id,
                    historyTypes=["messageAdded"],
                    maxResults=500,
                    pageToken=page_token,
                )
            )
            page = self._execute(request, "history.list")
            latest = page.get("historyId", latest)
            for record in page.get("history", []):
                added.extend(item["message"] for item in record.get("messagesAdded", []))
            page_token = page.get("nextPageToken")
            if not page_token:
                return added, latest

    def _get_requests(self, ids: list[str], fmt: str) -> list[Any]:
        """messages.get requests for many ids. The discovery client spends ~2 ms validating
        and expanding each call; every call differs only in the id, so the first is built
        by the library and the rest are copies with the id swapped into the path."""
        messages = getattr(self._local, "messages", None)
        if messages is None or self._local.messages_of is not self.service:
            # users().messages() builds every method of the resource anew each time: cache it.
            messages = self._local.messages = self.service.users().messages()
            self._local.messages_of = self.service
        template = messages.get(userId="me", id=ids[0], format=fmt)
        path, _, query = template.uri.partition("?")
        prefix = path[: -len(urllib.parse.quote(ids[0], safe=""))]
        requests = [template]
        for gmail_id in ids[1:]:
            request = copy.copy(template)
            request.headers = dict(template.headers)
            request.response_callbacks = []
            request.uri = f"{prefix}{urllib.parse.quote(gmail_id, safe='')}?{query}"
            requests.append(request)
        return requests

    def get_messages(
        self, ids: list[str], fmt: str = "full"
    ) -> dict[str, dict | GmailError | None]:
        """Fetch up to GMAIL_BATCH_SIZE messages in one batch; sub-requests that hit rate
        limits or server errors are retried alone. A message gone since it was listed (404)
        maps to None; one refused for good maps to a GmailError, so one bad message never
        sinks the batch."""
        results: dict[str, dict | GmailError | None] = {}
        pending = list(ids)
        attempt = 0
        while pending:
            retry: list[str] = []

            def collect(
                request_id: str,
                response: dict | None,
                exception: Exception | None,
                retry: list[str] = retry,  # this round's list, bound now
            ) -> None:
                if exception is None and response is not None:
                    results[request_id] = response
                elif isinstance(exception, HttpError) and is_retryable(exception):
                    retry.append(request_id)
                elif isinstance(exception, HttpError) and _status(exception) == 404:
                    results[request_id] = None  # deleted since it was listed: nothing to store
                else:
                    results[request_id] = GmailError(f"messages.get failed: {exception}")

            batch = FastBatchHttpRequest(
                callback=collect, batch_uri=self.endpoint + "batch/gmail/v1"
            )
            for gmail_id, request in zip(pending, self._get_requests(pending, fmt), strict=True):
                batch.add(request, request_id=gmail_id)
            self.meter.add(UNITS["messages.get"] * len(pending))
            try:
                batch.execute()
            except HttpError as error:
                if not is_retryable(error) or attempt >= settings.GMAIL_MAX_RETRIES:
                    raise GmailError(f"batch failed with HTTP {_status(error)}") from error
                retry = pending
            except RefreshError as error:
                if _is_invalid_grant(error) or attempt >= settings.GMAIL_MAX_RETRIES:
                    raise GrantRevoked(str(error)) from error
                retry = pending
            except TRANSPORT_ERRORS as error:
                if attempt >= settings.GMAIL_MAX_RETRIES:
                    raise GmailError(f"batch failed: {error!r}") from error
                self._local.service = None
                retry = pending
            if retry and attempt >= settings.GMAIL_MAX_RETRIES:
                raise GmailError(f"{len(retry)} messages still rate limited after retries")
            pending = [gmail_id for gmail_id in dict.fromkeys(retry) if gmail_id not in results]
            if pending:
                delay = backoff_delay(attempt)
                logger.warning(
                    "gmail batch: retrying %d sub-requests in %.2fs", len(pending), delay
                )
                time.sleep(delay)
                attempt += 1
        return results


def revoke(token: str) -> bool:
    """Revoke a grant at Google, best effort: failures are logged, never raised."""
    if not token:
        return False
    try:
        http = httplib2.Http(timeout=10)
        response, _ = http.request(
            settings.GOOGLE_REVOKE_URI,
            method="POST",
            body=urllib.parse.urlencode({"token": token}),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    except (*TRANSPORT_ERRORS, OSError) as error:
        logger.warning("gmail revoke failed: %r", error)
        return False
    if response.status != 200:
        logger.warning("gmail revoke answered HTTP %s", response.status)
        return False
    return True
