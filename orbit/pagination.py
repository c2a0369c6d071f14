"""Previous/next links for a paginated page, rendered by templates/_pagination.html."""

from collections.abc import Callable

from django.core.paginator import Page


def page_links(page: Page, url_for: Callable[[int], str]) -> dict[str, str]:
    """The URLs of the neighbouring pages ("" where there is none), built by `url_for(n)`."""
    return {
        "previous_url": url_for(page.previous_page_number()) if page.has_previous() else "",
        "next_url": url_for(page.next_page_number()) if page.has_next() else "",
    }
