"""The case register (案件登记簿) as XLSX: one row per case visible to the user."""

from wangjian.registry.reports import xlsx_bytes

HEADERS = (
    "案源登记号",
    "立案号",
    "决定书文号",
    "状态",
    "案件来源",
    "当事人",
    "统一社会信用代码",
    "涉嫌违法行为",
    "发现日期",
    "立案日期",
    "办案期限",
    "处理结果",
    "罚款（元）",
    "决定日期",
    "送达日期",
    "公示日期",
    "结案日期",
    "承办人",
    "办案机关辖区",
)


def _date(value) -> str:
    return value.isoformat() if value else ""


def case_rows(queryset):
    cases = queryset.select_related("entity", "handler", "division").order_by("found_on", "pk")
    for case in cases.iterator(chunk_size=2000):
        yield (
            case.source_number,
            case.number,
            case.decision_number,
            case.get_state_display(),
            case.get_source_kind_display(),
            case.party_name,
            case.entity.uscc if case.entity_id else "",
            case.conduct,
            _date(case.found_on),
            _date(case.filed_on),
            _date(case.decision_due),
            case.get_outcome_display() if case.outcome else "",
            str(case.fine_amount) if case.fine_amount is not None else "",
            _date(case.decided_on),
            _date(case.served_on),
            _date(case.published_on),
            _date(case.closed_on),
            str(case.handler),
            case.division.name,
        )


def case_register_xlsx(queryset) -> bytes:
    return xlsx_bytes("案件登记簿", HEADERS, case_rows(queryset))
