"""Property-based run of the whole API against its own OpenAPI document (schemathesis).

Every operation gets generated requests, valid and invalid, sent through the real WSGI app
with a real token and real rows: no response may be a 5xx, and every response must match
the status codes, content type and body schema the document declares.
"""

import os
from dataclasses import dataclass

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.models import ApiToken
from applications.services import editing
from applications.status import Status
from mail_sync.models import SyncRun
from orbit.wsgi import application as wsgi_application
from tests.api.factories import GmailAccountFactory, MessageFactory
from tests.factories import ApplicationFactory, EventFactory, TagFactory, UserFactory

# Bounded so `make test` stays around a minute on a shared 2-core box; raise it for a deeper run:
# API_FUZZ_EXAMPLES=200 pytest tests/api/test_schemathesis.py
MAX_EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "15"))

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@dataclass
class Seeded:
    secret: str
    ids: dict[str, list[int]]


# Loaded at collection: the document needs no database, only the URL conf and schemas.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_application)
# The coverage phase (every boundary of every parameter) roughly doubles the run time, so
# `make test` runs examples and fuzzing only; API_FUZZ_COVERAGE=1 adds it for a deeper run.
schema.config.phases.coverage.enabled = os.environ.get("API_FUZZ_COVERAGE") == "1"


@pytest.fixture
def wsgi_in_test_transaction(db, settings):
    # Hundreds of requests from one token: the rate limit is tested elsewhere.
    settings.API_RATE_LIMIT = "100000/m"
    # Like Django's test client: a request must not close the test's transaction.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def seeded(wsgi_in_test_transaction) -> Seeded:
    user = UserFactory()
    tags = TagFactory.create_batch(3, user=user)
    applications = ApplicationFactory.create_batch(6, user=user)
    for application in applications:
        application.tags.set(tags[:2])
        EventFactory.create_batch(2, application=application)
    editing.create_application(user=user, company="Acme", role="Dev", status=Status.WISHLIST)
    account = GmailAccountFactory(user=user)
    messages = MessageFactory.create_batch(4, account=account, application=applications[0])
    run = SyncRun.objects.create(user=user, account=account, state=SyncRun.State.SUCCEEDED)
    _, secret = ApiToken.objects.issue(user=user, name="schemathesis")
    # Someone else's rows, so generated ids can land on a foreign row too.
    ApplicationFactory.create_batch(2, user=UserFactory())
    return Seeded(
        secret=secret,
        ids={
            "application_id": [a.pk for a in applications],
            "tag_id": [t.pk for t in tags],
            "email_id": [m.pk for m in messages],
            "run_id": [run.pk],
        },
    )


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case, seeded):
    # Even generated ids point at the user's real rows, so success paths get exercised too.
    for name, ids in seeded.ids.items():
        value = (case.path_parameters or {}).get(name)
        if isinstance(value, int) and value % 2 == 0:
            case.path_parameters[name] = ids[value % len(ids)]
    case.call_and_validate(headers={"Authorization": f"Bearer {seeded.secret}"}, checks=CHECKS)
