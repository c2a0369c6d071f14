"""A loopback HTTP server speaking the Gmail v1 JSON, batch and OAuth endpoints, with faults.

google-api-python-client and google-auth talk to it exactly as they talk to Google, so tests,
the benchmark and the demo exercise the real client code: URLs, JSON, multipart batches, token
refresh and error responses. Faults are injected through Python methods on FakeGmail, or over
HTTP through its control endpoint (`control`: POST /_fake/faults).
"""

from __future__ import annotations

import itertools
import json
import logging
import secrets
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from devtools.fake_gmail import control
from devtools.fake_gmail.mailbox import Mailbox
from mail_sync.search_query import QueryError

logger = logging.getLogger(__name__)

API_PREFIX = "/gmail/v1/users/me/"
BATCH_PATH = "/batch/gmail/v1"
TOKEN_PATH = "/token"
REVOKE_PATH = "/revoke"

_REASONS = {
    400: ("badRequest", "INVALID_ARGUMENT", "Invalid request"),
    401: ("authError", "UNAUTHENTICATED", "Request had invalid authentication credentials."),
    403: ("rateLimitExceeded", "PERMISSION_DENIED", "Rate Limit Exceeded"),
    404: ("notFound", "NOT_FOUND", "Requested entity was not found."),
    429: ("rateLimitExceeded", "RESOURCE_EXHAUSTED", "Too many concurrent requests for user."),
    500: ("backendError", "INTERNAL", "Backend Error"),
    503: ("backendError", "UNAVAILABLE", "The service is currently unavailable."),
}


def error_body(status: int, message: str | None = None) -> bytes:
    reason, state, default = _REASONS.get(status, ("unknown", "UNKNOWN", "Error"))
    return json.dumps(
        {
            "error": {
                "code": status,
                "message": message or default,
                "errors": [{"message": message or default, "domain": "global", "reason": reason}],
                "status": state,
            }
        }
    ).encode()


@dataclass
class Fault:
    """Answer `times` matching requests with `status` (or just delay them), after `skip`."""

    status: int | None
    times: int
    path_contains: str = ""
    delay: float = 0.0
    skip: int = 0


@dataclass
class Stats:
    """What the client asked for, by Gmail method (batch sub-requests counted individually)."""

    calls: dict[str, int] = field(default_factory=dict)
    http_requests: int = 0
    batches: int = 0

    def count(self, method: str) -> None:
        self.calls[method] = self.calls.get(method, 0) + 1


