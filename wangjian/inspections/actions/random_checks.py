"""Every change in 双随机、一公开: the inspector list and 回避 declarations, plans, the
commit → draw → tasks flow, results (which post credit events) and their publication."""

import datetime as dt
import hashlib
import math
from fractions import Fraction

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from wangjian.core.audit import record_event
from wangjian.inspections.catalogue import outcomes, sampling_policy
from wangjian.inspections.draw import (
    ALGORITHMS,
    DrawError,
    DrawRecord,
    commitment_digest,
    exclusions,
    perform_draw,
    pool_digest,
)
from wangjian.inspections.error_codes import (
    InspectionErrorCode,
    InspectionNotPermitted,
    InspectionRefused,
)
from wangjian.inspections.models import (
    InspectionPlan,
    InspectionResult,
    InspectionTask,
    Inspector,
    PlanState,
    RecusalDeclaration,
    RecusalReason,
    ResultAttachment,
    TaskState,
)

TIERS = ("A", "B", "C", "D")


def _today() -> dt.date:
    return timezone.localdate()


def _require(actor, capability: str) -> None:
    if actor is not None and not actor.has_capability(capability):
        raise InspectionNotPermitted(
            "无此权限 / not permitted", code=InspectionErrorCode.NOT_PERMITTED
        )


def _require_division(actor, division) -> None:
    if actor is None:
        return
    jurisdiction = actor.jurisdiction
    if jurisdiction is None or not division.path.startswith(jurisdiction.path):
        raise InspectionNotPermitted(
            "不在辖区内 / outside your jurisdiction", code=InspectionErrorCode.OUTSIDE_JURISDICTION
        )


# --------------------------------------------------------------------------------------------
# 执法检查人员名录库


def register_inspector(
    *, actor, user, certificate_number: str, certificate_valid_until: dt.date
) -> Inspector:
    _require(actor, "inspections.manage_inspectors")
    division = user.jurisdiction
    if division is None or user.role not in ("regulator", "section_chief"):
        raise InspectionRefused(
            f"执法检查人员 {user}：须为有辖区的执法人员 / inspector {user}: must be enforcement "
            "staff of a bureau",
            code=InspectionErrorCode.NOT_PERMITTED,
        )
    _require_division(actor, division)
    if not certificate_number.strip():
        raise InspectionRefused(
            f"执法检查人员 {user}：执法证号不能为空（行政处罚法第四十二条）/ inspector {user}: "
            "the enforcement certificate number is required",
            code=InspectionErrorCode.FIELD_REQUIRED,
        )
    with transaction.atomic():
        inspector = Inspector.objects.create(
            user=user,
            name=user.display_name or user.get_username(),
            division=division,
            certificate_number=certificate_number.strip(),
            certificate_valid_until=certificate_valid_until,
        )
        record_event(
            actor=actor,
            event_type="inspections.inspector_registered",
            target=inspector,
            division=division,
            after={
                "certificate": inspector.certificate_number,
                "valid_until": certificate_valid_until,
            },
        )
    return inspector


def declare_recusal(
    *, actor, inspector: Inspector, entity, reason: str, detail: str = "", declared_on=None
) -> RecusalDeclaration:
    """回避声明 (行政处罚法 第四十三条); the officer or their chief records it."""
    if actor is not None and getattr(actor, "inspector", None) != inspector:
        _require(actor, "inspections.manage_inspectors")
        _require_division(actor, inspector.division)
    if reason not in RecusalReason.values:
        raise InspectionRefused(
            f"回避声明（{inspector}）：事由 {reason!r} 未知 / unknown recusal reason {reason!r}"
        )
    with transaction.atomic():
        declaration = RecusalDeclaration.objects.create(
            inspector=inspector,
            entity=entity,
            reason=reason,
            detail=detail,
            declared_on=declared_on or _today(),
        )
        record_event(
            actor=actor,
            event_type="inspections.recusal_declared",
            target=declaration,
            division=inspector.division,
            after={"entity": entity.uscc, "reason": reason},
        )
    return declaration


# --------------------------------------------------------------------------------------------
# Plans


