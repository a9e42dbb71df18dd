"""监督抽查 of product quality: a plan (category, standard, items, strata, budget), samples
bought online (the listing captured as evidence first) or taken in shops, the testing body's
report, notices to producer and seller with the objection deadline counted on the calendar,
an objection and its re-test, publication, and a 不合格 result's follow-up: a case in
enforcement or 责令改正. Results post credit events on the seller's and producer's records."""

import datetime as dt
import hashlib
from decimal import Decimal

from django.apps import apps
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from wangjian.core.audit import record_event
from wangjian.core.file_seals import seal_file
from wangjian.inspections import hooks
from wangjian.inspections.catalogue import period_end, sampling_labels, sampling_rule
from wangjian.inspections.error_codes import (
    InspectionErrorCode,
    InspectionNotPermitted,
    InspectionRefused,
)
from wangjian.inspections.field_files import MAX_BYTES, detect_type
from wangjian.inspections.models import Sample, SampleState, SamplingPlan


def _require(actor, capability: str) -> None:
    if actor is None or not actor.is_authenticated or not actor.has_capability(capability):
        raise InspectionNotPermitted(
            "无此权限 / not permitted", code=InspectionErrorCode.NOT_PERMITTED
        )


def _locked_sample(actor, sample: Sample) -> Sample:
    _require(actor, "inspections.sampling")
    locked = (
        Sample.objects.visible_to(actor)
        # Only the sample row is locked: the producer is an outer join (PostgreSQL refuses to
        # lock its nullable side).
        .select_for_update(of=("self",))
        .select_related("plan", "seller", "producer")
        .filter(pk=sample.pk)
        .first()
    )
    if locked is None:
        raise InspectionNotPermitted(
            "不在辖区内 / outside your jurisdiction", code=InspectionErrorCode.OUTSIDE_JURISDICTION
        )
    return locked


def _label(sample: Sample) -> str:
    return f"样品 {sample.number}（{sample.product_name}）"


def create_sampling_plan(
    *,
    actor,
    title: str,
    year: int,
    product_category: str,
    standard: str,
    test_items: list[dict],
    strata: list[dict],
    budget: Decimal,
    testing_body: str,
) -> SamplingPlan:
    """A 监督抽查计划 in the actor's jurisdiction. Raise ``ValidationError`` for a plan without
    a standard, test items, strata with positive counts, a testing body or a budget."""
    _require(actor, "inspections.sampling_plan")
    record = f"监督抽查计划“{title}”"
    problems = []
    if not standard.strip():
        problems.append("检验依据：须写明标准或规定")
    if not test_items or not all(i.get("code") and i.get("name") for i in test_items):
        problems.append("检验项目：每项须有编号和名称")
    if not strata or not all(s.get("name") and int(s.get("count", 0)) > 0 for s in strata):
        problems.append("分层：每层须有名称和正整数样品数")
    if not testing_body.strip():
        problems.append("承检机构：不能为空")
    if Decimal(budget) <= 0:
        problems.append("预算：须大于零")
    if problems:
        raise InspectionRefused(f"{record}：{'；'.join(problems)} / {record}: incomplete plan")
    with transaction.atomic():
        plan = SamplingPlan.objects.create(
            division=actor.jurisdiction,
            title=title,
            year=year,
            product_category=product_category,
            standard=standard.strip(),
            test_items=test_items,
            strata=[{"name": s["name"], "count": int(s["count"])} for s in strata],
            budget=Decimal(budget),
            testing_body=testing_body.strip(),
            created_by=actor,
        )
        record_event(
            actor=actor,
            event_type="inspections.sampling_plan_created",
            target=plan,
            division=plan.division,
            after={
                "standard": plan.standard,
                "items": [i["code"] for i in test_items],
                "strata": plan.strata,
                "budget": str(plan.budget),
            },
        )
    return plan


