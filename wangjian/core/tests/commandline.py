"""Run ``wangjian`` as a separate process on a checkout nobody has migrated, for every app's
command-line tests."""

import os
import subprocess
import sys

LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")


def run_without_database(
    directory, *arguments: str, locale: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """``python -m wangjian ARGUMENTS`` with its base directory and SQLite file in ``directory``.

    The database file does not exist beforehand, so the command meets a database without
    tables. ``locale`` sets the POSIX locale variables (none are inherited).
    """
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("WANGJIAN_") and key not in LOCALE_VARIABLES
    }
    environment |= {
        "WANGJIAN_DEBUG": "1",
        "WANGJIAN_BASE_DIR": str(directory),
        "WANGJIAN_DATABASE_URL": f"sqlite:///{directory}/never-migrated.sqlite3",
    }
    environment |= locale or {}
    return subprocess.run(
        [sys.executable, "-m", "wangjian", *arguments],
        capture_output=True,
        text=True,
        env=environment,
        cwd=directory,
        check=False,
        timeout=120,
    )
