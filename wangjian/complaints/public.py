"""De-identified public complaint data (in the spirit of open complaint databases).

Only concluded complaints (not reports: 暂行办法 第三十三条 keeps reports confidential) are
published, and only fields that identify no person: no complainant, no contact, no free text
(facts and requests may name people), no receipt number (it is the lookup key); a respondent that
is a natural person or an unregistered operator is shown by its platform only.
"""

import hashlib
import io

from django.conf import settings

from wangjian.core.spreadsheets import csv_writer

COLUMNS = (
    ("public_id", "公开编号"),
    ("received_month", "收到月份"),
    ("respondent", "被投诉人"),
    ("respondent_uscc", "统一社会信用代码"),
    ("platform", "平台"),
    ("category", "商品或服务类别"),
    ("issue", "问题类型"),
    ("outcome", "办理结果"),
    ("decided_month", "办结月份"),
    ("handled_by", "处理部门"),
)


def public_id(complaint) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:public:{complaint.pk}".encode()).hexdigest()
    return digest[:12].upper()


def public_rows(queryset):
    rows = []
    query = (
        queryset.published()
        .select_related("respondent_entity", "platform", "division")
        .order_by("-decided_on", "-id")
    )
    for complaint in query.iterator():
        registered = complaint.respondent_entity is not None and complaint.respondent_entity.uscc[
            :1
        ] in ("9", "1", "5")
        entity = complaint.respondent_entity
        rows.append(
            {
                "public_id": public_id(complaint),
                "received_month": complaint.received_on.strftime("%Y-%m"),
                "respondent": entity.name if registered else "（未公开）",
                "respondent_uscc": entity.uscc if registered else "",
                "platform": complaint.platform.name if complaint.platform else "",
                "category": complaint.category,
                "issue": complaint.issue,
                "outcome": complaint.get_state_display(),
                "decided_month": complaint.decided_on.strftime("%Y-%m"),
                "handled_by": complaint.division.name,
            }
        )
    return rows


def public_csv(queryset) -> str:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow([label for _key, label in COLUMNS])
    for row in public_rows(queryset):
        writer.writerow([row[key] for key, _label in COLUMNS])
    return buffer.getvalue()
