"""Private files at start-up: ``var/`` (database, media, evidence, the env file) is created
0700 and the SQLite database 0600, whatever the umask, since they hold personal data and
sessions. No Django here: settings call it before Django is configured."""

import contextlib
import os
import stat
from pathlib import Path


def private_dir(path: Path) -> None:
    """Create ``path`` (and missing parents) readable by the owner only; an existing directory
    is left as the administrator set it (a web server may read ``var/static``)."""
    path = Path(path)
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    for created in missing:
        created.chmod(0o700)


def private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if missing; take group and other permissions off an
    existing one we own (SQLite gives its -wal and -shm files the database file's mode)."""
    path = Path(path)
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(descriptor)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        # Not ours to change (another owner): left as it is.
        with contextlib.suppress(PermissionError):
            path.chmod(mode & 0o700)
