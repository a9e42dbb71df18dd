"""Limits every import applies before and while it reads an uploaded file.

A spreadsheet is a zip archive: a 2.7 MB XLSX can expand to a 695 MB sheet, and a reader that
trusts it spends minutes and gigabytes on it. So the archive's member sizes are checked before
openpyxl opens it (uncompressed total and compression ratio), the sheet is read in read-only
mode, and rows, columns and cells are counted as they stream. CSV text is decoded as UTF-8 or
GB18030 (the 12315 and platform exports of Chinese systems are often GBK), and NUL and control
characters are refused at the boundary. The limits are data (``IMPORT_LIMITS`` in settings
overrides any of them) with their reasons in docs/security-imports-and-fetching.md.
"""

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace

MiB = 1024 * 1024
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class ImportLimits:
    # An upload larger than this is refused outright (a half-yearly submission of a large
    # platform is a few MB; 12315 exports are smaller).
    max_file_bytes: int = 50 * MiB
    # The uncompressed size of all members of an XLSX archive.
    max_uncompressed_bytes: int = 200 * MiB
    # Real sheets compress about 5–20 times; a zip bomb hundreds or thousands of times.
    max_compression_ratio: int = 100
    # Members smaller than this are not ratio-checked (a tiny, highly compressible styles.xml).
    ratio_check_from_bytes: int = 1 * MiB
    max_archive_members: int = 1000
    max_rows: int = 200_000
    max_columns: int = 100
    # Excel's own cell limit.
    max_cell_chars: int = 32_767
    # Row errors stored and shown per import: the first N, then a count of the rest.
    max_error_rows: int = 1_000
    max_json_depth: int = 64
    # Above this size (or this uncompressed size for XLSX) an import runs as a job.
    inline_max_bytes: int = 256 * 1024
    inline_max_uncompressed_bytes: int = 4 * MiB


def import_limits() -> ImportLimits:
    """The deployment's limits: the defaults above with ``settings.IMPORT_LIMITS`` applied."""
    from django.conf import settings

    overrides = getattr(settings, "IMPORT_LIMITS", {}) or {}
    known = {f.name for f in fields(ImportLimits)}
    return replace(ImportLimits(), **{k: v for k, v in overrides.items() if k in known})


class FileRefused(ValueError):
    """The file as a whole is refused; the message names the file and the limit."""


def check_file_size(file_name: str, content: bytes, limits: ImportLimits) -> None:
    if len(content) > limits.max_file_bytes:
        raise FileRefused(
            f"文件 {file_name} 大小 {len(content)} 字节，超过上限 {limits.max_file_bytes} 字节 / "
            f"file {file_name} is {len(content)} bytes, over the {limits.max_file_bytes} limit"
        )


