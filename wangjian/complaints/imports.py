"""Bulk import of 12315 exports (CSV or XLSX) with row-level errors.

Columns are the Chinese headers of the export (``COLUMNS``). A row that breaks a rule is
rejected with (row, column, value, rule, message) and the others are committed; the import is
idempotent because each row's 登记编号 becomes the record's ``external_id`` (channel
``import_12315``), so importing the same file again adds nothing.

The file is read within the import limits (``wangjian.core.uploads``: size, rows, columns, an
XLSX's uncompressed size and compression ratio checked before it is opened); CSV may be UTF-8
or GB18030. The whole batch is one transaction: a failure leaves no half-written batch. The
writes are the action ``complaints.actions.imports.import_12315``; this module reads and checks
the file and decides whether it is imported at once or as a job (``receive_import``).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from wangjian.complaints.actions import ComplaintError, IntakeData
from wangjian.complaints.choices import AdPublisher, PurchaseChannel
from wangjian.complaints.models import ImportBatch
from wangjian.core.uploads import (
    CONTROL_CHARACTERS,
    ImportLimits,
    cell_problem,
    csv_rows,
    import_limits,
    xlsx_rows,
)

COLUMNS = {
    "登记编号": "external_id",
    "类型": "kind",
    "收到日期": "received_on",
    "投诉人姓名": "complainant_name",
    "联系电话": "complainant_phone",
    "联系地址": "complainant_address",
    "被投诉人名称": "respondent_name",
    "统一社会信用代码": "respondent_uscc",
    "被投诉人地址": "respondent_address",
    "店铺网址": "shop_url",
    "平台名称": "platform_name",
    "购买渠道": "purchase_channel",
    "商品类别": "category",
    "问题类型": "issue",
    "事实与理由": "facts",
    "诉求": "request",
    "涉及金额": "amount",
    "违法广告": "advertisement",
    "广告发布者": "ad_publisher",
    "广告发布者名称": "ad_publisher_name",
    "广告发布者统一社会信用代码": "ad_publisher_uscc",
}
# The export's short labels, the full labels and the API values all name a publisher.
AD_PUBLISHERS = {
    "自行发布": AdPublisher.ADVERTISER,
    "平台发布": AdPublisher.PLATFORM,
    "其他": AdPublisher.OTHER,
    **{label: value for value, label in AdPublisher.choices},
    **{value: value for value in AdPublisher.values},
}
# Columns that pass through as text; the others are parsed above.
TEXT_FIELDS = set(COLUMNS.values()) - {
    "kind",
    "received_on",
    "amount",
    "purchase_channel",
    "advertisement",
    "ad_publisher",
}
YES = {"是", "y", "yes", "true", "1"}
NO = {"", "否", "n", "no", "false", "0"}
REQUIRED = ("登记编号", "类型", "收到日期", "被投诉人名称", "事实与理由")
KINDS = {"投诉": ("complaint",), "举报": ("report",), "投诉举报": ("complaint", "report")}
CHANNELS = {label: value for value, label in PurchaseChannel.choices} | {
    value: value for value in PurchaseChannel.values
}
# Complaint.amount is DecimalField(max_digits=12, decimal_places=2): 10 digits before the point.
AMOUNT_LIMIT = Decimal("10000000000")
# 12315 went online in 1999; an earlier "received" date is a typing error, as is a future one.
EARLIEST_RECEIVED_ON = dt.date(1999, 1, 1)


@dataclass
class RowError:
    row: int
    column: str
    value: str
    rule: str
    message: str


def read_rows(content: bytes, file_name: str, limits: ImportLimits | None = None) -> list[dict]:
    """The data rows as ``{header: value}``; raise ``FileRefused`` for a file over the limits,
    a non-zip XLSX or text that is neither UTF-8 nor GB18030."""
    limits = limits or ImportLimits()
    if file_name.lower().endswith(".xlsx"):
        rows = xlsx_rows(file_name, content, limits)
    else:
        rows = csv_rows(file_name, content, limits)
    first = next(rows, None)
    if not first:
        return []
    header = [str(cell or "").strip() for cell in first]
    return [
        {header[i]: ("" if cell is None else cell) for i, cell in enumerate(row) if i < len(header)}
        for row in rows
        if any(cell not in (None, "") for cell in row)
    ]


def _text(value) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value if value is not None else "").strip()


def shown_value(value) -> str:
    """A cell as it may be stored and printed in an error: control characters escaped, at most
    300 characters (``ImportRowError.value``)."""
    text = CONTROL_CHARACTERS.sub(lambda m: f"\\x{ord(m.group()):02x}", _text(value)[:300])
    return text if len(text) <= 300 else text[:297] + "..."


def parse_row(
    number: int, row: dict, limits: ImportLimits | None = None, today: dt.date | None = None
) -> tuple[IntakeData | None, dt.date | None, list[RowError]]:
    errors = []
    limits = limits or ImportLimits()
    today = today or timezone.localdate()

    def error(column, rule, zh, en):
        label = shown_value(column)  # a header is file content too
        errors.append(
            RowError(
                number,
                label,
                shown_value(row.get(column)),
                rule,
                f"第{number}行 {label}：{zh} / row {number} {label}: {en}",
            )
        )

    for column, value in row.items():
        refused = cell_problem(_text(value), limits)
        if refused is not None:
            error(column, *refused)
    if errors:
        # A cell that cannot be stored is not checked further.
        return None, None, errors

    for column in REQUIRED:
        if not _text(row.get(column)):
            error(column, "required", "必填", "required")
    kinds = KINDS.get(_text(row.get("类型")))
    if _text(row.get("类型")) and kinds is None:
        error("类型", "choice", "应为投诉、举报或投诉举报", "must be 投诉, 举报 or 投诉举报")
    received_on = None
    if _text(row.get("收到日期")):
        try:
            received_on = dt.date.fromisoformat(_text(row.get("收到日期"))[:10])
        except ValueError:
            error("收到日期", "date", "日期格式应为YYYY-MM-DD", "date must be YYYY-MM-DD")
        else:
            if not EARLIEST_RECEIVED_ON <= received_on <= today:
                error(
                    "收到日期",
                    "date_range",
                    f"日期应在 {EARLIEST_RECEIVED_ON} 至今天（{today}）之间",
                    f"date must be between {EARLIEST_RECEIVED_ON} and today ({today})",
                )
                received_on = None
    channel = _text(row.get("购买渠道")) or PurchaseChannel.PLATFORM
    if channel not in CHANNELS:
        error("购买渠道", "choice", "无效购买渠道", "unknown purchase channel")
    amount = None
    if _text(row.get("涉及金额")):
        try:
            amount = Decimal(_text(row.get("涉及金额")).replace(",", ""))
        except InvalidOperation:
            error("涉及金额", "number", "应为数字", "must be a number")
        else:
            if (
                not amount.is_finite()
                or amount < 0
                or amount >= AMOUNT_LIMIT
                or amount != amount.quantize(Decimal("0.01"), rounding="ROUND_DOWN")
            ):
                error(
                    "涉及金额",
                    "amount",
                    "应为 0 至 9999999999.99 元、至多两位小数的金额",
                    "must be an amount from 0 to 9999999999.99 yuan with at most 2 decimals",
                )
                amount = None
    advertisement = _text(row.get("违法广告")).lower()
    if advertisement not in YES | NO:
        error("违法广告", "choice", "应为是或否", "must be 是 or 否")
    publisher = _text(row.get("广告发布者"))
    if publisher and publisher not in AD_PUBLISHERS:
        error(
            "广告发布者",
            "choice",
            "应为自行发布、平台发布或其他",
            "must be 自行发布, 平台发布 or 其他",
        )
    if errors:
        return None, received_on, errors
    values = {
        field: _text(row.get(column)) for column, field in COLUMNS.items() if field in TEXT_FIELDS
    }
    data = IntakeData(
        kinds=kinds,
        purchase_channel=CHANNELS[channel],
        amount=amount,
        advertisement=advertisement in YES,
        ad_publisher=AD_PUBLISHERS.get(publisher, ""),
        **values,
    )
    return data, received_on, []


@dataclass
class ImportReceipt:
    """What an uploaded 12315 file led to: a batch imported now, or a job for a larger file."""

    batch: ImportBatch | None = None
    job: object = None


def receive_import(*, actor, content: bytes, file_name: str, division) -> ImportReceipt:
    """Import a small file at once; store a larger one and import it as a job.

    A file over the hard limits (size, an XLSX's uncompressed size or compression ratio) is
    refused here with ``FileRefused`` before anything is decompressed or stored.
    """
    from wangjian.complaints.jobs import store_import
    from wangjian.core.actions.jobs import start_job
    from wangjian.core.uploads import check_file_size, check_xlsx_archive

    if actor is None or not actor.has_capability("complaints.import"):
        raise ComplaintError("无导入权限 / not permitted to import", rule="capability")
    limits = import_limits()
    small = len(content) <= limits.inline_max_bytes
    if file_name.lower().endswith(".xlsx"):
        expanded = check_xlsx_archive(file_name, content, limits)
        small = small and expanded <= limits.inline_max_uncompressed_bytes
    else:
        check_file_size(file_name, content, limits)
    if small:
        from wangjian.complaints.actions.imports import import_12315

        return ImportReceipt(
            batch=import_12315(actor=actor, content=content, file_name=file_name, division=division)
        )
    path = store_import(content, file_name)
    job = start_job(
        actor=actor,
        kind="complaints.import_12315",
        title=f"导入12315文件 {file_name[-100:]}",
        parameters={"path": str(path), "file_name": file_name[-255:]},
        division=division,
    )
    return ImportReceipt(job=job)
