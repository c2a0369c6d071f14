"""The applications list in a real browser: menus that behave, header sorting, paste to search."""

import re

import pytest
from django.urls import reverse

from applications.status import Status
from tests.browser.test_pages import sign_in, watch
from tests.factories import ApplicationFactory, TagFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lister(db):
    user = UserFactory()
    remote = TagFactory(user=user, name="remote")
    for company, status in (
        ("Umbrella", Status.APPLIED),
        ("acme", Status.SCREENING),
        ("Globex", Status.APPLIED),
        ("Initech", Status.OFFER),
    ):
        ApplicationFactory(user=user, company=company, status=status).tags.add(remote)
    ApplicationFactory(user=user, company="Stripe", role="Backend Engineer")
    return user


def open_list(page, live_server, user, query: str = "") -> None:
    sign_in(page, live_server, user)
    page.goto(live_server.url + reverse("applications:list") + query)


def companies(page) -> list[str]:
    return page.locator("#results tbody tr td:nth-child(2)").all_inner_texts()


def open_menus(page) -> int:
    return page.locator("details.lists-dropdown[open]").count()


def test_menus_open_one_at_a_time_close_outside_and_show_what_is_active(live_server, page, lister):
    """Opening Tags closes Status; a click elsewhere or Escape closes the open menu; once
    closed, each menu's label names what it filters by, after every htmx update."""
    problems = watch(page, live_server)
    open_list(page, live_server, lister)
    status_menu = page.locator("details.lists-dropdown", has_text="Status")
    tags_menu = page.locator("details.lists-dropdown", has_text="Tags")
    status_menu.locator("summary").click()
    status_menu.locator("fieldset").wait_for()  # open
    status_menu.locator('input[value="applied"]').check()
    page.locator("#status-summary", has_text="Applied").wait_for()
    assert open_menus(page) == 1  # ticking a box keeps its menu open
    tags_menu.locator("summary").click()
    assert tags_menu.evaluate("menu => menu.open") and not status_menu.evaluate("m => m.open")
    tags_menu.locator('input[value="remote"]').check()
    page.locator("#tags-summary", has_text="remote").wait_for()
    page.wait_for_load_state("networkidle")
    page.locator("h1").click()
    assert open_menus(page) == 0
    assert status_menu.locator("summary").inner_text().startswith("Status: Applied")
    assert tags_menu.locator("summary").inner_text().startswith("Tags: remote")
    assert sorted(companies(page)) == ["Globex", "Umbrella"]

    status_menu.locator("summary").click()
    page.keyboard.press("Escape")
    assert open_menus(page) == 0
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"

    # A change made outside the menus (a header sort) keeps their labels and renews the sort.
    with page.expect_response(re.compile(r"sort=company")):
        page.locator("th a", has_text="Company").click()
    assert status_menu.locator("summary").inner_text().startswith("Status: Applied")
    assert page.locator("#sort").input_value() == "company"
    assert not problems.console and not problems.failed, (problems.console, problems.failed)


def test_clicking_a_column_header_sorts_and_a_second_click_reverses(live_server, page, lister):
    """Company sorts A to Z (ignoring case) on the first click and Z to A on the second; the
    URL follows, so the sorted list can be bookmarked."""
    open_list(page, live_server, lister)
    header = page.locator("th", has_text="Company")
    with page.expect_response(re.compile(r"sort=company")):
        header.locator("a").click()
    page.wait_for_url(re.compile(r"sort=company$"))
    assert companies(page) == ["acme", "Globex", "Initech", "Stripe", "Umbrella"]
    assert page.locator("th", has_text="Company").get_attribute("aria-sort") == "ascending"
    with page.expect_response(re.compile(r"sort=-company")):
        page.locator("th", has_text="Company").locator("a").click()
    assert companies(page) == ["Umbrella", "Stripe", "Initech", "Globex", "acme"]
    assert page.locator("th", has_text="Company").get_attribute("aria-sort") == "descending"
    page.reload()
    assert companies(page)[0] == "Umbrella"


def test_pasting_into_search_searches(live_server, page, lister):
    """Text that arrives without a key press (a paste from the menu, dictation, autofill)
    searches like typing does."""
    open_list(page, live_server, lister)
    page.locator("#search").click()
    with page.expect_response(re.compile(r"q=strip")):
        page.keyboard.insert_text("strip")  # an input event only: no keydown or keyup
    page.locator("#results tbody tr").first.wait_for()
    assert companies(page) == ["Stripe"]
    assert "q=strip" in page.url


@pytest.mark.parametrize("path", ["applications:list", "applications:board"])
def test_no_sideways_scroll_on_a_375px_phone(live_server, browser, lister, path):
    """At 375 px wide the page is no wider than the screen, also with a filter menu open."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    open_list(page, live_server, lister)
    page.goto(live_server.url + reverse(path))
    if path == "applications:list":
        page.locator("details.lists-dropdown summary", has_text="Tags").click()
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], widths
    context.close()
