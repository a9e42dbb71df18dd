"""一公开 export: published results as CSV (UTF-8 with BOM so spreadsheet programs read it)."""

import io

from wangjian.core.spreadsheets import csv_writer


def published_results_csv(results) -> bytes:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(
        [
            "统一社会信用代码",
            "市场主体名称",
            "抽查计划",
            "抽查事项",
            "检查结果",
            "检查结束日期",
            "公示日期",
            "执法检查人员",
        ]
    )
    for result in results:
        task = result.task
        writer.writerow(
            [
                task.entity.uscc,
                task.entity.name,
                task.plan.title,
                "；".join(item.name for item in task.plan.items.all()),
                result.outcome_label,
                result.result_on.isoformat(),
                result.published_on.isoformat(),
                "、".join(i.name for i in task.inspectors.all()),
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
