"""The htmx policy in a real browser: toasts with Undo, refusals swapped, other errors said."""

import pytest
from django.urls import reverse

from applications.models import Application
from tests.browser.test_pages import sign_in
from tests.factories import ApplicationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_delete_then_undo_from_the_toast(live_server, page):
    """The toast's Undo button puts the row back and goes away."""
    user = UserFactory()
    application = ApplicationFactory(user=user, company="Undoable Ltd")
    sign_in(page, live_server, user)
    page.goto(live_server.url + reverse("applications:list"))
    page.get_by_role("button", name=f"Move {application} to the trash").click()
    toast = page.locator(".toast", has_text="to the trash")
    toast.wait_for()
    assert page.locator("#results", has_text="Undoable Ltd").count() == 0
    toast.get_by_role("button", name="Undo").click()
    page.locator("#results", has_text="Undoable Ltd").wait_for()
    toast.wait_for(state="detached")
    assert Application.objects.trash_for(user).count() == 0


def test_an_error_htmx_does_not_swap_is_told_as_a_toast(live_server, page):
    """A row deleted elsewhere answers 404: the user is told, the page stays as it was."""
    user = UserFactory()
    application = ApplicationFactory(user=user, company="Gone Corp")
    sign_in(page, live_server, user)
    page.goto(live_server.url + reverse("applications:list"))
    Application.objects.filter(pk=application.pk).delete()
    page.get_by_role("button", name=f"Move {application} to the trash").click()
    page.locator(".toast-error", has_text="no longer here").wait_for()
    assert page.locator("#results", has_text="Gone Corp").count() == 1


def test_back_after_a_search_restores_the_whole_page(live_server, page):
    """htmx pushed the filtered URL; Back loads it again and gets the page, not a fragment."""
    user = UserFactory()
    sign_in(page, live_server, user)
    page.goto(live_server.url + reverse("mail_sync:inbox"))
    with page.expect_response(lambda response: "q=first" in response.url):
        page.locator("#inbox-q").press_sequentially("first")
    page.wait_for_url("**/mail/?q=first*")
    with page.expect_response(lambda response: "q=second" in response.url):
        page.fill("#inbox-q", "")
        page.locator("#inbox-q").press_sequentially("second")
    page.wait_for_url("**/mail/?q=second*")
    with page.expect_response(lambda response: "q=first" in response.url) as restored:
        page.go_back()
    assert restored.value.request.headers.get("hx-history-restore-request") == "true"
    page.locator("#inbox-filters").wait_for()
    assert page.locator("header.topbar").count() == 1
    assert page.locator("h1").count() == 1
    assert page.input_value("#inbox-q") == "first"
