"""Shared set-up for benchmarks: a throw-away database (SQLite file or PostgreSQL) per run."""

import os
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def setup_database(label: str) -> str:
    """Point Django at a fresh database and migrate it; return a description of it.

    ``WANGJIAN_DATABASE_URL`` (or ``WANGJIAN_BENCH_DATABASE_URL``) naming PostgreSQL runs the
    bench there, in a sibling database ``<name>_bench`` that is created if missing and emptied
    first, so the database the URL names is never touched. Otherwise: a new SQLite file.
    """
    url = os.environ.get("WANGJIAN_BENCH_DATABASE_URL") or os.environ.get("WANGJIAN_DATABASE_URL")
    if url and url.startswith("postgres"):
        url = _sibling_database(url)
    else:
        directory = tempfile.mkdtemp(prefix=f"wangjian-bench-{label}-")
        url = f"sqlite:///{directory}/bench.sqlite3"
    os.environ["WANGJIAN_DATABASE_URL"] = url
    os.environ.setdefault("WANGJIAN_ALLOW_INSECURE", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wangjian.config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    if url.startswith("postgres"):
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    if url.startswith("postgres"):
        return f"postgresql ({urlsplit(url).path.lstrip('/')})"
    return "sqlite"


def _sibling_database(url: str) -> str:
    """``…/name`` -> ``…/name_bench``, created on the same server when it does not exist."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    bench_name = name if name.endswith("_bench") else f"{name}_bench"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [bench_name]
        ).fetchone()
        if exists is None:
            connection.execute(f'CREATE DATABASE "{bench_name}"')
    return urlunsplit(parts._replace(path=f"/{bench_name}"))


@contextmanager
def timed(results: dict, name: str):
    start = time.perf_counter()
    yield
    results[name] = time.perf_counter() - start
