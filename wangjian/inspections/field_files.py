"""What a field photo or attachment may be: the type is read from the file's first bytes (magic
numbers), never from its name or the browser's word, so a renamed executable is refused."""

import re

# House limit, not statutory: a phone photo at full resolution is 3–8 MB.
MAX_BYTES = 10 * 1024 * 1024


def detect_type(content: bytes) -> str | None:
    """The accepted content type of ``content``, or None."""
    if content[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if content[:8] == b"\x89PNG\r\n\x1a\n" and content[12:16] == b"IHDR":
        return "image/png"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    if re.match(rb"%PDF-\d\.\d", content[:8]):
        return "application/pdf"
    return None
