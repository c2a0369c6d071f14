"""Foundation checks: models, state machine and the list page render."""

import pytest

from applications.models import Application, EventKind
from applications.services import editing
from applications.status import Status
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_create_application_writes_created_event(user):
    """Creating an application records a 'created' event in the same transaction."""
    application = editing.create_application(user=user, company="Acme", role="Engineer")
    assert application.events.get().kind == EventKind.CREATED


def test_search_matches_prefix(user):
    """Full-text search matches a typed prefix of a company word."""
    ApplicationFactory(user=user, company="Stripe", role="Backend Engineer")
    ApplicationFactory(user=user, company="Gitlab", role="Designer")
    found = Application.objects.for_user(user).search("strip eng")
    assert [a.company for a in found] == ["Stripe"]


def test_list_page_full_and_partial(user_client, htmx_client, user):
    """The list renders as a page and as the rows partial."""
    ApplicationFactory(user=user, company="Acme", status=Status.APPLIED)
    page = user_client.get("/applications/")
    partial = htmx_client.get("/applications/")
    assert b"<html" in page.content and b"Acme" in page.content
    assert b"<html" not in partial.content and b"Acme" in partial.content
