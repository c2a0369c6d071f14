"""Formatting for the dashboard's figures."""

from django import template

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """0.4567 → "46%"; None (nothing to divide by) → an em dash."""
    if value is None:
        return "—"
    return f"{round(value * 100)}%"


@register.filter
def days(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g} day" + ("" if value == 1 else "s")
