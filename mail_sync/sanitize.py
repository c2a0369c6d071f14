"""HTML mail made safe to show: an nh3 allowlist, so anything not listed is dropped."""

from __future__ import annotations

import nh3

# Text structure only: no images (tracking pixels), no forms, no media, no styles.
ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "div", "dl", "dt",
        "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s",
        "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "u", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
# Script and style bodies are removed with their text, not just unwrapped.
DROPPED_WITH_CONTENT: frozenset[str] = frozenset(
    {"script", "style", "head", "title", "noscript", "template", "iframe", "object", "svg"}
)

_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def sanitize_html(html: str) -> str:
    """Return mail HTML with only allowlisted tags, attributes and http(s)/mailto links."""
    if not html:
        return ""
    return _cleaner.clean(html)