def record_sample(
    *,
    actor,
    plan: SamplingPlan,
    number: str,
    stratum: str,
    channel: str,
    seller,
    product_name: str,
    producer_name: str,
    price: Decimal,
    sampled_on: dt.date,
    producer=None,
    batch: str = "",
    listing_url: str = "",
    listing_evidence: str = "",
) -> Sample:
    """A sample taken under ``plan``. An online purchase names the listing's URL and the 存证
    of that listing captured beforehand with the evidence app's capture action (visible to the
    actor). The stratum's sample count and the plan's budget are not exceeded."""
    _require(actor, "inspections.sampling")
    with transaction.atomic():
        plan = SamplingPlan.objects.visible_to(actor).select_for_update().filter(pk=plan.pk).first()
        if plan is None:
            raise InspectionNotPermitted(
                "不在辖区内 / outside your jurisdiction",
                code=InspectionErrorCode.OUTSIDE_JURISDICTION,
            )
        record = f"监督抽查计划“{plan.title}”样品 {number}"
        counts = {s["name"]: s["count"] for s in plan.strata}
        if channel not in sampling_labels("channels"):
            raise InspectionRefused(f"{record}：抽样渠道 {channel!r} 未知 / unknown channel")
        if stratum not in counts:
            raise InspectionRefused(f"{record}：分层 {stratum!r} 不在计划内 / unknown stratum")
        taken = plan.samples.filter(stratum=stratum).count()
        if taken >= counts[stratum]:
            raise InspectionRefused(
                f"{record}：分层“{stratum}”已抽满 {counts[stratum]} 个样品 / stratum {stratum} "
                f"already has its {counts[stratum]} samples"
            )
        spent = Decimal(plan.samples.aggregate(total=Sum("price"))["total"] or 0).quantize(
            Decimal("0.01")
        )
        if spent + Decimal(price) > plan.budget:
            raise InspectionRefused(
                f"{record}：购样费用将超出预算（已用 {spent} 元，预算 {plan.budget} 元）/ the "
                f"purchase would exceed the budget ({spent} of {plan.budget} spent)"
            )
        if channel == "online":
            evidence_model = apps.get_model("evidence", "EvidenceItem")
            if not listing_url or not listing_evidence:
                raise InspectionRefused(
                    f"{record}：网络购样须先对商品页面取证，并填写网址和存证编号 / an online "
                    "purchase needs the listing's URL and its evidence capture"
                )
            if (
                not evidence_model.objects.visible_to(actor)
                .filter(bundle_id=listing_evidence)
                .exists()
            ):
                raise InspectionRefused(
                    f"{record}：存证 {listing_evidence} 不存在或不在辖区内 / evidence "
                    f"{listing_evidence} does not exist or is outside your jurisdiction",
                    code=InspectionErrorCode.OUTSIDE_JURISDICTION,
                )
        sample = Sample.objects.create(
            plan=plan,
            number=number,
            stratum=stratum,
            channel=channel,
            seller=seller,
            producer=producer,
            producer_name=producer_name,
            product_name=product_name,
            batch=batch,
            listing_url=listing_url,
            listing_evidence=listing_evidence,
            price=Decimal(price),
            sampled_on=sampled_on,
        )
        record_event(
            actor=actor,
            event_type="inspections.sample_taken",
            target=sample,
            division=plan.division,
            after={
                "number": number,
                "channel": channel,
                "seller": seller.uscc,
                "evidence": listing_evidence,
                "price": str(sample.price),
            },
        )
    return sample


def record_test_report(
    *,
    actor,
    sample: Sample,
    report_number: str,
    reported_on: dt.date,
    item_results: dict,
    report_file=None,
) -> Sample:
    """The testing body's report: a result for every test item of the plan (``{"code":
    {"value": "...", "passed": bool}}``); the conclusion is 不合格 when any item failed. The
    report file is typed, hashed and sealed into the custody log."""
    with transaction.atomic():
        locked = _locked_sample(actor, sample)
        label = _label(locked)
        if locked.state != SampleState.SAMPLED:
            raise InspectionRefused(f"{label}：已录入检验报告 / the report is already recorded")
        codes = {item["code"] for item in locked.plan.test_items}
        if set(item_results) != codes:
            missing = "、".join(sorted(codes - set(item_results))) or "无"
            raise InspectionRefused(
                f"{label}：检验报告须逐项给出结果（缺少：{missing}）/ the report needs a result "
                "for every test item of the plan"
            )
        if reported_on < locked.sampled_on or reported_on > timezone.localdate():
            raise InspectionRefused(
                f"{label}：报告日期无效 / the report date is invalid",
                code=InspectionErrorCode.BAD_DATE,
            )
        fields = ["report_number", "reported_on", "item_results", "conclusion", "state"]
        if report_file is not None:
            content = report_file.read()
            report_file.seek(0)
            if len(content) > MAX_BYTES or detect_type(content) is None:
                raise InspectionRefused(
                    f"{label}：检验报告文件须为 PDF 或图片且不超过 10 MB / the report file must "
                    "be a PDF or an image of at most 10 MB",
                    code=InspectionErrorCode.LIMIT_EXCEEDED,
                )
            locked.report_sha256 = hashlib.sha256(content).hexdigest()
            locked.report_file = report_file
            locked.report_custody_index = seal_file(
                {
                    "type": "seal",
                    "bundle": f"SP-{locked.plan.public_id.hex[:12]}-{locked.pk}",
                    "file_sha256": locked.report_sha256,
                    "subject": f"inspections.sample:{locked.pk}",
                },
                actor=actor,
            )
            fields += ["report_sha256", "report_file", "report_custody_index"]
        locked.report_number = report_number
        locked.reported_on = reported_on
        locked.item_results = {
            code: {"value": str(r.get("value", "")), "passed": bool(r.get("passed"))}
            for code, r in item_results.items()
        }
        passed = all(r["passed"] for r in locked.item_results.values())
        locked.conclusion = "qualified" if passed else "unqualified"
        locked.state = SampleState.TESTED
        locked.save(update_fields=fields)
        record_event(
            actor=actor,
            event_type="inspections.sample_reported",
            target=locked,
            division=locked.plan.division,
            after={"report": report_number, "conclusion": locked.conclusion},
        )
    return locked


