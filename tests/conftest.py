"""Shared fixtures: users, signed-in clients, query counting."""

from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 at full strength costs ~0.3 s per login; tests check behaviour, not hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def client_for(db) -> Callable[..., Client]:
    """A test client signed in as the given user; htmx=True sends HX-Request on every call."""

    def make(user, *, htmx: bool = False, enforce_csrf_checks: bool = False) -> Client:
        headers = {"HX-Request": "true"} if htmx else {}
        client = Client(enforce_csrf_checks=enforce_csrf_checks, headers=headers)
        client.force_login(user)
        return client

    return make


@pytest.fixture
def user_client(user, client_for) -> Client:
    return client_for(user)


@pytest.fixture
def htmx_client(user, client_for) -> Client:
    return client_for(user, htmx=True)
