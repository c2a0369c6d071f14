"""Reading what a view told htmx: the toast it sent (orbit.htmx.toast)."""

import json


def toast_of(response) -> dict:
    """The toast a response sends, as orbit.js receives it."""
    return json.loads(response["HX-Trigger"])["toast"]
