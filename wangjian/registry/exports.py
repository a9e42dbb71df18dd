"""XLSX exports of the registry's lists (the same columns in the UI and the API)."""

from wangjian.core.spreadsheets import xlsx_bytes

ENTITY_HEADERS = (
    "统一社会信用代码",
    "名称",
    "主体类型",
    "法定代表人",
    "住所",
    "所在区划",
    "成立日期",
    "登记状态",
)


def entity_rows(queryset):
    return (
        (
            entity.uscc,
            entity.name,
            entity.get_entity_type_display(),
            entity.legal_representative,
            entity.registered_address,
            entity.division.name if entity.division else "",
            entity.established_on,
            entity.get_status_display(),
        )
        for entity in queryset.select_related("division").iterator(chunk_size=2000)
    )


def entities_xlsx(queryset) -> bytes:
    return xlsx_bytes("市场主体", ENTITY_HEADERS, entity_rows(queryset))
