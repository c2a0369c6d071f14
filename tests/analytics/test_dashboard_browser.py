"""The dashboard in a real browser: the charts draw, and nothing breaks the CSP or the console."""

from __future__ import annotations

import os
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


@pytest.fixture
def page(live_server, client_for):
    from playwright.sync_api import sync_playwright

    from devtools.demo.write import write_bench_search
    from tests.factories import UserFactory

    user = UserFactory(timezone="Europe/Berlin")
    write_bench_search(user=user, applications=300, events_per_application=6, seed=7)
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
        yield page, problems
        browser.close()


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