def check_xlsx_archive(file_name: str, content: bytes, limits: ImportLimits) -> int:
    """Check an XLSX's zip members before anything decompresses them; return the uncompressed
    total. Raise FileRefused for a non-zip file or one that would expand too far."""
    check_file_size(file_name, content, limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise FileRefused(
            f"文件 {file_name}：不是有效的 XLSX 文件（不是 zip 压缩包）/ file {file_name}: not a"
            " valid XLSX file (not a zip archive)"
        ) from error
    if len(members) > limits.max_archive_members:
        raise FileRefused(
            f"文件 {file_name}：压缩包内文件过多（{len(members)}）/ file {file_name}: too many"
            f" archive members ({len(members)})"
        )
    total = 0
    for member in members:
        total += member.file_size
        if total > limits.max_uncompressed_bytes:
            mib = limits.max_uncompressed_bytes // MiB
            raise FileRefused(
                f"文件 {file_name}：解压后超过 {mib} MB，拒绝读取 /"
                f" file {file_name}: expands beyond {mib} MB; refused"
            )
        if member.file_size >= limits.ratio_check_from_bytes:
            ratio = member.file_size / max(member.compress_size, 1)
            if ratio > limits.max_compression_ratio:
                raise FileRefused(
                    f"文件 {file_name}：{member.filename} 压缩比 {ratio:.0f}:1，超过"
                    f" {limits.max_compression_ratio}:1（疑似压缩炸弹），拒绝读取 /"
                    f" file {file_name}: {member.filename} compressed {ratio:.0f}:1, over"
                    f" {limits.max_compression_ratio}:1 (a zip bomb?); refused"
                )
    return total


def xlsx_rows(file_name: str, content: bytes, limits: ImportLimits) -> Iterator[tuple]:
    """The first sheet's rows as tuples of values (header first), streamed in read-only mode
    after the archive check, with the row and column limits applied as they come."""
    from openpyxl import load_workbook

    check_xlsx_archive(file_name, content, limits)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as error:  # openpyxl raises many unrelated types for a broken file
        raise FileRefused(
            f"文件 {file_name}：不是有效的 XLSX 文件 / file {file_name}: not a valid XLSX file"
        ) from error
    try:
        # The sheet's declared dimension is the file's word, not a fact: rows are taken as
        # they are, so a dimension of A1:XFD1048576 does not pad every row to 16,384 cells.
        sheet.reset_dimensions()
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            check_row_count(file_name, number, limits)
            if len(row) > limits.max_columns:
                row = _trim(row)
                if len(row) > limits.max_columns:
                    raise FileRefused(_too_many_columns(file_name, number, len(row), limits))
            yield row
    except FileRefused:
        raise
    except Exception as error:
        raise FileRefused(
            f"文件 {file_name}：XLSX 内容无法读取（{type(error).__name__}）/ file {file_name}:"
            f" the XLSX content cannot be read ({type(error).__name__})"
        ) from error
    finally:
        workbook.close()


def _trim(row: tuple) -> tuple:
    end = len(row)
    while end and row[end - 1] in (None, ""):
        end -= 1
    return row[:end]


def check_row_count(file_name: str, number: int, limits: ImportLimits) -> None:
    """``number`` counts the header as row 1."""
    if number > limits.max_rows + 1:
        raise FileRefused(
            f"文件 {file_name}：超过 {limits.max_rows} 行数据，请拆分后导入 /"
            f" file {file_name}: more than {limits.max_rows} data rows; split it"
        )


def _too_many_columns(file_name: str, number: int, count: int, limits: ImportLimits) -> str:
    return (
        f"文件 {file_name} 第 {number} 行有 {count} 列，超过上限 {limits.max_columns} / file"
        f" {file_name} row {number} has {count} columns, over the {limits.max_columns} limit"
    )


def decode_text(file_name: str, content: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK and GB2312)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRefused(
        f"文件 {file_name}：无法按 UTF-8 或 GB18030 解码 / file {file_name}: not UTF-8 or GB18030"
        " text"
    )


def csv_rows(file_name: str, content: bytes, limits: ImportLimits) -> Iterator[list[str]]:
    """CSV rows (header first) with the size, row and column limits; a broken record (a field
    over the csv module's 131,072-character limit, a stray quote) refuses the file, naming
    the line."""
    check_file_size(file_name, content, limits)
    reader = csv.reader(io.StringIO(decode_text(file_name, content), newline=""))
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise FileRefused(
                f"文件 {file_name} 第 {reader.line_num} 行无法读取（{error}；单个字段不得超过"
                f" {csv.field_size_limit()} 字符）/ file {file_name} line {reader.line_num}"
                f" cannot be read ({error})"
            ) from error
        number += 1
        check_row_count(file_name, number, limits)
        if len(row) > limits.max_columns:
            raise FileRefused(_too_many_columns(file_name, number, len(row), limits))
        yield row


def cell_problem(value: str, limits: ImportLimits) -> tuple[str, str, str] | None:
    """``(rule, zh, en)`` when a cell's text may not be stored, else None."""
    if len(value) > limits.max_cell_chars:
        return (
            "too_long",
            f"超过 {limits.max_cell_chars} 个字符（{len(value)}）",
            f"longer than {limits.max_cell_chars} characters ({len(value)})",
        )
    if CONTROL_CHARACTERS.search(value):
        return (
            "control_character",
            "含有空字符或控制字符",
            "contains a NUL byte or a control character",
        )
    return None


def json_depth(data, limit: int) -> int:
    """How deeply parsed JSON nests arrays and objects, counted iteratively (no recursion) and
    stopping past ``limit``."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if not isinstance(value, dict | list):
            continue
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                return deepest
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
    return deepest


def cell_text(value) -> str:
    """A spreadsheet or CSV cell as the text a person typed (dates ISO, 12.0 as 12)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def keyed_rows(header, records, aliases: dict[str, str], keys) -> tuple[list, list[str]]:
    """Map each ``(number, values)`` row to ``{key: text}`` by the header's aliases.

    Returns ``(rows, missing)``: the non-empty rows, and the ``keys`` marked required that no
    header cell names, so the caller can refuse the file in its own words.
    """
    columns = [aliases.get(cell_text(name)) for name in header]
    required, every_key = keys
    missing = [key for key in required if key not in columns]
    rows = []
    if missing:
        return rows, missing
    for number, values in records:
        row = dict.fromkeys(every_key, "")
        for key, value in zip(columns, values, strict=False):
            if key is not None:
                row[key] = cell_text(value)
        if any(row.values()):
            rows.append((number, row))
    return rows, missing


# Attachments kept as records (核查记录 and the like): typed by their first bytes, never by their
# name or the browser's declared type, hashed, and size-limited. 10 MB holds a phone photo or a
# scanned multi-page document (a house limit, not a statutory one).
MAX_ATTACHMENT_BYTES = 10 * MiB
ATTACHMENT_SIGNATURES = (
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"%PDF-", 0, "application/pdf"),
    (b"WEBP", 8, "image/webp"),
)


@dataclass(frozen=True)
class CheckedAttachment:
    name: str
    content: bytes
    content_type: str
    sha256: str


def check_attachment(
    file_name: str, content: bytes, *, max_bytes: int = MAX_ATTACHMENT_BYTES
) -> CheckedAttachment:
    """Accept a PDF, JPEG, PNG or WebP file of at most ``max_bytes``; raise FileRefused naming
    the file and the rule otherwise."""
    import hashlib

    from django.utils.translation import gettext

    name = (file_name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:200] or "file"
    if not content:
        raise FileRefused(gettext("附件“{name}”是空文件。").format(name=name))
    if len(content) > max_bytes:
        raise FileRefused(
            gettext("附件“{name}”大小 {size} 字节，超过上限 {limit} 字节。").format(
                name=name, size=len(content), limit=max_bytes
            )
        )
    for signature, offset, content_type in ATTACHMENT_SIGNATURES:
        if content[offset : offset + len(signature)] == signature:
            digest = hashlib.sha256(content).hexdigest()
            return CheckedAttachment(name, content, content_type, digest)
    raise FileRefused(
        gettext("附件“{name}”不是 PDF、JPEG、PNG 或 WebP 文件（按文件内容判断）。").format(
            name=name
        )
    )
