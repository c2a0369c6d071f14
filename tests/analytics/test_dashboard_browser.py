"""The dashboard in a real browser: the charts draw, and nothing breaks the CSP or the console."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run in a
# thread with a running loop unless told it is fine (the live server runs in its own thread).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not CHROMIUM.exists() and os.environ.get("ORBIT_BROWSER_TESTS") != "1",
        reason="Chromium is not installed (apt-get install chromium); ORBIT_BROWSER_TESTS=1 fails",
    ),
]


@contextmanager
def dashboard_browser(live_server, client_for, user) -> Iterator:
    """A Chromium page signed in as the user, and the list of problems it reported."""
    from playwright.sync_api import sync_playwright

    # Sign in by handing the browser the session of a test-client login (no login page needed).
    session = client_for(user).cookies["sessionid"].value
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        context = browser.new_context()
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page = context.new_page()
        problems: list[str] = []  # console errors (CSP violations among them), page errors

        def on_console(message) -> None:
            # The browser asks for /favicon.ico on its own; the app has none (not ours).
            if message.type == "error" and not message.location.get("url", "").endswith(
                "/favicon.ico"
            ):
                problems.append(f"{message.text} ({message.location.get('url')})")

        page.on("console", on_console)
        page.on("pageerror", lambda error: problems.append(str(error)))
        try:
            yield page, problems
        finally:
            browser.close()


@pytest.fixture
def page(live_server, client_for):
    from devtools.demo.write import write_bench_search
    from tests.factories import UserFactory

    user = UserFactory(timezone="Europe/Berlin")
    write_bench_search(user=user, applications=300, events_per_application=6, seed=7)
    with dashboard_browser(live_server, client_for, user) as opened:
        yield opened


def test_dashboard_charts_render_without_errors(page, live_server):
    """Funnel, Sankey and trends draw as SVG; no console errors, no CSP violations."""
    page, problems = page
    page.goto(f"{live_server.url}/analytics/")
    for chart in ("funnel", "flow", "trends"):
        page.wait_for_selector(f'[data-chart="{chart}"] svg.main-svg', timeout=20_000)
    assert page.locator('[data-chart="funnel"] .funnellayer .point').count() == 5
    assert page.locator('[data-chart="flow"] .sankey-node').count() >= 5
    assert page.locator('[data-chart="trends"] .scatterlayer .trace').count() == 4
    # plotly's stylesheet hook worked: it injected no inline <style> (CSP would refuse it).
    assert page.locator("style").count() == 0
    # The trends window selector swaps the card in with htmx and the chart is drawn again.
    page.click('#card-trends a:has-text("26 weeks")')
    page.wait_for_selector('#card-trends a[aria-current="true"]:has-text("26 weeks")')
    page.wait_for_selector('[data-chart="trends"] svg.main-svg', timeout=20_000)
    assert "weeks=26" in page.url
    rows = page.locator("#card-trends table tbody tr")
    assert rows.count() == 26
    # The filter form swaps all cards in; the charts are drawn again for the new figures.
    page.select_option("#id_tags", label="remote")
    page.click("text=Apply filters")
    page.wait_for_url("**tags=**")
    for chart in ("funnel", "flow", "trends"):
        page.wait_for_selector(f'[data-chart="{chart}"] svg.main-svg', timeout=20_000)
    assert page.locator("#id_tags option:checked").inner_text() == "remote"
    tagged = int(page.locator("#card-summary .stats dd").first.inner_text())
    assert 0 < tagged < 300  # only the applications tagged "remote"
    assert problems == []


def test_a_new_accounts_dashboard_downloads_no_chart_script(live_server, client_for):
    """Nothing to chart: the 4.8 MB plotly bundle is never requested."""
    from tests.factories import UserFactory

    with dashboard_browser(live_server, client_for, UserFactory()) as (page, problems):
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(f"{live_server.url}/analytics/")
        page.wait_for_load_state("networkidle")
        assert page.locator("text=Nothing to chart yet").count() == 1
        assert [url for url in requested if "plotly" in url] == []
        assert problems == []


def test_small_counts_get_whole_number_ticks(live_server, client_for):
    """One application sent: the trends axis reads 0, 1, not 0, 0, 0, 1, 1, 1."""
    from tests.analytics.histories import applied, days_ago
    from tests.factories import UserFactory

    user = UserFactory()
    applied(user, days_ago(2))
    with dashboard_browser(live_server, client_for, user) as (page, problems):
        page.goto(f"{live_server.url}/analytics/")
        page.wait_for_selector('[data-chart="trends"] svg.main-svg', timeout=20_000)
        ticks = page.eval_on_selector_all(
            '[data-chart="trends"] .ytick text', "elements => elements.map(e => e.textContent)"
        )
        assert ticks == ["0", "1"]
        assert problems == []
