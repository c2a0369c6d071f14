"""A real browser walks the core journey: sign in, create, drag across the board, see it."""

import re

import pytest
from django.urls import reverse

from applications.models import Application, EventKind
from applications.status import Status
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def test_sign_in_create_drag_and_see_timeline(live_server, page):
    """Sign in, add an application, drag it Applied → Screening, find the event on its page."""
    user = UserFactory(email="journey@example.com")
    console_errors: list[str] = []

    def record(message) -> None:
        # Browsers ask for /favicon.ico on their own; the layout (base.html) declares none.
        if message.type != "error" or message.location.get("url", "").endswith("/favicon.ico"):
            return
        # Chromium logs every 4xx; a refused drop is a 422 by design (orbit/htmx.py).
        if "status of 422" in message.text:
            return
        console_errors.append(message.text)

    page.on("console", record)
    page.on("pageerror", lambda error: console_errors.append(str(error)))

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").first.click()
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/).*$"))

    page.goto(f"{live_server.url}{reverse('applications:create')}")
    page.fill("input[name=company]", "Playwright Inc")
    page.fill("input[name=role]", "Browser Tester")
    page.select_option("select[name=status]", Status.APPLIED)
    # Inline validation answers on change; a bad currency shows its error without a submit.
    page.fill("input[name=salary_currency]", "XX")
    page.locator("input[name=salary_currency]").blur()
    page.wait_for_selector("#errors-salary_currency .errorlist")
    page.fill("input[name=salary_currency]", "EUR")
    page.locator("input[name=salary_currency]").blur()
    page.wait_for_selector("#errors-salary_currency .errorlist", state="detached")
    page.get_by_role("button", name="Add application").click()
    page.wait_for_url(re.compile(r"/applications/\d+/$"))
    application = Application.objects.get(user=user)
    assert application.status == Status.APPLIED and application.salary_currency == "EUR"

    page.goto(f"{live_server.url}{reverse('applications:board')}")
    card = page.locator(f"#card-{application.pk}")
    card.drag_to(page.locator('section[data-drop-status="screening"]'))
    page.locator(f'section[data-drop-status="screening"] #card-{application.pk}').wait_for()
    page.wait_for_selector(".toast")
    application.refresh_from_db()
    assert application.status == Status.SCREENING

    # An invalid drop (screening → wishlist is not a move) snaps back with the reason.
    page.locator(f"#card-{application.pk}").drag_to(
        page.locator('section[data-drop-status="wishlist"]')
    )
    page.locator(".toast-error", has_text="cannot move to wishlist").wait_for()
    page.locator(f'section[data-drop-status="screening"] #card-{application.pk}').wait_for()
    application.refresh_from_db()
    assert application.status == Status.SCREENING

    page.goto(f"{live_server.url}{reverse('applications:detail', args=[application.pk])}")
    timeline = page.locator("#timeline")
    assert "Applied" in timeline.inner_text() and "Screening" in timeline.inner_text()
    assert application.events.filter(
        kind=EventKind.STATUS_CHANGE, from_status=Status.APPLIED, to_status=Status.SCREENING
    ).exists()

    # The note form swaps itself and the timeline (out of band) without a page load.
    page.fill("textarea[name=text]", "Recruiter call went well")
    page.get_by_role("button", name="Save note").click()
    page.locator("#timeline", has_text="Recruiter call went well").wait_for()
    assert page.input_value("textarea[name=text]") == ""

    csp = [text for text in console_errors if "Content Security Policy" in text]
    assert not csp, csp
    assert not console_errors, console_errors