def notify_sample_result(*, actor, sample: Sample, notified_on: dt.date) -> Sample:
    """告知 the producer and the seller of the result; the objection period (rule
    ``sampling_objection``) runs from the day they receive it."""
    with transaction.atomic():
        locked = _locked_sample(actor, sample)
        label = _label(locked)
        if locked.state != SampleState.TESTED:
            raise InspectionRefused(f"{label}：须先录入检验报告，且只告知一次 / report first")
        if notified_on < locked.reported_on or notified_on > timezone.localdate():
            raise InspectionRefused(
                f"{label}：告知日期无效 / the notice date is invalid",
                code=InspectionErrorCode.BAD_DATE,
            )
        applied = sampling_rule("sampling_objection", notified_on)
        locked.producer_notified_on = locked.seller_notified_on = notified_on
        locked.objection_due_on = period_end(notified_on, applied)
        locked.objection_rule = applied.as_dict()
        locked.state = SampleState.NOTIFIED
        locked.save()
        record_event(
            actor=actor,
            event_type="inspections.sample_notified",
            target=locked,
            division=locked.plan.division,
            after={
                "producer": locked.producer_name,
                "seller": locked.seller.name,
                "notified_on": notified_on,
                "objection_due_on": locked.objection_due_on,
                "rule": applied.basis,
            },
        )
    return locked


def file_sample_objection(*, actor, sample: Sample, filed_on: dt.date, text: str) -> Sample:
    """Record an objection (异议) received within the period; a late one is refused."""
    with transaction.atomic():
        locked = _locked_sample(actor, sample)
        label = _label(locked)
        if locked.state != SampleState.NOTIFIED:
            raise InspectionRefused(f"{label}：不在异议期内 / not in the objection period")
        if filed_on > locked.objection_due_on:
            rule = locked.objection_rule
            raise InspectionRefused(
                f"{label}：异议期限已于 {locked.objection_due_on} 届满（{rule['title']}，"
                f"依据 {rule['basis']}）/ the objection period ended on {locked.objection_due_on}",
                code=InspectionErrorCode.BAD_DATE,
            )
        locked.objection_filed_on, locked.objection_text = filed_on, text.strip()
        locked.state = SampleState.OBJECTED
        locked.save(update_fields=["objection_filed_on", "objection_text", "state"])
        record_event(
            actor=actor,
            event_type="inspections.sample_objection_filed",
            target=locked,
            division=locked.plan.division,
            after={"filed_on": filed_on},
        )
    return locked


