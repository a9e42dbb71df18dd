"""Bulk import of 12315 exports (CSV or XLSX) with row-level errors.

Columns are the Chinese headers of the export (``COLUMNS``). A row that breaks a rule is
rejected with (row, column, value, rule, message) and the others are committed; the import is
idempotent because each row's 登记编号 becomes the record's ``external_id`` (channel
``import_12315``), so importing the same file again adds nothing.
"""

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction

from wangjian.complaints.actions import ComplaintError, IntakeData, file_submission
from wangjian.complaints.choices import AdPublisher, Channel, PurchaseChannel
from wangjian.complaints.models import Complaint, ImportBatch, ImportRowError
from wangjian.core.audit import record_event

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


@dataclass
class RowError:
    row: int
    column: str
    value: str
    rule: str
    message: str


def read_rows(content: bytes, file_name: str) -> list[dict]:
    if file_name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        values = list(sheet.iter_rows(values_only=True))
        if not values:
            return []
        header = [str(cell or "").strip() for cell in values[0]]
        return [
            {
                header[i]: ("" if cell is None else cell)
                for i, cell in enumerate(row)
                if i < len(header)
            }
            for row in values[1:]
            if any(cell not in (None, "") for cell in row)
        ]
    text = content.decode("utf-8-sig")
    return [dict(row) for row in csv.DictReader(io.StringIO(text))]


def _text(value) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value if value is not None else "").strip()


def parse_row(number: int, row: dict) -> tuple[IntakeData | None, dt.date | None, list[RowError]]:
    errors = []

    def error(column, rule, zh, en):
        errors.append(
            RowError(
                number,
                column,
                _text(row.get(column))[:300],
                rule,
                f"第{number}行 {column}：{zh} / row {number} {column}: {en}",
            )
        )

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
    channel = _text(row.get("购买渠道")) or PurchaseChannel.PLATFORM
    if channel not in CHANNELS:
        error("购买渠道", "choice", "无效购买渠道", "unknown purchase channel")
    amount = None
    if _text(row.get("涉及金额")):
        try:
            amount = Decimal(_text(row.get("涉及金额")))
        except InvalidOperation:
            error("涉及金额", "number", "应为数字", "must be a number")
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


def import_12315(*, actor, content: bytes, file_name: str, division) -> ImportBatch:
    """Import a 12315 export received by ``division``'s bureau; each row commits on its own."""
    if actor is None or not actor.has_capability("complaints.import"):
        raise ComplaintError("无导入权限 / not permitted to import", rule="capability")
    rows = read_rows(content, file_name)
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            division=division,
            file_name=file_name,
            content_hash=hashlib.sha256(content).hexdigest(),
            imported_by=actor,
            rows_read=len(rows),
        )
        record_event(
            actor=actor,
            event_type="complaints.import_started",
            target=batch,
            division=division,
            after={"file": file_name, "rows": len(rows)},
        )
    for number, row in enumerate(rows, start=2):
        data, received_on, errors = parse_row(number, row)
        if data is not None and Complaint.objects.filter(
            channel=Channel.IMPORT_12315, external_id=data.external_id
        ).count() >= len(data.kinds):
            batch.rows_skipped += 1
            continue
        if data is not None:
            try:
                file_submission(
                    actor=actor,
                    data=data,
                    channel=Channel.IMPORT_12315,
                    received_by=division,
                    received_on=received_on,
                )
                batch.rows_committed += 1
                continue
            except ComplaintError as refusal:
                errors = [
                    RowError(
                        number,
                        refusal.field or "",
                        _text(row.get(refusal.field or "", ""))[:300],
                        refusal.rule or "intake",
                        f"第{number}行：{refusal}",
                    )
                ]
        batch.rows_rejected += 1
        ImportRowError.objects.bulk_create(
            [
                ImportRowError(
                    batch=batch,
                    row=e.row,
                    column=e.column,
                    value=e.value,
                    rule=e.rule,
                    message=e.message,
                )
                for e in errors
            ]
        )
    with transaction.atomic():
        batch.save(update_fields=["rows_committed", "rows_skipped", "rows_rejected"])
        record_event(
            actor=actor,
            event_type="complaints.import_finished",
            target=batch,
            division=division,
            after={
                "committed": batch.rows_committed,
                "skipped": batch.rows_skipped,
                "rejected": batch.rows_rejected,
            },
        )
    return batch
