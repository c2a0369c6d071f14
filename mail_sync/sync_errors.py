"""What a failed sync means, in a sentence the user can act on.

The sync stores what went wrong as it happened (Google's own words, an exception's repr): that
stays on the row for the logs and the admin. The Gmail page shows `explain(...)` of it instead.
"""

from __future__ import annotations

import re

from django.conf import settings

RECONNECT = (
    "Google no longer accepts Orbit's access to this mailbox, so syncing has stopped. "
    "Reconnect Gmail to start again."
)
GENERIC = "The sync did not finish. Press “Sync now” to try again."


def _try_again() -> str:
    minutes = settings.GMAIL_SYNC_INTERVAL_MINUTES
    return f"Orbit tries again within {minutes} minutes, or press “Sync now”."


def _http_status(raw: str) -> int | None:
    found = re.search(r"\bHTTP (\d{3})\b", raw)
    return int(found.group(1)) if found else None


def explain(raw: str) -> str:
    """The user-facing sentence for a stored sync error; empty when there was none."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    lowered = raw.lower()
    if "invalid_grant" in lowered or "reconnect" in lowered or "refused the saved grant" in lowered:
        return RECONNECT
    if "disconnected during the sync" in lowered:
        return "Gmail was disconnected while this sync was running, so it stopped."
    if lowered.startswith("abandoned"):
        return (
            "This sync never finished: the background worker stopped. "
            "Press “Sync now” to run it again."
        )
    status = _http_status(raw)
    if status == 429 or "rate limited" in lowered:
        return f"Gmail asked Orbit to slow down, so this sync stopped early. {_try_again()}"
    if status is not None and status >= 500:
        return f"Gmail was not answering properly: the problem is on Google's side. {_try_again()}"
    if status in (401, 403):
        return (
            "Gmail refused the request: Orbit may have lost permission to read this mailbox, "
            "or used up today's allowance. If it keeps happening, reconnect Gmail."
        )
    if "timeout" in lowered or "timed out" in lowered or "connection" in lowered:
        return f"Orbit could not reach Gmail: the connection failed or timed out. {_try_again()}"
    if lowered.startswith("unexpected error"):
        return (
            "Something went wrong inside Orbit during this sync; it has been logged. "
            "Press “Sync now” to try again."
        )
    return GENERIC
