"""Shared set-up for benchmarks: a throw-away database (SQLite file or PostgreSQL) per run."""

import os
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def setup_database(label: str) -> str:
    """Point Django at a fresh database and migrate it; return a description of it."""
    url = os.environ.get("WANGJIAN_BENCH_DATABASE_URL")
    if url is None:
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
    return url.split("://")[0]


@contextmanager
def timed(results: dict, name: str):
    start = time.perf_counter()
    yield
    results[name] = time.perf_counter() - start
