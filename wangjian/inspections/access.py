"""Detail lookups for inspection pages: one 404 for missing, forbidden and out of scope."""

from wangjian.core.access import get_visible_or_404
from wangjian.inspections.models import InspectionPlan, InspectionResult, InspectionTask


def get_plan_for(user, plan_id) -> InspectionPlan:
    return get_visible_or_404(InspectionPlan.objects, user, "inspections.view", pk=plan_id)


def get_task_for(user, task_id) -> InspectionTask:
    return get_visible_or_404(InspectionTask.objects, user, "inspections.view", pk=task_id)


def get_result_for(user, result_id) -> InspectionResult:
    return get_visible_or_404(InspectionResult.objects, user, "inspections.view", pk=result_id)
