"""证据材料 files: what is accepted, how its type is detected, and where it is stored.

Accepted types are detected from the file's first bytes (magic numbers), never from its name or
the browser's declared type: an ``.exe`` renamed ``.jpg`` is still an executable, and the type
stored here is the one the download is served with.

Files are content-addressed: ``MEDIA_ROOT/complaints/attachments/ab/cd/<sha256>``. A file is
written (to a temporary name, then renamed) before the row that points at it is inserted and is
never deleted, so a rolled-back transaction can leave an unreferenced file behind (harmless: the
next upload of the same bytes reuses it) but never a row pointing at a missing file.
"""

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

# House limits, not statutory (暂行办法 sets none). 10 MB holds a phone photo, a short screen
# recording or a scanned multi-page receipt; 9 files is the nine-picture grid consumers know from
# social apps. They bound what one party can make the bureau store per record: the limit is
# counted per record and per source, so the respondent cannot use up the complainant's share.
MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 9
MAX_NAME_LENGTH = 255

STORAGE_PARTS = ("complaints", "attachments")
SHA256_PATTERN = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class FileType:
    content_type: str
    label: str


JPEG = FileType("image/jpeg", "JPEG")
PNG = FileType("image/png", "PNG")
PDF = FileType("application/pdf", "PDF")
WEBP = FileType("image/webp", "WebP")
MP4 = FileType("video/mp4", "MP4")
ACCEPTED_TYPES = (JPEG, PNG, PDF, WEBP, MP4)

# ISO base media files share the ``ftyp`` box with QuickTime, HEIF and 3GP; only these major
# brands are MP4 proper (ISO/IEC 14496-12/-14/-15 and DASH).
MP4_BRANDS = frozenset(
    {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash"}
)


def detect_type(content: bytes) -> FileType | None:
    """The accepted type ``content`` is, by its leading bytes; None for anything else."""
    if content[:3] == b"\xff\xd8\xff":
        return JPEG
    # The signature is followed by the IHDR chunk, which a PNG must start with.
    if content[:8] == b"\x89PNG\r\n\x1a\n" and content[12:16] == b"IHDR":
        return PNG
    if re.match(rb"%PDF-\d\.\d", content[:8]):
        return PDF
    if (
        content[:4] == b"RIFF"
        and content[8:12] == b"WEBP"
        and content[12:16] in (b"VP8 ", b"VP8L", b"VP8X")
    ):
        return WEBP
    if (
        len(content) >= 16
        and content[4:8] == b"ftyp"
        and int.from_bytes(content[:4], "big") >= 16
        and content[8:12] in MP4_BRANDS
    ):
        return MP4
    return None


def accepted_labels(separator: str) -> str:
    return separator.join(kind.label for kind in ACCEPTED_TYPES)


def clean_name(name: str) -> str:
    """The file name as shown: no directories (some browsers send a full path), no control
    characters, at most 255 characters keeping the extension."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, suffix = name.rpartition(".")
        if dot and 0 < len(suffix) <= 10:
            name = stem[: MAX_NAME_LENGTH - len(suffix) - 1] + "." + suffix
        else:
            name = name[:MAX_NAME_LENGTH]
    return name or "未命名"


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def relative_path(sha256: str) -> str:
    if not SHA256_PATTERN.match(sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return "/".join((*STORAGE_PARTS, sha256[:2], sha256[2:4], sha256))


def absolute_path(relative: str) -> Path:
    return Path(settings.MEDIA_ROOT).joinpath(*relative.split("/"))


def store(content: bytes, sha256: str) -> str:
    """Write ``content`` under its hash (once) and return the path relative to MEDIA_ROOT.

    The rename is atomic, so a reader never sees a half-written file under the final name.
    """
    relative = relative_path(sha256)
    target = absolute_path(relative)
    if target.is_file() and target.stat().st_size == len(content):
        return relative
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return relative


class AttachmentIntegrityError(RuntimeError):
    """A stored file no longer matches the SHA-256 recorded when it was received."""


def read(attachment) -> bytes:
    """The stored bytes of ``attachment``, checked against its recorded SHA-256."""
    content = absolute_path(attachment.storage_path).read_bytes()
    if sha256_of(content) != attachment.sha256:
        raise AttachmentIntegrityError(
            f"证据材料 {attachment.pk} 的文件与登记的SHA-256不符 / evidence file "
            f"{attachment.pk} does not match its recorded SHA-256"
        )
    return content
