"""A brand-new account's first page tells Orbit the browser's time zone."""

import pytest
from django.urls import reverse

from orbit.models import User
from tests.browser.test_pages import sign_in, watch
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_first_visit_stores_the_browsers_zone(live_server, browser):
    context = browser.new_context(timezone_id="America/Chicago")
    page = context.new_page()
    problems = watch(page, live_server)
    user = UserFactory(timezone="")
    sign_in(page, live_server, user)
    with page.expect_response(lambda response: "/accounts/timezone/" in response.url) as sent:
        page.goto(live_server.url + reverse("applications:list"))
    assert sent.value.status == 204
    assert User.objects.get(pk=user.pk).timezone == "America/Chicago"

    # Set now: the next page does not ask again.
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(live_server.url + reverse("applications:board"))
    assert not [url for url in asked if "/accounts/timezone/" in url]
    assert not problems.console and not problems.failed, (problems.console, problems.failed)
    context.close()
