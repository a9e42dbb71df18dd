"""The rule pack as live documentation: every rule with its legal basis."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from wangjian.core.access import not_found, require_capability
from wangjian.monitoring import actions, rulebook
from wangjian.monitoring.engine.rules import current_rule_pack

# --- Rules -------------------------------------------------------------------------------------


@login_required
def rule_list(request):
    require_capability(request.user, "monitoring.view_rules")
    pack = current_rule_pack(None)
    return render(
        request, "monitoring/rules.html", {"pack": pack, "groups": rulebook.rule_groups(pack)}
    )


@login_required
def rule_detail(request, rule_id: str):
    require_capability(request.user, "monitoring.view_rules")
    engine = actions.engine()
    try:
        rule = engine.pack.rule(rule_id)
    except KeyError as error:
        raise not_found() from error
    return render(
        request,
        "monitoring/rule_detail.html",
        {
            "pack": engine.pack,
            "view": rulebook.rule_view(rule),
            "runs": rulebook.run_examples(rule, engine),
            "queue_url": f"{reverse('monitoring:findings')}?rule={rule.id}&state=all",
            "may_view_findings": request.user.has_capability("monitoring.view_finding"),
        },
    )
