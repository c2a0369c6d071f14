"""The main navigation marks the one section the page belongs to."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path, section",
    [
        ("/applications/", "Applications"),
        ("/applications/board/", "Board"),
        ("/applications/tags/", "Tags"),
        ("/applications/trash/", "Applications"),
        ("/mail/", "Inbox"),
        ("/mail/review/", "Review"),
        ("/mail/settings/", "Gmail"),
        ("/analytics/", "Analytics"),
    ],
)
def test_exactly_one_section_is_current(user_client, path, section):
    """The longest matching section wins, so Board is not also Applications."""
    html = user_client.get(path).content.decode()
    nav = html[
        html.index('aria-label="Main"') : html.index("</nav>", html.index('aria-label="Main"'))
    ]
    current = re.findall(r'aria-current="page"[^>]*>\s*([A-Za-z]+)', nav)
    assert current == [section]