class FakeGmail:
    """The fake's state and control API; `start()` serves it on 127.0.0.1 in a thread."""

    def __init__(
        self,
        mailbox: Mailbox | None = None,
        *,
        require_auth: bool = True,
        on_consent: Callable[[], bool] | None = None,
    ) -> None:
        self.mailbox = mailbox or Mailbox()
        self.require_auth = require_auth
        # What Google's consent screen does after a revoked grant: the demo's reconnect.
        self.on_consent = on_consent
        self.stats = Stats()
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._batch_faults: dict[str, int] = {}  # message id -> status for its next batch get
        self._batch_fault_any: list[int] = []  # statuses for the next N batch sub-requests
        self._access_tokens: dict[str, str] = {}  # access token -> refresh token it came from
        self.revoked: set[str] = set()
        self.revoke_requests: list[str] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._counter = itertools.count(1)

    # --- lifecycle -------------------------------------------------------------------------
    def start(self, host: str = "127.0.0.1", port: int = 0) -> FakeGmail:
        handler = type("BoundHandler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer((host, port), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="fake-gmail", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeGmail:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/"

    @property
    def token_uri(self) -> str:
        return self.base_url + TOKEN_PATH.lstrip("/")

    @property
    def revoke_uri(self) -> str:
        return self.base_url + REVOKE_PATH.lstrip("/")

    # --- fault injection ---------------------------------------------------------------------
    def fail_next(self, status: int, times: int = 1, *, path: str = "", skip: int = 0) -> None:
        """The next `times` requests whose path contains `path` get `status` (after `skip`)."""
        with self._lock:
            self._faults.append(Fault(status=status, times=times, path_contains=path, skip=skip))

    def slow_next(self, seconds: float, times: int = 1, *, path: str = "") -> None:
        with self._lock:
            self._faults.append(Fault(status=None, times=times, path_contains=path, delay=seconds))

    def fail_in_batch(self, status: int = 429, *, ids: list[str] | None = None, count: int = 0):
        """Make sub-requests inside a batch fail: the given message ids once, or the next N."""
        with self._lock:
            for gmail_id in ids or []:
                self._batch_faults[gmail_id] = status
            self._batch_fault_any.extend([status] * count)

    def expire_history(self) -> None:
        self.mailbox.expire_history()

    def revoke(self, refresh_token: str) -> None:
        """Revoke a grant as a user would in their Google account: refreshes get invalid_grant."""
        with self._lock:
            self.revoked.add(refresh_token)
            for access, refresh in list(self._access_tokens.items()):
                if refresh == refresh_token:
                    del self._access_tokens[access]

    def seen_refresh_tokens(self) -> list[str]:
        """Every refresh token a client has exchanged here and that is not revoked yet."""
        with self._lock:
            return sorted(set(self._access_tokens.values()) - self.revoked)

    def pending_faults(self) -> tuple[list[Fault], dict[str, int], list[int]]:
        """Copies of what is still to fire: request faults, batch faults by id, next N."""
        with self._lock:
            return (
                [Fault(**vars(fault)) for fault in self._faults],
                dict(self._batch_faults),
                list(self._batch_fault_any),
            )

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()
            self._batch_faults.clear()
            self._batch_fault_any.clear()

    def _take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.path_contains and fault.path_contains not in path:
                    continue
                if fault.skip:
                    fault.skip -= 1
                    return None
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    def _take_batch_fault(self, gmail_id: str) -> int | None:
        with self._lock:
            if gmail_id in self._batch_faults:
                return self._batch_faults.pop(gmail_id)
            if self._batch_fault_any:
                return self._batch_fault_any.pop(0)
        return None

    # --- OAuth -------------------------------------------------------------------------------
    def issue_access_token(self, refresh_token: str) -> str:
        token = f"fake-access-{next(self._counter)}-{secrets.token_hex(8)}"
        with self._lock:
            self._access_tokens[token] = refresh_token
        return token

    def _token_endpoint(self, form: dict[str, str]) -> tuple[int, bytes]:
        if form.get("grant_type") != "refresh_token" or not form.get("refresh_token"):
            return 400, json.dumps({"error": "unsupported_grant_type"}).encode()
        refresh_token = form["refresh_token"]
        if refresh_token in self.revoked:
            body = {
                "error": "invalid_grant",
                "error_description": "Token has been expired or revoked.",
            }
            return 400, json.dumps(body).encode()
        self.stats.count("token")
        return 200, json.dumps(
            {
                "access_token": self.issue_access_token(refresh_token),
                "expires_in": 3599,
                "scope": "https://www.googleapis.com/auth/gmail.readonly",
                "token_type": "Bearer",
            }
        ).encode()

    def _revoke_endpoint(self, token: str) -> tuple[int, bytes]:
        self.revoke_requests.append(token)
        with self._lock:
            refresh_token = self._access_tokens.get(token, token)
        self.revoke(refresh_token)
        return 200, b"{}"

    def _authorized(self, authorization: str) -> bool:
        if not self.require_auth:
            return True
        scheme, _, token = authorization.partition(" ")
        with self._lock:
            return scheme.lower() == "bearer" and token in self._access_tokens

    # --- Gmail API -------------------------------------------------------------------------
    def api(self, method: str, target: str, authorization: str, *, in_batch: bool = False):
        """Answer one Gmail API call: (status, JSON bytes)."""
        parsed = urllib.parse.urlsplit(target)
        params = urllib.parse.parse_qs(parsed.query)
        path = parsed.path
        if not path.startswith(API_PREFIX):
            return 404, error_body(404)
        if not self._authorized(authorization):
            return 401, error_body(401)
        resource = path[len(API_PREFIX) :]
        if method != "GET":
            return 400, error_body(400, "Only reads are supported by the fake")
        if resource == "profile":
            self.stats.count("getProfile")
            return 200, json.dumps(
                {
                    "emailAddress": self.mailbox.email_address,
                    "messagesTotal": len(self.mailbox),
                    "threadsTotal": len(self.mailbox),
                    "historyId": str(self.mailbox.history_id),
                }
            ).encode()
        if resource == "messages":
            self.stats.count("messages.list")
            return self._list(params)
        if resource.startswith("messages/"):
            self.stats.count("messages.get")
            gmail_id = urllib.parse.unquote(resource.split("/", 1)[1])
            if in_batch and (status := self._take_batch_fault(gmail_id)):
                return status, error_body(status)
            message = self.mailbox.get(gmail_id)
            if message is None:
                return 404, error_body(404)
            fmt = params.get("format", ["full"])[0]
            return 200, message.encoded(fmt, params.get("metadataHeaders"))
        if resource == "history":
            self.stats.count("history.list")
            return self._history(params)
        return 404, error_body(404)

    def _list(self, params: dict[str, list[str]]) -> tuple[int, bytes]:
        try:
            found = self.mailbox.search(
                params.get("q", [""])[0],
                include_spam_trash=params.get("includeSpamTrash", ["false"])[0] == "true",
            )
        except QueryError as error:
            return 400, error_body(400, f"Invalid query: {error}")
        for label in params.get("labelIds", []):
            found = [message for message in found if label in message.doc.labels]
        size = min(int(params.get("maxResults", ["100"])[0]), 500)
        offset = int(params.get("pageToken", ["0"])[0] or 0)
        page = found[offset : offset + size]
        body: dict = {"resultSizeEstimate": len(found)}
        if page:
            body["messages"] = [{"id": m.id, "threadId": m.thread_id} for m in page]
        if offset + size < len(found):
            body["nextPageToken"] = str(offset + size)
        return 200, json.dumps(body).encode()

    def _history(self, params: dict[str, list[str]]) -> tuple[int, bytes]:
        try:
            start = int(params["startHistoryId"][0])
        except (KeyError, ValueError):
            return 400, error_body(400, "startHistoryId is required")
        added = self.mailbox.history_since(start)
        if added is None:
            return 404, error_body(404)
        size = min(int(params.get("maxResults", ["100"])[0]), 500)
        offset = int(params.get("pageToken", ["0"])[0] or 0)
        page = added[offset : offset + size]
        body: dict = {"historyId": str(self.mailbox.history_id)}
        if page:
            body["history"] = [
                {
                    "id": str(message.history_id),
                    "messages": [{"id": message.id, "threadId": message.thread_id}],
                    "messagesAdded": [
                        {
                            "message": {
                                "id": message.id,
                                "threadId": message.thread_id,
                                "labelIds": list(message.label_ids),
                            }
                        }
                    ],
                }
                for message in page
            ]
        if offset + size < len(added):
            body["nextPageToken"] = str(offset + size)
        return 200, json.dumps(body).encode()

    def batch(self, content_type: str, body: bytes, authorization: str) -> tuple[int, str, bytes]:
        """Answer a multipart/mixed batch: one application/http response per part, in order."""
        self.stats.batches += 1
        boundary = _boundary(content_type)
        if not boundary:
            return 400, "application/json", error_body(400, "Missing multipart boundary")
        parts = body.decode("utf-8").split(f"--{boundary}")
        response_boundary = f"batch_{secrets.token_hex(12)}"
        chunks: list[str] = []
        for part in parts[1:]:
            if part.startswith("--"):
                break
            outer_headers, _, inner = _split_headers(part.lstrip("\r\n"))
            content_id = outer_headers.get("content-id", "").strip()
            request_headers, _, _inner_body = _split_headers(inner)
            request_line = request_headers.pop("__first_line__", "")
            method, _, rest = request_line.partition(" ")
            target = rest.rsplit(" ", 1)[0]
            status, payload = self.api(
                method,
                target,
                request_headers.get("authorization", authorization),
                in_batch=True,
            )
            reason = HTTPStatus(status).phrase
            chunks.append(
                f"--{response_boundary}\r\n"
                "Content-Type: application/http\r\n"
                f"Content-ID: <response-{content_id.strip('<>')}>\r\n\r\n"
                f"HTTP/1.1 {status} {reason}\r\n"
                "Content-Type: application/json; charset=UTF-8\r\n"
                f"Content-Length: {len(payload)}\r\n\r\n"
                f"{payload.decode()}\r\n"
            )
        chunks.append(f"--{response_boundary}--\r\n")
        return 200, f"multipart/mixed; boundary={response_boundary}", "".join(chunks).encode()


def _boundary(content_type: str) -> str:
    for piece in content_type.split(";"):
        name, _, value = piece.strip().partition("=")
        if name.lower() == "boundary":
            return value.strip('"')
    return ""


def _split_headers(text: str) -> tuple[dict[str, str], str, str]:
    """Split 'headers\\n\\nbody' (either line ending); the first header-less line is kept."""
    text = text.replace("\r\n", "\n")
    head, _, rest = text.partition("\n\n")
    headers: dict[str, str] = {}
    for index, line in enumerate(head.split("\n")):
        name, colon, value = line.partition(":")
        if index == 0 and (not colon or " " in name):
            headers["__first_line__"] = line.strip()
            continue
        if colon:
            headers[name.strip().lower()] = value.strip()
    return headers, "", rest


class _Handler(BaseHTTPRequestHandler):
    fake: FakeGmail
    protocol_version = "HTTP/1.1"  # keep-alive: httplib2 reuses the connection

    def log_message(self, format: str, *args) -> None:
        logger.debug("fake gmail: " + format, *args)

    def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _fault(self) -> bool:
        fault = self.fake._take_fault(self.path)
        if fault is None:
            return False
        if fault.delay:
            time.sleep(fault.delay)
        if fault.status is None:
            return False
        self._send(fault.status, error_body(fault.status))
        return True

    def _control(self, method: str) -> bool:
        path = urllib.parse.urlsplit(self.path).path
        if path == control.CONSENT_PATH and method == "POST":
            form = dict(urllib.parse.parse_qsl(self._read_body().decode()))
            status, body, location = control.consent(self.fake, form)
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return True
        if path != control.CONTROL_PATH:
            return False
        body = self._read_body() if method != "GET" else b""
        self._send(*control.handle(self.fake, method, body))
        return True

    def do_DELETE(self) -> None:
        if not self._control("DELETE"):
            self._send(405, error_body(405, "Only GET and POST are supported by the fake"))

    def do_GET(self) -> None:
        if self._control("GET"):
            return
        self.fake.stats.http_requests += 1
        if self._fault():
            return
        status, body = self.fake.api("GET", self.path, self.headers.get("Authorization", ""))
        self._send(status, body)

    def do_POST(self) -> None:
        if self._control("POST"):
            return
        self.fake.stats.http_requests += 1
        body = self._read_body()
        if self._fault():
            return
        path = urllib.parse.urlsplit(self.path).path
        if path == TOKEN_PATH:
            form = dict(urllib.parse.parse_qsl(body.decode()))
            status, payload = self.fake._token_endpoint(form)
            self._send(status, payload)
        elif path == REVOKE_PATH:
            query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
            form = dict(urllib.parse.parse_qsl(body.decode()))
            status, payload = self.fake._revoke_endpoint(
                query.get("token") or form.get("token", "")
            )
            self._send(status, payload)
        elif path == BATCH_PATH:
            status, content_type, payload = self.fake.batch(
                self.headers.get("Content-Type", ""), body, self.headers.get("Authorization", "")
            )
            self._send(status, payload, content_type)
        else:
            self._send(404, error_body(404))
