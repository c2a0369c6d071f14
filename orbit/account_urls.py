"""Orbit's own account pages (sessions, rate-limited login/signup) ahead of allauth's."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
