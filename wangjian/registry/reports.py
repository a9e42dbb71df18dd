"""Error reports of a submission (JSON and XLSX) and the XLSX exports of list views."""

import json

from wangjian.core.spreadsheets import xlsx_bytes
from wangjian.registry.submissions import COLUMN_BY_KEY

ERROR_HEADERS = ("行号 row", "列 column", "列名", "值 value", "规则 rule", "说明 message")


def error_rows(submission) -> list[dict]:
    return [
        {
            "row": error.row,
            "column": error.column,
            "column_zh": COLUMN_BY_KEY[error.column].zh if error.column in COLUMN_BY_KEY else "",
            "value": error.value,
            "rule": error.rule,
            "message": error.message,
        }
        for error in submission.errors.all()
    ]


def error_report_json(submission) -> bytes:
    report = {
        "submission": submission.pk,
        "platform": submission.platform.name,
        "period": submission.period,
        "file_name": submission.file_name,
        "rows_read": submission.rows_read,
        "rows_committed": submission.rows_committed,
        "rows_rejected": submission.rows_rejected,
        "errors": error_rows(submission),
    }
    return json.dumps(report, ensure_ascii=False, indent=2).encode("utf-8")


def error_report_xlsx(submission) -> bytes:
    rows = (
        (e["row"], e["column"], e["column_zh"], e["value"], e["rule"], e["message"])
        for e in error_rows(submission)
    )
    return xlsx_bytes("报送错误", ERROR_HEADERS, rows)
