"""Inspection facts on the entity's profile timeline (registry ``@timeline_provider``): the
行政检查 of the entity with their outcome and follow-up, and the 监督抽查 results of samples it
sold or made. Read through ``visible_to``, for roles that see inspections."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangjian.registry.timeline import TimelineFact, timeline_provider

FIELD = _("行政检查")
SAMPLING = _("产品质量监督抽查")


@timeline_provider(60)
def inspection_facts(entity, user):
    from django.db.models import Q

    from wangjian.inspections.catalogue import sampling_labels
    from wangjian.inspections.models import FieldInspection, Sample

    if user.has_capability("inspections.field"):
        inspections = FieldInspection.objects.visible_to(user).filter(
            entity=entity, concluded_on__isnull=False
        )
        for inspection in inspections.order_by("-concluded_on")[:50]:
            follow_up = ""
            if inspection.rectify_due_on:
                follow_up = f"，改正期限 {inspection.rectify_due_on:%Y-%m-%d}"
            if inspection.case_number:
                follow_up += f"，立案 {inspection.case_number}"
            yield TimelineFact(
                inspection.concluded_on,
                "inspections.field",
                f"行政检查（{inspection.source_label[:40]}）：{inspection.outcome_label}{follow_up}",
                str(FIELD),
                reverse("inspections:field-detail", args=[inspection.pk]),
            )
    if user.has_capability("inspections.sampling"):
        labels = sampling_labels("conclusions")
        samples = (
            Sample.objects.visible_to(user)
            .filter(Q(seller=entity) | Q(producer=entity), reported_on__isnull=False)
            .select_related("plan")
        )
        for sample in samples.order_by("-reported_on")[:50]:
            conclusion = labels.get(sample.final_conclusion, sample.final_conclusion)
            yield TimelineFact(
                sample.reported_on,
                "inspections.sample",
                f"监督抽查 {sample.plan.title}：{sample.product_name} 检验{conclusion}",
                str(SAMPLING),
                reverse("inspections:sampling-plan", args=[sample.plan_id]),
            )
