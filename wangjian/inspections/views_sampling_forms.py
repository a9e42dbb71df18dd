"""监督抽查 write pages: a new plan, a sample taken online or in a shop, the testing body's
report, the notice to producer and seller, an objection and its re-test, the fixed result,
publication and the follow-up of a 不合格 result. Each page only reads the form and calls the
action in ``actions/sampling.py``; a refusal is shown next to the field it names."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from wangjian.core.access import get_visible_or_404, require_capability
from wangjian.core.errors import ActionRefused, Bilingual, english_is_active
from wangjian.core.messages import in_active_language
from wangjian.inspections import actions
from wangjian.inspections.catalogue import sampling_labels
from wangjian.inspections.models import Sample, SampleState, SamplingPlan

SAMPLING = "inspections.sampling"
PLANNING = "inspections.sampling_plan"
CHINESE = re.compile(r"[\u4e00-\u9fff]")

# Which field a refusal belongs to, found by the field's name in the action's message; a
# message naming none of them is shown above the form.
PLAN_FIELDS = {
    "standard": ("检验依据",),
    "test_items": ("检验项目",),
    "strata": ("分层",),
    "testing_body": ("承检机构",),
    "budget": ("预算",),
}
SAMPLE_FIELDS = {
    "channel": ("抽样渠道",),
    "stratum": ("分层",),
    "price": ("购样费用",),
    "listing_evidence": ("存证",),
    "seller_uscc": ("销售者",),
    "producer_uscc": ("生产者",),
}
STEP_FIELDS = {
    "report": {"item_results": ("逐项",), "reported_on": ("报告日期",), "report_file": ("文件",)},
    "notify": {"notified_on": ("告知日期",)},
    "objection": {"filed_on": ("异议期",)},
    "finalise": {"retest_conclusion": ("复检结论",)},
    "follow-up": {"follow_up": ("后续处理",), "conduct": ("违法行为",)},
}
# Which step each state allows; the plan page links only these.
STEPS_BY_STATE = {
    SampleState.SAMPLED: ("report",),
    SampleState.TESTED: ("notify",),
    SampleState.NOTIFIED: ("objection", "finalise"),
    SampleState.OBJECTED: ("finalise",),
}


def steps_for(sample: Sample) -> tuple[str, ...]:
    if sample.state == SampleState.FINAL and sample.final_conclusion == "unqualified":
        return ("follow-up",)
    return STEPS_BY_STATE.get(sample.state, ())


def _field_errors(error, fields: dict) -> dict[str, str]:
    if isinstance(error, ActionRefused) and not error.written_as:
        # A refusal from another app's action (the case opened through the enforcement hook)
        # is already in the reader's language.
        return {"form": str(error)}
    if isinstance(error, ActionRefused):
        # This app's refusals keep the "中文 / English" text they were written as, which may
        # join several problems, each naming its field.
        texts = [error.written_as]
    else:
        texts = error.messages if isinstance(error, ValidationError) else [str(error)]
    found: dict[str, list[str]] = {}
    for text in texts:
        for part in text.split("；"):
            name = next(
                (field for field, words in fields.items() if any(w in part for w in words)),
                "form",
            )
            shown = in_active_language(part)
            if english_is_active() and CHINESE.search(shown):
                # Only the last of several joined problems carries the English summary; an
                # English reader gets that summary rather than a Chinese fragment.
                shown = Bilingual.split(text).en
            found.setdefault(name, []).append(shown)
    return {name: "; ".join(parts) for name, parts in found.items()}


def _date(value: str):
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def _money(value: str) -> Decimal:
    try:
        return Decimal(value.strip() or "0")
    except InvalidOperation:
        return Decimal("0")


def _lines(text: str, size: int) -> list[list[str]]:
    rows = []
    for line in text.splitlines():
        parts = line.split(None, size - 1)
        if parts:
            rows.append(parts + [""] * (size - len(parts)))
    return rows


@login_required
def plan_new(request):
    require_capability(request.user, PLANNING)
    data = request.POST if request.method == "POST" else {}
    errors: dict[str, str] = {}
    if request.method == "POST":
        items = [
            {"code": code, "name": name, "requirement": requirement}
            for code, name, requirement in _lines(data.get("test_items", ""), 3)
        ]
        strata = [
            {"name": name, "count": int(count) if count.isdigit() else 0}
            for name, count in _lines(data.get("strata", ""), 2)
        ]
        year = data.get("year", "").strip()
        if not year.isdigit():
            errors["year"] = _("年度：须为四位数字")
        if not data.get("title", "").strip():
            errors["title"] = _("计划名称：不能为空")
        if not errors:
            try:
                plan = actions.create_sampling_plan(
                    actor=request.user,
                    title=data["title"].strip(),
                    year=int(year),
                    product_category=data.get("product_category", "").strip(),
                    standard=data.get("standard", ""),
                    test_items=items,
                    strata=strata,
                    budget=_money(data.get("budget", "")),
                    testing_body=data.get("testing_body", ""),
                )
            except (ValidationError, PermissionDenied, ActionRefused) as error:
                errors = _field_errors(error, PLAN_FIELDS)
            else:
                messages.success(
                    request,
                    _("已建立监督抽查计划“%(title)s”。下一步：按分层登记样品。")
                    % {"title": plan.title},
                )
                return redirect("inspections:sampling-plan", plan_id=plan.pk)
    return render(
        request,
        "inspections/sampling_plan_new.html",
        {"data": data, "errors": errors, "this_year": timezone.localdate().year},
    )


def _entity(user, uscc: str):
    from wangjian.registry.models import MarketEntity

    return (
        MarketEntity.objects.visible_to(user).filter(uscc=uscc.strip().upper()).first()
        if uscc.strip()
        else None
    )


@login_required
def sample_new(request, plan_id: int):
    plan = get_visible_or_404(SamplingPlan.objects, request.user, SAMPLING, pk=plan_id)
    data = request.POST if request.method == "POST" else {}
    errors: dict[str, str] = {}
    if request.method == "POST":
        seller = _entity(request.user, data.get("seller_uscc", ""))
        producer = _entity(request.user, data.get("producer_uscc", ""))
        sampled_on = _date(data.get("sampled_on", ""))
        if seller is None:
            errors["seller_uscc"] = _("销售者：统一社会信用代码不存在或不在辖区内")
        if data.get("producer_uscc", "").strip() and producer is None:
            errors["producer_uscc"] = _("生产者：统一社会信用代码不存在或不在辖区内")
        if sampled_on is None:
            errors["sampled_on"] = _("抽样日期：须为有效日期")
        for name, label in (("number", _("样品编号")), ("product_name", _("产品名称"))):
            if not data.get(name, "").strip():
                errors[name] = _("%(field)s：不能为空") % {"field": label}
        if not errors:
            try:
                sample = actions.record_sample(
                    actor=request.user,
                    plan=plan,
                    number=data["number"].strip(),
                    stratum=data.get("stratum", ""),
                    channel=data.get("channel", ""),
                    seller=seller,
                    producer=producer,
                    producer_name=data.get("producer_name", "").strip()
                    or (producer.name if producer else ""),
                    product_name=data["product_name"].strip(),
                    price=_money(data.get("price", "")),
                    sampled_on=sampled_on,
                    batch=data.get("batch", "").strip(),
                    listing_url=data.get("listing_url", "").strip(),
                    listing_evidence=data.get("listing_evidence", "").strip(),
                )
            except (ValidationError, PermissionDenied, ActionRefused) as error:
                errors = _field_errors(error, SAMPLE_FIELDS)
            else:
                messages.success(
                    request,
                    _("已登记样品 %(number)s。下一步：收到承检机构的检验报告后录入。")
                    % {"number": sample.number},
                )
                return redirect("inspections:sampling-plan", plan_id=plan.pk)
    # The evidence app sits in a later layer: its captures are read through the registry, as
    # the action checks them.
    captures = (
        apps.get_model("evidence", "EvidenceItem")
        .objects.visible_to(request.user)
        .order_by("-id")[:50]
    )
    return render(
        request,
        "inspections/sampling_sample_new.html",
        {
            "plan": plan,
            "data": data,
            "errors": errors,
            "channels": sampling_labels("channels"),
            "captures": captures,
            "today_iso": timezone.localdate().isoformat(),
        },
    )


def _run_step(request, sample: Sample, step: str, data, files):
    """Call the step's action with the form's values; return the success message."""
    if step == "report":
        results = {
            item["code"]: {
                "value": data.get(f"value_{item['code']}", "").strip(),
                "passed": data.get(f"passed_{item['code']}") == "yes",
            }
            for item in sample.plan.test_items
            if data.get(f"passed_{item['code']}") in ("yes", "no")
        }
        reported_on = _date(data.get("reported_on", ""))
        if reported_on is None:
            raise ValidationError("报告日期无效 / the report date is invalid")
        done = actions.record_test_report(
            actor=request.user,
            sample=sample,
            report_number=data.get("report_number", "").strip(),
            reported_on=reported_on,
            item_results=results,
            report_file=files.get("report_file"),
        )
        verdict = sampling_labels("conclusions")[done.conclusion]
        return _("已录入检验报告，检验结论：%(verdict)s。下一步：告知生产者和销售者。") % {
            "verdict": _(verdict)
        }
    if step == "notify":
        notified_on = _date(data.get("notified_on", ""))
        if notified_on is None:
            raise ValidationError("告知日期无效 / the notice date is invalid")
        done = actions.notify_sample_result(
            actor=request.user, sample=sample, notified_on=notified_on
        )
        return _("已告知生产者和销售者。异议期限至 %(due)s，期满后确定结果。") % {
            "due": done.objection_due_on.isoformat()
        }
    if step == "objection":
        filed_on = _date(data.get("filed_on", ""))
        if filed_on is None:
            raise ValidationError("异议期：提出日期无效 / the filing date is invalid")
        actions.file_sample_objection(
            actor=request.user, sample=sample, filed_on=filed_on, text=data.get("text", "")
        )
        return _("已受理异议。下一步：复检后录入复检结论。")
    if step == "finalise":
        done = actions.finalise_sample_result(
            actor=request.user,
            sample=sample,
            retest_conclusion=data.get("retest_conclusion", ""),
        )
        verdict = sampling_labels("conclusions")[done.final_conclusion]
        if done.final_conclusion == "unqualified":
            return _("结果已确定：%(verdict)s。下一步：立案查处或责令改正，并公布结果。") % {
                "verdict": _(verdict)
            }
        return _("结果已确定：%(verdict)s。下一步：公布结果。") % {"verdict": _(verdict)}
    done = actions.follow_up_unqualified(
        actor=request.user,
        sample=sample,
        follow_up=data.get("follow_up", ""),
        conduct=data.get("conduct", ""),
        violated_articles=[a.strip() for a in data.get("violated_articles", "").split(",")]
        if data.get("violated_articles", "").strip()
        else [],
    )
    if done.case_number:
        return _("已立案，案源编号 %(number)s。下一步：在案件中调查处理。") % {
            "number": done.case_number
        }
    return _("已责令改正，改正期限 %(due)s。下一步：到期复查。") % {
        "due": done.rectify_due_on.isoformat()
    }


@login_required
def sample_step(request, sample_id: int, step: str):
    if step not in STEP_FIELDS:
        raise Http404("未找到 / Not found.")
    sample = get_visible_or_404(
        Sample.objects.select_related("plan", "seller"), request.user, SAMPLING, pk=sample_id
    )
    errors: dict[str, str] = {}
    data = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            done = _run_step(request, sample, step, data, request.FILES)
        except (ValidationError, PermissionDenied, ActionRefused) as error:
            errors = _field_errors(error, STEP_FIELDS[step])
        else:
            messages.success(request, done)
            return redirect("inspections:sampling-plan", plan_id=sample.plan_id)
    return render(
        request,
        "inspections/sampling_step.html",
        {
            "sample": sample,
            "step": step,
            "allowed": step in steps_for(sample),
            "data": data,
            "errors": errors,
            "conclusions": sampling_labels("conclusions"),
            "follow_ups": sampling_labels("follow_ups"),
            "today_iso": timezone.localdate().isoformat(),
        },
    )


@login_required
def plan_publish(request, plan_id: int):
    plan = get_visible_or_404(SamplingPlan.objects, request.user, PLANNING, pk=plan_id)
    if request.method == "POST":
        try:
            count = actions.publish_sampling_results(actor=request.user, plan=plan)
        except (ValidationError, PermissionDenied, ActionRefused) as error:
            messages.error(request, "; ".join(_field_errors(error, {}).values()))
        else:
            messages.success(
                request,
                _("已公布 %(count)s 个样品的结果，公众可在公布页面查看。") % {"count": count},
            )
        return redirect("inspections:sampling-plan", plan_id=plan.pk)
    ready = (
        Sample.objects.visible_to(request.user)
        .filter(plan=plan, published_on__isnull=True)
        .filter(state__in=(SampleState.FINAL, SampleState.CLOSED))
    )
    return render(request, "inspections/sampling_publish.html", {"plan": plan, "ready": ready})
