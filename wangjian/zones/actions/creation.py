"""Creation (创建, 第二十二条): tasks, progress reports, guidance and applying for acceptance."""

import datetime as dt

from wangjian.core.audit import record_event
from wangjian.zones.actions.common import (
    _missing,
    _transition,
    require_applicant,
    require_city_bureau,
    step_transaction,
)
from wangjian.zones.lifecycle import ZoneStepRefused, check_step
from wangjian.zones.models import CreationTask, Guidance, TaskProgressReport, ZoneApplication
from wangjian.zones.programmes import article_label

# ---------------------------------------------------------------------------------------------
# Creation (第二十二条)


def add_creation_task(
    *,
    actor,
    application,
    group: str,
    number: int,
    title: str,
    owner_department: str,
    due_on: dt.date,
    description: str = "",
) -> CreationTask:
    step = check_step("add_task", application, actor)
    require_applicant(actor, application)
    if application.tasks.filter(number=number).exists():
        raise ZoneStepRefused(
            "duplicate_task",
            f"{application}:任务序号 {number} 已存在",
            f"{application}: task number {number} already exists",
        )
    if due_on > application.creation_deadline:
        raise ZoneStepRefused(
            "task_after_deadline",
            f"{application}:任务 {number} 的完成期限 {due_on} 晚于创建期限 "
            f"{application.creation_deadline}(第二十三条)",
            f"{application}: task {number} is due {due_on}, after the creation deadline "
            f"{application.creation_deadline} (article 23)",
        )
    with step_transaction(application, step):
        task = CreationTask.objects.create(
            application=application,
            group=group,
            number=number,
            title=title,
            description=description,
            owner_department=owner_department,
            due_on=due_on,
        )
        record_event(
            actor=actor,
            event_type="zones.task_added",
            target=task,
            division=application.division,
            after={
                "number": number,
                "title": title,
                "owner": owner_department,
                "due_on": str(due_on),
            },
        )
    return task


def report_task_progress(
    *, actor, task, on: dt.date, progress_percent: int, text: str, supporting_material: str = ""
) -> TaskProgressReport:
    application = task.application
    step = check_step("report_progress", application, actor)
    require_applicant(actor, application)
    if not 0 <= progress_percent <= 100:
        raise ZoneStepRefused(
            "bad_progress",
            f"{task}:进度须在 0 至 100 之间,收到 {progress_percent}",
            f"{task}: progress must lie between 0 and 100, got {progress_percent}",
        )
    with step_transaction(application, step):
        report = TaskProgressReport.objects.create(
            task=task,
            reported_on=on,
            progress_percent=progress_percent,
            text=text,
            supporting_material=supporting_material,
            reported_by=actor,
        )
        before = task.progress_percent
        task.progress_percent = progress_percent
        task.save(update_fields=["progress_percent"])
        record_event(
            actor=actor,
            event_type="zones.task_progress_reported",
            target=task,
            division=application.division,
            before={"progress": before},
            after={"progress": progress_percent, "on": str(on)},
        )
    return report


def give_guidance(*, actor, application, on: dt.date, text: str) -> Guidance:
    """The city-level bureau's guidance during creation (第二十二条)."""
    step = check_step("give_guidance", application, actor)
    require_city_bureau(actor, application)
    with step_transaction(application, step):
        guidance = Guidance.objects.create(
            application=application, given_on=on, text=text, given_by=actor
        )
        record_event(
            actor=actor,
            event_type="zones.guidance_given",
            target=application,
            division=application.division,
            after={"on": str(on), "text": text},
        )
    return guidance


def apply_for_acceptance(*, actor, application, on: dt.date, materials: dict) -> ZoneApplication:
    """验收申请 with the materials of 第二十四条, only within the creation period (第二十三条)."""
    step = check_step("apply_acceptance", application, actor)
    require_applicant(actor, application)
    if on > application.creation_deadline:
        raise ZoneStepRefused(
            "creation_period_over",
            f"{application}:创建期限已于 {application.creation_deadline} 届满,不能再申请验收"
            f"(第二十三条)",
            f"{application}: the creation period ended on {application.creation_deadline}; "
            "acceptance can no longer be applied for (article 23)",
        )
    rule = application.programme.rule("acceptance_materials")
    _missing(application, rule["value"], materials, "验收材料", article_label(rule["article"]))
    with step_transaction(application, step):
        _transition(
            application,
            step,
            actor=actor,
            on=on,
            details={"materials": sorted(materials)},
            acceptance_applied_on=on,
            acceptance_materials=materials,
        )
    return application