def finalise_sample_result(
    *, actor, sample: Sample, retest_conclusion: str = "", on: dt.date | None = None
) -> Sample:
    """Fix the result: after the objection period ran out without objection, or with the
    re-test's conclusion. Posts the credit events (seller and, when registered, producer)."""
    from wangjian.credit.actions import record_credit_event

    on = on or timezone.localdate()
    with transaction.atomic():
        locked = _locked_sample(actor, sample)
        label = _label(locked)
        if locked.state == SampleState.NOTIFIED and on <= locked.objection_due_on:
            raise InspectionRefused(
                f"{label}：异议期至 {locked.objection_due_on} 届满前结果未确定 / the result is "
                f"not final before the objection period ends on {locked.objection_due_on}"
            )
        if locked.state not in (SampleState.NOTIFIED, SampleState.OBJECTED):
            raise InspectionRefused(f"{label}：尚不能确定结果 / the result cannot be fixed now")
        if locked.state == SampleState.OBJECTED:
            if retest_conclusion not in sampling_labels("conclusions"):
                raise InspectionRefused(
                    f"{label}：须填写复检结论 / the re-test conclusion is needed"
                )
            locked.retest_conclusion = retest_conclusion
        locked.state = SampleState.FINAL
        locked.save(update_fields=["retest_conclusion", "state"])
        final = locked.final_conclusion
        record_event(
            actor=actor,
            event_type="inspections.sample_final",
            target=locked,
            division=locked.plan.division,
            after={"conclusion": final, "retest": retest_conclusion},
        )
        label_text = sampling_labels("conclusions")[final]
        for role, entity in (("seller", locked.seller), ("producer", locked.producer)):
            if entity is None:
                continue
            record_credit_event(
                actor=actor,
                entity=entity,
                kind="spot_check",
                occurred_on=on,
                legal_basis="product-quality-law-2018:15",
                summary=f"产品质量监督抽查（{locked.product_name}）：{label_text}",
                source_app="inspections",
                source_type=f"sample_{role}",
                source_id=str(locked.pk),
                severity="clear" if final == "qualified" else "problem",
                details={"plan": locked.plan.title, "report": locked.report_number},
            )
    return locked


def publish_sampling_results(*, actor, plan: SamplingPlan, on: dt.date | None = None) -> int:
    """公布 the plan's final results (暂行办法 on publication); return how many were published."""
    _require(actor, "inspections.sampling_plan")
    on = on or timezone.localdate()
    with transaction.atomic():
        samples = list(
            Sample.objects.visible_to(actor)
            .select_for_update()
            .filter(plan=plan, published_on__isnull=True)
            .filter(state__in=(SampleState.FINAL, SampleState.CLOSED))
        )
        for sample in samples:
            sample.published_on = on
            sample.save(update_fields=["published_on"])
        record_event(
            actor=actor,
            event_type="inspections.sampling_published",
            target=plan,
            division=plan.division,
            after={"published": [s.number for s in samples], "on": on},
        )
    return len(samples)


def follow_up_unqualified(
    *, actor, sample: Sample, follow_up: str, conduct: str = "", violated_articles=()
) -> Sample:
    """A final 不合格 result: 立案查处 (a case in enforcement) or 责令改正 with its deadline
    (rule ``sampling_rectification``)."""
    with transaction.atomic():
        locked = _locked_sample(actor, sample)
        label = _label(locked)
        if locked.state != SampleState.FINAL or locked.final_conclusion != "unqualified":
            raise InspectionRefused(
                f"{label}：只有已确定的不合格结果才需后续处理 / only a final 不合格 result is "
                "followed up"
            )
        if follow_up not in sampling_labels("follow_ups"):
            raise InspectionRefused(f"{label}：后续处理 {follow_up!r} 未知 / unknown follow-up")
        today = timezone.localdate()
        if follow_up == "case":
            if not conduct.strip():
                raise InspectionRefused(
                    f"{label}：立案查处须写明涉嫌违法行为 / describe the conduct"
                )
            if not hooks.SAMPLE_CASE_HOOKS:
                raise InspectionRefused(f"{label}：立案功能不可用 / case opening unavailable")
            locked.case_number = hooks.SAMPLE_CASE_HOOKS[0](
                actor=actor,
                sample=locked,
                conduct=conduct.strip(),
                violated_articles=list(violated_articles),
            )
        else:
            locked.rectify_due_on = period_end(
                today, sampling_rule("sampling_rectification", today)
            )
        locked.follow_up = follow_up
        locked.state = SampleState.CLOSED
        locked.save(update_fields=["follow_up", "case_number", "rectify_due_on", "state"])
        record_event(
            actor=actor,
            event_type="inspections.sample_followed_up",
            target=locked,
            division=locked.plan.division,
            after={
                "follow_up": follow_up,
                "case": locked.case_number,
                "rectify_due_on": locked.rectify_due_on,
            },
        )
    return locked
