"""The fake's own HTTP control endpoint: inject faults without Python, e.g. with curl.

    POST   /_fake/faults  {"fault": "status", "status": 503, "times": 2, "path": "/batch"}
                          {"fault": "slow", "seconds": 2.5, "times": 1, "path": "/messages"}
                          {"fault": "batch", "status": 429, "count": 3}  (inside a batch)
                          {"fault": "expire_history"}                     (history.list → 404)
                          {"fault": "invalid_grant"}  (every grant seen so far; or give
                                                       "refresh_token")
    GET    /_fake/faults  what is still pending
    DELETE /_fake/faults  drop every pending fault
    POST   /_fake/consent [next=URL]  reconnect the demo user after `invalid_grant`, as Google's
                          consent screen would (a form post from Orbit's Gmail page; a
                          loopback `next` is where the browser goes back to)

Only for the loopback fake (tests, benchmarks, `make run`); Google has nothing like it.
Control requests never hit a fault and are not counted in the fake's stats.
"""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from devtools.fake_gmail.server import FakeGmail

CONTROL_PATH = "/_fake/faults"
CONSENT_PATH = "/_fake/consent"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
FAULTS = ("status", "slow", "batch", "expire_history", "invalid_grant")


class ControlError(ValueError):
    """A control request that cannot be carried out; the message says why."""


def handle(fake: FakeGmail, method: str, body: bytes) -> tuple[int, bytes]:
    """Answer one control request: (HTTP status, JSON bytes)."""
    try:
        if method == "GET":
            return 200, _json(pending(fake))
        if method == "DELETE":
            fake.clear_faults()
            return 200, _json(pending(fake))
        if method == "POST":
            inject(fake, _parse(body))
            return 201, _json(pending(fake))
        return 405, _json({"error": f"{method} is not supported here; use GET, POST or DELETE."})
    except ControlError as error:
        return 400, _json({"error": str(error)})


def consent(fake: FakeGmail, form: dict[str, str]) -> tuple[int, bytes, str]:
    """Answer a consent request: (HTTP status, JSON bytes, where to redirect or "")."""
    if fake.on_consent is None:
        return 404, _json({"error": "This fake serves no demo account to reconnect."}), ""
    connected = fake.on_consent()
    back = form.get("next", "")
    if back and urllib.parse.urlsplit(back).hostname in LOOPBACK:
        return 303, _json({"connected": connected}), back
    return (200 if connected else 404), _json({"connected": connected}), ""


def inject(fake: FakeGmail, request: dict[str, Any]) -> None:
    kind = request.get("fault")
    if kind not in FAULTS:
        raise ControlError(f"'fault' must be one of: {', '.join(FAULTS)}.")
    path = _text(request, "path")
    times = _number(request, "times", default=1, minimum=1)
    if kind == "status":
        status = _number(request, "status", minimum=400, maximum=599)
        fake.fail_next(status, times, path=path, skip=_number(request, "skip", default=0))
    elif kind == "slow":
        seconds = _number(request, "seconds", minimum=0, maximum=60, allow_float=True)
        fake.slow_next(seconds, times, path=path)
    elif kind == "batch":
        status = _number(request, "status", default=429, minimum=400, maximum=599)
        ids = request.get("ids") or []
        if not isinstance(ids, list) or not all(isinstance(item, str) for item in ids):
            raise ControlError("'ids' must be a list of Gmail message ids.")
        count = _number(request, "count", default=0 if ids else 1)
        fake.fail_in_batch(status, ids=ids, count=count)
    elif kind == "expire_history":
        fake.expire_history()
    else:
        token = _text(request, "refresh_token")
        for refresh_token in [token] if token else fake.seen_refresh_tokens():
            fake.revoke(refresh_token)


def pending(fake: FakeGmail) -> dict[str, Any]:
    faults, by_id, any_batch = fake.pending_faults()
    return {
        "faults": [asdict(fault) for fault in faults],
        "batch": {"ids": by_id, "next": any_batch},
        "revoked": len(fake.revoked),
    }


def _parse(body: bytes) -> dict[str, Any]:
    try:
        request = json.loads(body or b"{}")
    except ValueError as error:
        raise ControlError(f"The body is not JSON: {error}.") from error
    if not isinstance(request, dict):
        raise ControlError('The body must be a JSON object such as {"fault": "status", ...}.')
    return request


def _text(request: dict[str, Any], name: str) -> str:
    value = request.get(name, "")
    if not isinstance(value, str):
        raise ControlError(f"'{name}' must be a string.")
    return value


def _number(
    request: dict[str, Any],
    name: str,
    *,
    default: float | None = None,
    minimum: float = 0,
    maximum: float = 10_000,
    allow_float: bool = False,
) -> Any:
    value = request.get(name, default)
    kinds = (int, float) if allow_float else (int,)
    if value is None or isinstance(value, bool) or not isinstance(value, kinds):
        raise ControlError(f"'{name}' must be a {'number' if allow_float else 'whole number'}.")
    if not minimum <= value <= maximum:
        raise ControlError(f"'{name}' must be between {minimum} and {maximum}.")
    return value


def _json(value: Any) -> bytes:
    return json.dumps(value).encode()
