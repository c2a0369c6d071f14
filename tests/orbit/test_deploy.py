"""`manage.py check --deploy` is clean with production variables set."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_check_deploy_is_clean_with_production_environment():
    """A fresh process with DEBUG=0 and real secrets passes every deploy check at WARNING."""
    db = connection.settings_dict
    host = db["HOST"] or "127.0.0.1"
    if host.startswith("/"):  # the embedded server listens on a Unix socket directory
        database_url = f"postgres://{db['USER']}@/{db['NAME']}?host={host}"
    else:
        database_url = f"postgres://{db['USER']}@{host}:{db['PORT'] or 5432}/{db['NAME']}"
    # Browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; production never has it.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DEBUG": "0",
        "TESTING": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "orbit.example.com",
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"),
    }
    if db.get("PASSWORD"):
        env["DATABASE_URL"] = env["DATABASE_URL"].replace(
            f"{db['USER']}@", f"{db['USER']}:{db['PASSWORD']}@"
        )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _settings_read_from_environment() -> set[str]:
    import re

    names: set[str] = set()
    for path in [BASE_DIR / "orbit" / "settings.py", BASE_DIR / "orbit" / "db.py"]:
        source = path.read_text()
        names |= set(re.findall(r'os\.environ\.get\(\s*"([A-Z0-9_]+)"', source))
        names |= set(re.findall(r'env_(?:bool|list)\(\s*"([A-Z0-9_]+)"', source))
    return names - {"XDG_RUNTIME_DIR"}


def test_env_example_lists_every_setting():
    """Every variable settings.py reads is documented in .env.example."""
    documented = {
        line.split("=", 1)[0].strip()
        for line in (BASE_DIR / ".env.example").read_text().splitlines()
        if "=" in line and not line.lstrip().startswith("#")
    }
    missing = _settings_read_from_environment() - documented
    assert not missing, f"add these to .env.example: {sorted(missing)}"


@pytest.mark.django_db
def test_health_is_not_redirected_to_https(client, settings):
    """The container health check speaks plain HTTP even with SSL redirects on."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health").status_code == 200
    assert client.get("/accounts/login/").status_code == 301
