"""监督抽查 pages: the plans of the jurisdiction, one plan with its samples (source of each
online sample's listing 存证, report, notices, objection deadline, follow-up), and the public
page of a plan's published results. Writes are the actions in ``actions/sampling.py``."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from wangjian.core.access import get_visible_or_404, require_capability
from wangjian.inspections.catalogue import sampling_labels
from wangjian.inspections.models import Sample, SamplingPlan

CAPABILITY = "inspections.sampling"


@login_required
def plan_list(request):
    require_capability(request.user, CAPABILITY)
    plans = SamplingPlan.objects.visible_to(request.user).order_by("-year", "-id")
    may_plan = request.user.has_capability("inspections.sampling_plan")
    return render(request, "inspections/sampling_list.html", {"plans": plans, "may_plan": may_plan})


@login_required
def plan_detail(request, plan_id: int):
    plan = get_visible_or_404(SamplingPlan.objects, request.user, CAPABILITY, pk=plan_id)
    from wangjian.inspections.views_sampling_forms import PLANNING, steps_for

    samples = list(
        Sample.objects.visible_to(request.user).filter(plan=plan).select_related("seller")
    )
    for sample in samples:
        sample.next_steps = steps_for(sample)
    return render(
        request,
        "inspections/sampling_plan.html",
        {
            "plan": plan,
            "samples": samples,
            "conclusions": sampling_labels("conclusions"),
            "channels": sampling_labels("channels"),
            "follow_ups": sampling_labels("follow_ups"),
            "may_plan": request.user.has_capability(PLANNING),
            "may_publish": request.user.has_capability(PLANNING)
            and any(s.published_on is None and s.state in ("final", "closed") for s in samples),
        },
    )


def public_results(request, public_id):
    """Published results only (公布): product, seller, producer as labelled, conclusion."""
    plan = SamplingPlan.objects.public().filter(public_id=public_id).first()
    samples = [] if plan is None else list(plan.samples.published().select_related("seller"))
    if not samples:
        raise Http404("未找到 / Not found.")
    return render(
        request,
        "inspections/public/sampling.html",
        {"plan": plan, "samples": samples, "conclusions": sampling_labels("conclusions")},
    )