def create_plan(
    *,
    actor,
    title: str,
    division,
    year: int,
    items,
    scope: dict | None = None,
    algorithm: str = "hkdf-sha256",
    team_size: int = 2,
    on: dt.date | None = None,
) -> InspectionPlan:
    _require(actor, "inspections.plan")
    _require_division(actor, division)
    items = list(items)
    record = f"抽查计划“{title}”"
    if not items:
        raise InspectionRefused(
            f"{record}：须至少包含一个抽查事项（法律法规规章没有规定的，一律不得擅自开展检查）/ "
            f"{record}: needs at least one listed inspection item"
        )
    if algorithm not in ALGORITHMS:
        raise InspectionRefused(f"{record}：抽取算法 {algorithm!r} 未知 / unknown algorithm")
    policy = sampling_policy(on or _today())
    if team_size < policy["minimum_team"]:
        raise InspectionRefused(
            f"{record}：每组执法人员不得少于 {policy['minimum_team']} 名（行政处罚法第四十二条）/ "
            f"{record}: at least {policy['minimum_team']} inspectors per task "
            "(admin-penalty-law-2021:42)"
        )
    with transaction.atomic():
        plan = InspectionPlan.objects.create(
            title=title,
            division=division,
            year=year,
            scope=scope or {},
            proportions=dict(policy["proportions"]),
            policy=policy,
            algorithm=algorithm,
            team_size=team_size,
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        plan.items.set(items)
        record_event(
            actor=actor,
            event_type="inspections.plan_created",
            target=plan,
            division=division,
            after={
                "items": [item.code for item in items],
                "scope": plan.scope,
                "proportions": plan.proportions,
                "policy": policy["version"],
            },
        )
    return plan


def object_candidates(plan: InspectionPlan):
    """检查对象名录库 for the plan: active entities in its division matching its scope, with
    their current tier (internal), in USCC order."""
    from wangjian.credit.models import TierAssessment
    from wangjian.registry.models import MarketEntity

    entities = MarketEntity.objects.inside(plan.division).filter(status="active")
    scope = plan.scope
    if scope.get("entity_type"):
        entities = entities.filter(entity_type=scope["entity_type"])
    if scope.get("division_path"):
        entities = entities.filter(division__path__startswith=scope["division_path"])
    if scope.get("industry"):
        entities = entities.filter(business_scope__contains=scope["industry"])
    if scope.get("platform"):
        entities = entities.filter(shops__platform_id=scope["platform"]).distinct()
    tier = TierAssessment.objects.filter(entity=OuterRef("pk"), is_current=True).values("tier")
    return entities.annotate(current_tier=Subquery(tier[:1])).order_by("uscc")


def stratum_labels(plan: InspectionPlan) -> dict[str, str]:
    """Opaque labels S1–S4 for the tiers, in an order fixed by the plan's public id, so the
    published record never carries a tier letter (classification results are internal)."""
    order = sorted(
        TIERS, key=lambda tier: hashlib.sha256(f"{plan.public_id}/{tier}".encode()).hexdigest()
    )
    return {tier: f"S{n}" for n, tier in enumerate(order, start=1)}


def stratum_counts(sizes: dict[str, int], proportions: dict[str, float]) -> dict[str, int]:
    """Per stratum: the proportion of its size, rounded up (a stratum with entities and a
    positive proportion is never skipped)."""
    return {
        tier: math.ceil(size * Fraction(str(proportions[tier]))) for tier, size in sizes.items()
    }


def inspector_pool(plan: InspectionPlan, on: dt.date, subjects: set[str]) -> list[dict]:
    """执法检查人员名录库 snapshot: officers of the plan's jurisdiction with a valid certificate,
    each with the 回避 declarations in force that concern entities in the object pool."""
    inspectors = (
        Inspector.objects.inside(plan.division)
        .filter(active=True, certificate_valid_until__gte=on)
        .order_by("certificate_number")
    )
    declarations = RecusalDeclaration.objects.filter(
        inspector__in=inspectors, declared_on__lte=on, withdrawn_on__isnull=True
    ).select_related("entity")
    by_inspector: dict[int, list[dict]] = {}
    for declaration in declarations:
        if declaration.entity.uscc in subjects:
            by_inspector.setdefault(declaration.inspector_id, []).append(
                {"subject": declaration.entity.uscc, "reason": declaration.reason}
            )
    return [
        {
            "id": inspector.certificate_number,
            "label": inspector.name,
            "recusals": sorted(by_inspector.get(inspector.pk, []), key=lambda r: r["subject"]),
        }
        for inspector in inspectors
    ]


def commit_plan(
    *, actor, plan: InspectionPlan, sources: list[dict], seed_commitment: str = "", on=None
) -> InspectionPlan:
    """Step 1 (承诺): freeze both ordered pools, publish their SHA-256, the per-stratum counts,
    the algorithm, the public random sources announced in advance and the seed's hash."""
    _require(actor, "inspections.draw")
    _require_division(actor, plan.division)
    on = on or _today()
    record = f"抽查计划“{plan.title}”"
    if plan.state != PlanState.DRAFT:
        raise InspectionRefused(f"{record}：已公布承诺 / {record}: already committed")
    if not sources or not all(source.get("name") for source in sources):
        raise InspectionRefused(
            f"{record}：须事先公布至少一个具名的公开随机源（如某期彩票开奖号码）/ {record}: "
            "announce at least one named public random source in advance"
        )
    if seed_commitment and len(seed_commitment) != 64:
        raise InspectionRefused(
            f"{record}：种子承诺须为 SHA-256 十六进制 / seed commitment must be hex"
        )
    labels = stratum_labels(plan)
    unclassified = plan.policy.get("unclassified_tier", "B")
    pool = [
        {"id": uscc, "label": name, "stratum": labels[tier or unclassified]}
        for uscc, name, tier in object_candidates(plan).values_list("uscc", "name", "current_tier")
    ]
    if not pool:
        raise InspectionRefused(f"{record}：抽查范围内没有市场主体 / {record}: the scope is empty")
    sizes = {}
    for entry in pool:
        sizes[entry["stratum"]] = sizes.get(entry["stratum"], 0) + 1
    tiers_by_label = {label: tier for tier, label in labels.items()}
    counts = stratum_counts(
        sizes, {label: plan.proportions[tiers_by_label[label]] for label in sizes}
    )
    algorithm_plan = counts
    if plan.algorithm == "rfc3797":
        algorithm_plan = {"*": sum(counts.values())}
    object_record = DrawRecord(
        algorithm=plan.algorithm,
        title=plan.title,
        pool=pool,
        pool_sha256=pool_digest(pool),
        plan=algorithm_plan,
        sources=[{"name": s["name"], "date": s.get("date", ""), "values": []} for s in sources],
        seed_commitment=seed_commitment,
    )
    inspectors = inspector_pool(plan, on, {entry["id"] for entry in pool})
    with transaction.atomic():
        plan.object_record = object_record.__dict__
        plan.stratum_tiers = tiers_by_label
        plan.inspector_pool = inspectors
        plan.inspector_pool_sha256 = pool_digest(inspectors)
        plan.sources = object_record.sources
        plan.seed_commitment = seed_commitment
        plan.committed_on = on
        plan.state = PlanState.COMMITTED
        plan.save()
        record_event(
            actor=actor,
            event_type="inspections.plan_committed",
            target=plan,
            division=plan.division,
            after={
                "pool_sha256": object_record.pool_sha256,
                "pool_size": len(pool),
                "inspector_pool_sha256": plan.inspector_pool_sha256,
                "plan": algorithm_plan,
                "sources": [s["name"] for s in sources],
                "seed_commitment": seed_commitment,
            },
        )
    return plan


def draw_plan(
    *, actor, plan: InspectionPlan, source_values: list[list], seed: str = "", on=None
) -> InspectionPlan:
    """Steps 2 and 3: compute the key from the published source values (and the revealed
    seed), select the entities, then draw each task's team from the committed inspector pool
    with that entity's 回避 exclusions applied before the draw."""
    from wangjian.registry.models import MarketEntity

    _require(actor, "inspections.draw")
    _require_division(actor, plan.division)
    record = f"抽查计划“{plan.title}”"
    if plan.state != PlanState.COMMITTED:
        raise InspectionRefused(f"{record}：须先公布承诺，且只能抽取一次 / commit first; draw once")
    if len(source_values) != len(plan.sources):
        raise InspectionRefused(
            f"{record}：须提供全部 {len(plan.sources)} 个随机源的取值 / {record}: values for all "
            f"{len(plan.sources)} announced sources are needed"
        )
    sources = [
        {**source, "values": list(values)}
        for source, values in zip(plan.sources, source_values, strict=True)
    ]
    objects = DrawRecord(**{**plan.object_record, "sources": sources, "seed": seed})
    try:
        perform_draw(objects)
    except DrawError as error:
        raise InspectionRefused(f"{record}：{error}") from error
    selected = [(stratum, uscc) for stratum, ids in objects.results.items() for uscc in ids]
    entities = MarketEntity.objects.in_bulk([uscc for _s, uscc in selected], field_name="uscc")
    inspectors = {
        i.certificate_number: i
        for i in Inspector.objects.filter(
            certificate_number__in=[entry["id"] for entry in plan.inspector_pool]
        )
    }
    with transaction.atomic():
        for stratum, uscc in selected:
            team_record = DrawRecord(
                algorithm="hkdf-sha256",
                kind="inspectors",
                title=f"{plan.title} — {entities[uscc].name}",
                pool=plan.inspector_pool,
                pool_sha256=plan.inspector_pool_sha256,
                plan={"*": plan.team_size},
                sources=sources,
                seed_commitment=plan.seed_commitment,
                seed=seed,
                subject=uscc,
                minimum_team=plan.policy.get("minimum_team", 2),
            )
            try:
                perform_draw(team_record)
            except DrawError as error:
                raise InspectionRefused(
                    f"{record}：为 {entities[uscc].name} 抽取执法人员失败：{error} / drawing "
                    f"inspectors for {uscc} failed"
                ) from error
            data = team_record.__dict__ | {"exclusions": exclusions(team_record)}
            task = InspectionTask.objects.create(
                plan=plan, entity=entities[uscc], stratum=stratum, inspector_record=data
            )
            task.inspectors.set([inspectors[i] for i in team_record.results["*"]])
        plan.object_record = objects.__dict__
        plan.sources = sources
        plan.drawn_on = on or _today()
        plan.state = PlanState.DRAWN
        plan.save()
        record_event(
            actor=actor,
            event_type="inspections.plan_drawn",
            target=plan,
            division=plan.division,
            after={"key": objects.key, "results": objects.results, "tasks": len(selected)},
        )
    return plan


# --------------------------------------------------------------------------------------------
# Results and 一公开


def record_result(
    *,
    actor,
    task: InspectionTask,
    outcome: str,
    result_on: dt.date,
    notes: str = "",
    attachments=(),
) -> InspectionResult:
    """检查结果: the standard outcome, the publication deadline (20 working days), and a credit
    event on the entity's record."""
    from wangjian.credit.actions import record_credit_event
    from wangjian.credit.rules import apply_period, rule

    _require(actor, "inspections.record_result")
    _require_division(actor, task.plan.division)
    record = f"检查任务 {task.pk}（{task.entity.name}）"
    known = outcomes()
    if outcome not in known:
        raise InspectionRefused(
            f"{record}：检查结果 {outcome!r} 不是标准结果之一 / {record}: {outcome!r} is not a "
            "standard outcome"
        )
    if hasattr(task, "result"):
        raise InspectionRefused(f"{record}：已录入结果 / {record}: a result is already recorded")
    if result_on > _today():
        raise InspectionRefused(
            f"{record}：检查结束日期 {result_on} 晚于今日 / {record}: result date {result_on} is "
            "in the future",
            code=InspectionErrorCode.BAD_DATE,
        )
    if task.plan.drawn_on and result_on < task.plan.drawn_on:
        raise InspectionRefused(
            f"{record}：检查结束日期早于抽取日期 {task.plan.drawn_on} / {record}: result date "
            "precedes the draw",
            code=InspectionErrorCode.BAD_DATE,
        )
    publication = rule(
        task.plan.policy.get("publication_rule", "inspection_result_publication"), on=result_on
    )
    items = list(task.plan.items.all())
    with transaction.atomic():
        result = InspectionResult.objects.create(
            task=task,
            outcome=outcome,
            outcome_label=known[outcome]["label"],
            notes=notes,
            result_on=result_on,
            publish_due_on=apply_period(result_on, publication),
            publish_rule=publication.as_dict(),
            recorded_by=actor if actor is not None and actor.is_authenticated else None,
        )
        for upload in attachments:
            content = upload.read()
            upload.seek(0)
            ResultAttachment.objects.create(
                result=result,
                file=upload,
                name=upload.name,
                sha256=hashlib.sha256(content).hexdigest(),
            )
        task.state = TaskState.RESULT_RECORDED
        task.save(update_fields=["state"])
        record_event(
            actor=actor,
            event_type="inspections.result_recorded",
            target=result,
            division=task.plan.division,
            after={"outcome": outcome, "result_on": result_on, "due": result.publish_due_on},
        )
        record_credit_event(
            actor=actor,
            entity=task.entity,
            kind="spot_check",
            occurred_on=result_on,
            legal_basis=items[0].basis[0] if items else "random-inspection-notice-2015:2.2",
            summary=f"{task.plan.title}：{known[outcome]['label']}",
            source_app="inspections",
            source_type="result",
            source_id=str(result.pk),
            severity=known[outcome]["severity"],
            details={"plan": task.plan.title, "items": [i.code for i in items]},
        )
    return result


def publish_result(*, actor, result: InspectionResult, on=None) -> InspectionResult:
    """一公开: publish the result on the public pages (谁检查、谁录入、谁公开)."""
    _require(actor, "inspections.publish")
    _require_division(actor, result.task.plan.division)
    if result.published_on is not None:
        raise InspectionRefused(
            f"检查结果 {result.pk}：已于 {result.published_on} 公示 / already published"
        )
    on = on or _today()
    if on < result.result_on:
        raise InspectionRefused(
            f"检查结果 {result.pk}：公示日期早于检查结束日期 / too early",
            code=InspectionErrorCode.BAD_DATE,
        )
    with transaction.atomic():
        result.published_on = on
        result.save(update_fields=["published_on"])
        task = result.task
        task.state = TaskState.PUBLISHED
        task.save(update_fields=["state"])
        record_event(
            actor=actor,
            event_type="inspections.result_published",
            target=result,
            division=task.plan.division,
            after={
                "published_on": on,
                "due": result.publish_due_on,
                "late": on > result.publish_due_on,
            },
        )
    return result


def seed_commitment_for(seed: str) -> str:
    return commitment_digest(seed)


def renew_inspector_certificate(
    *, actor, inspector: Inspector, certificate_number: str, certificate_valid_until: dt.date
) -> Inspector:
    """Record a renewed or reissued 执法证 (number and validity); before and after are audited.

    Raise ``ValidationError`` for an empty number or one held by another inspector.
    """
    _require(actor, "inspections.manage_inspectors")
    _require_division(actor, inspector.division)
    number = certificate_number.strip()
    if not number:
        raise InspectionRefused(
            f"执法检查人员 {inspector.name}：执法证号不能为空 / the certificate number is required",
            code=InspectionErrorCode.FIELD_REQUIRED,
        )
    with transaction.atomic():
        inspector = Inspector.objects.select_for_update().get(pk=inspector.pk)
        if Inspector.objects.exclude(pk=inspector.pk).filter(certificate_number=number).exists():
            raise InspectionRefused(
                f"执法检查人员 {inspector.name}：执法证号 {number} 已登记给其他人员 / certificate "
                f"{number} belongs to another inspector"
            )
        before = {
            "certificate": inspector.certificate_number,
            "valid_until": inspector.certificate_valid_until,
        }
        inspector.certificate_number = number
        inspector.certificate_valid_until = certificate_valid_until
        inspector.save(update_fields=["certificate_number", "certificate_valid_until"])
        record_event(
            actor=actor,
            event_type="inspections.inspector_certificate_renewed",
            target=inspector,
            division=inspector.division,
            before=before,
            after={"certificate": number, "valid_until": certificate_valid_until},
        )
    return inspector


def set_inspector_in_pool(*, actor, inspector: Inspector, active: bool, reason: str) -> Inspector:
    """Take an inspector out of the 名录库 (or back in); a reason is required and audited."""
    _require(actor, "inspections.manage_inspectors")
    _require_division(actor, inspector.division)
    if not reason.strip():
        raise InspectionRefused(
            f"执法检查人员 {inspector.name}：请填写理由 / a reason is required",
            code=InspectionErrorCode.REASON_MISSING,
        )
    with transaction.atomic():
        inspector = Inspector.objects.select_for_update().get(pk=inspector.pk)
        if inspector.active == active:
            return inspector
        inspector.active = active
        inspector.save(update_fields=["active"])
        record_event(
            actor=actor,
            event_type="inspections.inspector_pool_changed",
            target=inspector,
            division=inspector.division,
            before={"active": not active},
            after={"active": active},
            reason=reason.strip(),
        )
    return inspector
