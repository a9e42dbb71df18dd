"""Field photos and attachments of a 行政检查 sealed into the custody log: the inspections app
keeps the file and calls this sealer (``core.file_seals.seal_file``) in its transaction, so
the file's SHA-256 sits in the same verifiable log as captured web pages."""

from wangjian.evidence import custody


def seal_field_file(entry: dict, *, actor) -> int:
    """Append the file's seal entry; return its position in the log."""
    return custody.append_entry(entry, actor=actor).index
