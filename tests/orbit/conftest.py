"""Fixtures for the accounts, admin and operations tests."""

import os

import pytest
from django.core.cache import caches
from django.test import override_settings

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3")


@pytest.fixture
def redis_cache():
    """Point the default cache (and so django-ratelimit) at Redis, empty before and after."""
    redis = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "orbit-test-ops",
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
    with override_settings(CACHES=redis):
        caches["default"].clear()
        yield caches["default"]
        caches["default"].clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 at full strength makes every login and factory user cost ~0.3 s on a busy box.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
