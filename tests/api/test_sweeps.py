"""Sweeps over every operation in the OpenAPI document, so a new endpoint cannot skip them."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from api.api import api
from mail_sync.models import SyncRun
from tests.api.conftest import assert_error, bearer_client
from tests.api.factories import GmailAccountFactory, MessageFactory
from tests.factories import ApplicationFactory, TagFactory

pytestmark = pytest.mark.django_db


def operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return [
        (method.upper(), path)
        for path, methods in schema["paths"].items()
        for method in methods
        if method in {"get", "post", "patch", "put", "delete"}
    ]


OPERATIONS = operations()
ID_OPERATIONS = [(method, path) for method, path in OPERATIONS if "{" in path]


def call(client: Client, method: str, path: str, ids: dict[str, int]):
    url = path.format(**ids)
    if method == "GET":
        return client.get(url)
    # A body that would pass validation where one is needed, so only auth or access decides.
    return client.generic(
        method,
        url,
        '{"application_id": null, "kind": "note", "note": "x"}',
        content_type="application/json",
    )


def test_the_sweep_sees_every_operation():
    assert len(OPERATIONS) == 21 and len(ID_OPERATIONS) == 10


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
@pytest.mark.parametrize("credential", ["missing", "unknown", "revoked", "expired"])
def test_every_operation_needs_a_live_token(user, token_for, method, path, credential):
    token, secret = token_for(user)
    if credential == "revoked":
        token.revoke()
    elif credential == "expired":
        token.expires_at = timezone.now() - dt.timedelta(minutes=1)
        token.save()
    client = {
        "missing": Client(),
        "unknown": bearer_client("orb_" + "x" * 43),
    }.get(credential, bearer_client(secret))
    ids = {"application_id": 1, "tag_id": 1, "email_id": 1, "run_id": 1}
    assert_error(call(client, method, path, ids), 401, "UNAUTHORIZED")


@pytest.mark.parametrize(("method", "path"), ID_OPERATIONS)
def test_another_users_ids_are_not_found_everywhere(api_client, other_user, method, path):
    account = GmailAccountFactory(user=other_user)
    application = ApplicationFactory(user=other_user, company="Theirs")
    ids = {
        "application_id": application.pk,
        "tag_id": TagFactory(user=other_user).pk,
        "email_id": MessageFactory(account=account).pk,
        "run_id": SyncRun.objects.create(user=other_user, account=account).pk,
    }
    assert_error(call(api_client, method, path, ids), 404, "NOT_FOUND")
    application.refresh_from_db()
    assert application.company == "Theirs" and application.deleted_at is None
    assert not application.events.exists()
