"""XLSX export of submitted data-compliance self-assessments (one row per assessment and a
sheet of rectification items), for the district's own analysis."""

import io

from wangjian.core.spreadsheets import new_workbook, xlsx_cells

HEADERS = (
    "统一社会信用代码",
    "市场主体",
    "平台",
    "问卷版本",
    "状态",
    "提交日期",
    "得分",
    "已得分值",
    "可得分值",
    "差距项数",
)
PLAN_HEADERS = ("统一社会信用代码", "市场主体", "事项", "依据", "整改期限", "完成日期", "整改说明")


def assessments_xlsx(assessments) -> bytes:
    # Every cell through core.spreadsheets: notes and titles come from the respondent.
    book = new_workbook()
    sheet = book.create_sheet("自评估")
    sheet.append(xlsx_cells(sheet, HEADERS))
    plan = book.create_sheet("整改计划")
    plan.append(xlsx_cells(plan, PLAN_HEADERS))
    for a in assessments:
        sheet.append(
            xlsx_cells(
                sheet,
                [
                    a.entity.uscc,
                    a.entity.name,
                    a.platform.name if a.platform else "",
                    a.questionnaire_version,
                    a.get_state_display(),
                    a.submitted_on,
                    float(a.score) if a.score is not None else None,
                    float(a.earned or 0),
                    float(a.possible or 0),
                    len(a.gaps),
                ],
            )
        )
        for item in a.rectifications.all():
            plan.append(
                xlsx_cells(
                    plan,
                    [
                        a.entity.uscc,
                        a.entity.name,
                        item.title,
                        "；".join(item.basis),
                        item.due_on,
                        item.completed_on,
                        item.note,
                    ],
                )
            )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
