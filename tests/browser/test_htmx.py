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
