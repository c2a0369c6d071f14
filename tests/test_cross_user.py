"""Another user's object id gives 404 on every URL that takes one.

The test walks the whole URL conf, so a URL added later is swept without anyone editing this
file. User A owns one row with the same primary key in every per-user model; user B asks
for each URL with that id and must get 404 (or 405 for a method the view does not take).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.test import Client
from django.utils import timezone

from tests.factories import UserFactory
from tests.orbit.urlconf import OBJECT_ID, endpoints

pytestmark = pytest.mark.django_db

# Staff-only screens: user B is not staff, so these never reach an object lookup.
SKIPPED_PREFIXES = ("admin/",)


def _user_models() -> list[type[models.Model]]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is user_model and field.name == "user":
                found.append(model)
                break
    return found


def _value_for(field: models.Field, owner, built: dict):
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.ForeignKey | models.OneToOneField):
        related = field.related_model
        if related is type(owner):
            return owner
        if related in built:
            return built[related]
        existing = related.objects.first()
        if existing is None:
            raise LookupError(f"needs a {related.__name__} first")
        return existing
    if isinstance(field, models.EmailField):
        return f"sweep-{field.name}@example.com"
    if isinstance(field, models.GenericIPAddressField):
        return "127.0.0.1"
    if isinstance(field, models.CharField | models.TextField):
        return f"sweep-{field.name}"[: field.max_length or 100]
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.IntegerField | models.FloatField | models.DecimalField):
        return 1
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return timezone.localdate() - dt.timedelta(days=1)
    if isinstance(field, models.JSONField):
        return {}
    raise LookupError(f"no value for {type(field).__name__} {field.name}")


def _build(model: type[models.Model], owner, built: dict) -> models.Model:
    values = {"pk": OBJECT_ID}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.generated:
            continue
        if field.name == "user":
            values[field.name] = owner
        elif (
            field.has_default()
            or field.null
            or getattr(field, "auto_now_add", False)
            or getattr(field, "auto_now", False)
        ):
            continue
        else:
            values[field.name] = _value_for(field, owner, built)
    with transaction.atomic():
        return model.objects.create(**values)


def _create_rows_for(owner) -> tuple[dict, dict]:
    """One row with pk OBJECT_ID in every model that has a user, dependencies first."""
    built: dict[type[models.Model], models.Model] = {}
    failures: dict[str, str] = {}
    pending = _user_models()
    while pending:
        progressed = False
        for model in list(pending):
            try:
                built[model] = _build(model, owner, built)
            except (LookupError, IntegrityError, ValueError) as error:
                failures[model._meta.label] = str(error)
                continue
            failures.pop(model._meta.label, None)
            pending.remove(model)
            progressed = True
        if not progressed:
            break
    return built, failures


def _swept_endpoints():
    for endpoint in endpoints():
        if endpoint.int_kwargs and not endpoint.route.startswith(SKIPPED_PREFIXES):
            yield endpoint


def test_every_object_url_gives_404_to_another_user():
    owner, intruder = UserFactory(), UserFactory()
    built, failures = _create_rows_for(owner)
    # The models the project's own views serve must all be constructible here.
    for label in [
        "applications.Application",
        "applications.Tag",
        "applications.Event",
        "orbit.SessionRecord",
        "mail_sync.GmailAccount",
        "mail_sync.Message",
        "mail_sync.SyncRun",
        "mail_sync.Suggestion",
    ]:
        assert apps.get_model(label) in built, f"could not build {label}: {failures.get(label)}"

    intruder_client = Client()
    intruder_client.force_login(intruder)
    problems: list[str] = []
    swept = []
    for endpoint in _swept_endpoints():
        url = endpoint.url()
        if url is None:
            problems.append(f"{endpoint.route}: cannot build a URL to sweep it")
            continue
        swept.append((endpoint, url))
        statuses = {
            "GET": intruder_client.get(url).status_code,
            "POST": intruder_client.post(url, {}).status_code,
        }
        if any(status not in {404, 405} for status in statuses.values()) or 404 not in (
            statuses.values()
        ):
            problems.append(f"{url} ({endpoint.name}) as another user: {statuses}")
    assert not problems, "\n".join(problems)
    assert len(swept) >= 10, "the sweep found suspiciously few object URLs"

    # Not vacuous: the owner reaches every object URL that answers GET.
    owner_client = Client()
    owner_client.force_login(owner)
    missing = [
        f"{url} ({endpoint.name})"
        for endpoint, url in swept
        if owner_client.get(url).status_code == 404
    ]
    assert not missing, "the owner gets 404 too, so the sweep proves nothing:\n" + "\n".join(
        missing
    )
