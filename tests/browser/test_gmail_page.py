"""The Gmail page in a real browser: after a run ends it shows the true state, no reload."""

import os

import pytest
from django.urls import reverse
from django.utils import timezone

from mail_sync import services
from mail_sync.models import SyncRun
from tests.browser.test_pages import sign_in, watch
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Set ORBIT_SCREENSHOTS=/some/dir to keep what the browser saw.
SCREENSHOTS = os.environ.get("ORBIT_SCREENSHOTS", "")


def shot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"gmail-{name}.png"), full_page=True)


@pytest.mark.parametrize("outcome", ["failed", "succeeded"])
def test_the_page_follows_a_run_to_its_end(live_server, page, outcome):
    user = UserFactory()
    account = services.connect_account(
        user=user, email="me@example.com", refresh_token="1//refresh"
    )
    problems = watch(page, live_server)
    sign_in(page, live_server, user)
    page.goto(live_server.url + reverse("mail_sync:settings"))
    page.get_by_role("button", name="Sync now").click()
    page.locator("#run-progress").wait_for()
    assert page.get_by_role("button", name="Sync now").is_disabled()
    shot(page, f"{outcome}-running")

    # The worker finishes the run (in production django-q runs mail_sync.tasks.sync_account).
    run = SyncRun.objects.get(account=account)
    now = timezone.now()
    SyncRun.objects.filter(pk=run.pk).update(
        state=outcome,
        kind="full",
        listed=12,
        fetched=12,
        new=12,
        finished_at=now,
        error="getProfile failed with HTTP 503" if outcome == "failed" else "",
    )
    if outcome == "succeeded":
        type(account).objects.filter(pk=account.pk).update(last_synced_at=now)
    else:
        type(account).objects.filter(pk=account.pk).update(
            last_error="getProfile failed with HTTP 503"
        )

    page.locator("#run-progress").wait_for(state="detached")
    button = page.get_by_role("button", name="Sync now")
    assert button.is_enabled()
    assert page.locator("progress").count() == 0
    status = page.locator(".gmail-status").inner_text()
    history = page.locator('[aria-labelledby="gmail-runs"] tbody tr').first.inner_text()
    assert ("Failed" if outcome == "failed" else "Succeeded") in history
    if outcome == "failed":
        assert "never" in status.split("Last synced")[1]
        assert (
            page.locator("#sync-error").inner_text().startswith("Gmail was not answering properly")
        )
    else:
        assert "never" not in status.split("Last synced")[1]
        assert page.locator("#sync-error").count() == 0
    shot(page, f"{outcome}-ended")

    # And it stopped asking: no more progress requests once the run ended.
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.wait_for_timeout(2500)
    assert not [url for url in asked if "/progress" in url]
    assert not problems.console and not problems.failed, (problems.console, problems.failed)
