"""Helpers shared by the list, bulk, trash and CSV tests."""

import re

from django.http import HttpResponse
from django.utils import timezone

from applications.models import Application
from tests.factories import ApplicationFactory, TagFactory

LIST_URL = "/applications/"
TRASH_URL = "/applications/trash/"
BULK_URL = "/applications/bulk/"
IMPORT_URL = "/applications/import/"
EXPORT_URL = "/applications/export.csv"


def htmx(target: str) -> dict[str, str]:
    """Headers of an htmx request aimed at the given DOM id."""
    return {"HX-Request": "true", "HX-Target": target}


def row_ids(response: HttpResponse) -> list[int]:
    """The application ids of the list rows, in the order shown."""
    return [int(pk) for pk in re.findall(r'id="application-(\d+)"', response.content.decode())]


def trash_ids(response: HttpResponse) -> list[int]:
    return [int(pk) for pk in re.findall(r'id="trashed-(\d+)"', response.content.decode())]


def make_tagged(user, count: int, *, tags_per_row: int = 2, **fields) -> list[Application]:
    """Applications with tags, so a missing prefetch would show as extra queries."""
    tags = [TagFactory(user=user) for _ in range(tags_per_row)]
    applications = ApplicationFactory.create_batch(count, user=user, **fields)
    for application in applications:
        application.tags.set(tags)
    return applications


def trashed(user, count: int, **fields) -> list[Application]:
    return make_tagged(user, count, deleted_at=timezone.now(), **fields)
