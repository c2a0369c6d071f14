"""plotly.js as production serves it: hashed, compressed and cached for good by WhiteNoise."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.analytics.histories import applied, days_ago

pytestmark = pytest.mark.django_db

A_YEAR = 365 * 24 * 3600


@pytest.fixture
def collected(settings, tmp_path):
    """The production static pipeline (Dockerfile): collectstatic into a fresh STATIC_ROOT."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    return tmp_path


def test_the_chart_script_is_served_compressed_and_cached_for_good(collected, client_for, user):
    """The dashboard names the hashed bundle; it comes gzipped with a year-long immutable cache."""
    applied(user, days_ago(3))
    html = client_for(user).get(reverse("analytics:dashboard")).content.decode()
    url = re.search(r'data-plotly-src="([^"]+)"', html).group(1)
    assert re.fullmatch(r"/static/vendor/plotly/plotly\.min\.[0-9a-f]{12}\.js", url)
    original = (collected / "vendor/plotly/plotly.min.js").stat().st_size
    # A fresh client loads the middleware, so WhiteNoise indexes the new STATIC_ROOT.
    response = Client().get(url, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert int(response["Content-Length"]) < original / 3
    assert "Accept-Encoding" in response["Vary"]
    cache_control = response["Cache-Control"]
    assert "immutable" in cache_control
    assert int(re.search(r"max-age=(\d+)", cache_control).group(1)) >= A_YEAR
    response.close()
    plain = Client().get(url)  # a client that cannot decompress still gets the file
    assert "Content-Encoding" not in plain and int(plain["Content-Length"]) == original
    plain.close()
