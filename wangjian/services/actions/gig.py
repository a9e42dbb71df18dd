"""灵活就业人员登记: platforms file batches; regulators decide each application; approval
registers the 个体工商户 in the registry and attaches the worker's shop to it."""

import datetime as dt
import hashlib

from django.db import transaction

from wangjian.core.audit import record_event
from wangjian.core.identifiers import check_resident_id, normalise_identifier
from wangjian.evidence.bundle.canonical import canonical_json
from wangjian.services import gig
from wangjian.services.actions.common import require, today
from wangjian.services.choices import AuditType, GigApplicationState
from wangjian.services.error_codes import ServiceErrorCode, ServiceNotPermitted, ServiceRefused
from wangjian.services.models import GigApplication, GigBatch


def _require_platform(actor, platform) -> None:
    from wangjian.registry.querysets import platform_ids_of

    if actor is not None and platform.pk not in platform_ids_of(actor):
        raise ServiceNotPermitted(
            "不是您的平台 / not your platform", code=ServiceErrorCode.NOT_PERMITTED
        )


def _check_row(row: dict, seen: set[str], registered: set[str]) -> tuple[dict, list[dict]]:
    """Cleaned values and the row's errors."""
    from wangjian.registry.personal import protect_resident_id

    errors = []
    name = str(row.get("applicant_name", "")).strip()
    if not name:
        errors.append(gig.error("applicant_name", "required", "经营者姓名不能为空 / name missing"))
    number = normalise_identifier(str(row.get("id_number", "")))
    id_hash = id_masked = ""
    check = check_resident_id(number)
    if not check.valid:
        errors.append(
            gig.error(
                "id_number",
                check.failed_checks[0] if check.failed_checks else "resident_id",
                f"身份证号码未通过 GB 11643 校验：{check.reason}",
            )
        )
    else:
        id_hash, id_masked = protect_resident_id(number)
        if id_hash in seen or id_hash in registered:
            errors.append(
                gig.error(
                    "id_number",
                    "duplicate_applicant",
                    "同一申请人重复申请（本批次或此前批次已有待审或已登记的申请）/ duplicate "
                    "applicant (in this batch or an earlier pending or approved one)",
                )
            )
        seen.add(id_hash)
    business_name = str(row.get("business_name", "")).strip()
    errors.extend(gig.check_name(business_name))
    scope = gig.split_scope(row.get("scope", ""))
    errors.extend(gig.check_scope(scope))
    shop_id = str(row.get("shop_id", "")).strip()
    if not shop_id:
        errors.append(gig.error("shop_id", "required", "平台店铺编号不能为空 / shop id missing"))
    agreement = str(row.get("hosting_agreement", "")).strip()
    if not agreement:
        errors.append(
            gig.error(
                "hosting_agreement",
                "required",
                "须填写平台住所托管协议编号 / the hosting agreement reference is required",
            )
        )
    cleaned = {
        "applicant_name": name[:100],
        "id_hash": id_hash,
        "id_masked": id_masked,
        "business_name": business_name[:200],
        "scope": scope,
        "shop_id": shop_id[:100],
        "hosting_agreement": agreement[:100],
    }
    return cleaned, errors


def file_gig_batch(*, actor, platform, rows: list[dict], file_name: str = "api"):
    """Check and store a batch; (batch, created). The same rows filed again return the first
    batch and create nothing."""
    require(actor, "services.file_gig_batch")
    _require_platform(actor, platform)
    if not rows:
        raise ServiceRefused("批次没有申请 / the batch has no rows")
    digest = hashlib.sha256(canonical_json([dict(row) for row in rows])).hexdigest()
    with transaction.atomic():
        existing = GigBatch.objects.filter(platform=platform, content_sha256=digest).first()
        if existing is not None:
            return existing, False
        registered = set(
            GigApplication.objects.filter(
                batch__platform=platform,
                state__in=(GigApplicationState.PENDING, GigApplicationState.APPROVED),
            ).values_list("id_hash", flat=True)
        )
        batch = GigBatch.objects.create(
            platform=platform,
            file_name=file_name[:255],
            content_sha256=digest,
            filed_by=actor if actor is not None and actor.is_authenticated else None,
        )
        seen: set[str] = set()
        applications = []
        for number, row in enumerate(rows, start=1):
            cleaned, errors = _check_row(row, seen, registered)
            applications.append(
                GigApplication(
                    batch=batch,
                    row_number=number,
                    errors=errors,
                    state=GigApplicationState.INVALID if errors else GigApplicationState.PENDING,
                    **cleaned,
                )
            )
        GigApplication.objects.bulk_create(applications)
        batch.row_count = len(applications)
        batch.error_count = sum(1 for a in applications if a.errors)
        batch.save(update_fields=["row_count", "error_count"])
        auto_approved = 0
        for application in batch.applications.filter(state=GigApplicationState.PENDING):
            kind = gig.application_kind(application.scope)
            if kind is not None and kind["auto_approve"]:
                decide_gig_application(
                    actor=None, application=application, approve=True, auto_kind=kind["key"]
                )
                auto_approved += 1
        record_event(
            actor=actor,
            event_type=AuditType.GIG_BATCH_FILED.value,
            target=batch,
            division=platform.division,
            after={
                "rows": batch.row_count,
                "errors": batch.error_count,
                "auto_approved": auto_approved,
                "rules_version": gig.gig_rules()["version"],
            },
        )
    return batch, True


def _assign_uscc(application: GigApplication, division) -> str:
    """A code for the new 个体工商户: 9 (市场监管) 2 (个体工商户), the county code, an
    organisation-code body derived from the application. It stands in for the code the
    registration system assigns (GB 32100 structure and check characters)."""
    from wangjian.core.identifiers import (
        organisation_code_check_character,
        uscc_check_character,
    )

    county = division.code[:6]
    body = f"GW{application.pk:06d}"
    head = f"92{county}{body}{organisation_code_check_character(body)}"
    return head + uscc_check_character(head)


def decide_gig_application(
    *, actor, application: GigApplication, approve: bool, reason: str = "", auto_kind: str = ""
) -> GigApplication:
    """Approve (register the 个体工商户 with the platform's hosted address, attach the shop,
    issue its 身份码 and the worker's notice) or refuse with a reason. ``auto_kind`` names the
    auto-approval kind (``data/gig_registration.yaml``) when no regulator decides; only the
    system (``actor=None``) approves that way."""
    from wangjian.registry.actions import attach_shop_to_registered_entity, register_entity
    from wangjian.registry.choices import EntityType
    from wangjian.registry.models import OnlineShop
    from wangjian.services.actions.gig_notices import approval_notice
    from wangjian.services.actions.idcode import issue_id_code

    require(actor, "services.decide_gig_application")
    platform = application.batch.platform
    if actor is not None:
        _require_jurisdiction(actor, platform)
    label = f"灵活就业登记申请 第{application.row_number}行（{application.business_name}）"
    if auto_kind:
        kind = next(
            (k for k in gig.gig_rules()["auto_approval"]["kinds"] if k["key"] == auto_kind), None
        )
        if actor is not None or not approve or kind is None or not kind["auto_approve"]:
            raise ServiceNotPermitted(
                f"{label}：自动核准规则“{auto_kind}”不适用 / {label}: the auto-approval rule "
                f"{auto_kind} does not apply",
            )
        reason = f"自动核准：{kind['name']}（规则 {auto_kind}）"
    if not approve and not reason.strip():
        raise ServiceRefused(
            f"{label}：不予登记须说明理由 / {label}: a refusal needs a reason",
            code=ServiceErrorCode.REASON_MISSING,
        )
    rules = gig.gig_rules()
    with transaction.atomic():
        application = GigApplication.objects.select_for_update().get(pk=application.pk)
        if application.state != GigApplicationState.PENDING:
            raise ServiceRefused(
                f"{label}：状态为“{application.get_state_display()}”，不能再决定 / {label}: "
                "not pending",
                code=ServiceErrorCode.WRONG_STATE,
            )
        application.decided_on = today()
        application.decided_by = actor if actor is not None and actor.is_authenticated else None
        application.decision_reason = reason.strip()[:300]
        notice = None
        if approve:
            address = platform.entity.registered_address
            scope = "；".join(application.scope) + rules["hosting"]["scope_suffix"]
            entity = register_entity(
                actor=None,
                uscc=_assign_uscc(application, platform.division),
                name=application.business_name,
                entity_type=EntityType.INDIVIDUAL_BUSINESS,
                legal_representative=application.applicant_name,
                registered_address=f"{address}（{platform.name}住所托管，协议 "
                f"{application.hosting_agreement}）",
                division=platform.division,
                registration_authority=_authority(platform.division),
                established_on=application.decided_on,
                business_scope=scope,
            )
            application.entity = entity
            application.state = GigApplicationState.APPROVED
            shop = OnlineShop.objects.filter(platform=platform, shop_id=application.shop_id).first()
            if shop is not None:
                attach_shop_to_registered_entity(actor=None, shop=shop, entity=entity)
            # The worker's notice carries the 身份码 of the new entity.
            issue_id_code(actor=None, entity=entity)
            notice, _created = approval_notice(application)
        else:
            application.state = GigApplicationState.REFUSED
        application.save()
        record_event(
            actor=actor,
            event_type=AuditType.GIG_APPLICATION_DECIDED.value,
            target=application,
            division=platform.division,
            after={
                "approved": approve,
                "entity": application.entity_id,
                "uscc": application.entity.uscc if application.entity else "",
                "auto_approval_rule": auto_kind,
                "notice": notice.pk if notice else None,
            },
            reason=reason,
        )
    return application


def _authority(division) -> str:
    from wangjian.monitoring.documents import bureau_name

    return bureau_name(division)


def request_simple_deregistration(*, actor, application: GigApplication, reason: str):
    """简易注销 of an approved worker's 个体工商户: by the platform (the worker left) or by staff
    of the platform's jurisdiction. The objection period runs from today."""
    from wangjian.services.actions.gig_notices import deregistration_notice
    from wangjian.services.models import GigDeregistration

    if actor is not None:
        if actor.has_capability("services.file_gig_batch"):
            _require_platform(actor, application.batch.platform)
        else:
            require(actor, "services.decide_gig_application")
            _require_jurisdiction(actor, application.batch.platform)
    label = f"简易注销（{application.business_name}）"
    if not reason.strip():
        raise ServiceRefused(f"{label}：须说明原因 / {label}: give the reason")
    rules = gig.gig_rules()["deregistration"]
    with transaction.atomic():
        application = GigApplication.objects.select_for_update().get(pk=application.pk)
        if application.state != GigApplicationState.APPROVED or application.entity is None:
            raise ServiceRefused(f"{label}：该申请未核准登记 / {label}: not registered")
        if GigDeregistration.objects.filter(application=application).exists():
            raise ServiceRefused(f"{label}：已申请注销 / {label}: already requested")
        requested_on = today()
        deregistration = GigDeregistration.objects.create(
            application=application,
            reason=reason.strip()[:200],
            requested_on=requested_on,
            objection_until=requested_on + dt.timedelta(days=int(rules["objection_days"])),
            requested_by=actor if actor is not None and actor.is_authenticated else None,
        )
        notice, _created = deregistration_notice(application, deregistration)
        record_event(
            actor=actor,
            event_type=AuditType.DEREGISTRATION_REQUESTED.value,
            target=deregistration,
            division=application.batch.platform.division,
            after={
                "entity": application.entity.uscc,
                "until": deregistration.objection_until,
                "notice": notice.pk,
            },
            reason=reason,
        )
    return deregistration


def report_worker_departure(*, actor, application: GigApplication, left_on: dt.date):
    """The platform reports that a registered worker left it on ``left_on``: this opens the
    简易注销 of the worker's 个体工商户 for the regulator (``request_simple_deregistration``,
    which also writes the worker's notice) and records the departure."""
    from wangjian.registry.models import OnlineShop

    require(actor, "services.file_gig_batch")
    platform = application.batch.platform
    _require_platform(actor, platform)
    label = f"退出平台报告（{application.business_name}）"
    if left_on > today():
        raise ServiceRefused(
            f"{label}：退出日期 {left_on} 晚于今天 / {label}: the departure date {left_on} is "
            "in the future",
            code=ServiceErrorCode.BAD_DATE,
        )
    with transaction.atomic():
        application = GigApplication.objects.select_for_update().get(pk=application.pk)
        if application.decided_on is not None and left_on < application.decided_on:
            raise ServiceRefused(
                f"{label}：退出日期 {left_on} 早于核准登记日期 {application.decided_on} / "
                f"{label}: the departure date is before the registration",
                code=ServiceErrorCode.BAD_DATE,
            )
        deregistration = request_simple_deregistration(
            actor=actor,
            application=application,
            reason=f"经营者已于{left_on:%Y年%m月%d日}退出{platform.name}",
        )
        deregistration.left_platform_on = left_on
        deregistration.save(update_fields=["left_platform_on"])
        shop = OnlineShop.objects.filter(platform=platform, shop_id=application.shop_id).first()
        record_event(
            actor=actor,
            event_type=AuditType.WORKER_LEFT_PLATFORM.value,
            target=application,
            division=platform.division,
            after={
                "left_on": left_on,
                "shop": shop.shop_id if shop else "",
                "deregistration": deregistration.pk,
            },
        )
    return deregistration


def decide_simple_deregistration(*, actor, deregistration, objection: str = ""):
    """After the period: an objection recorded stops it; without one the registry deregisters."""
    from wangjian.registry.actions import deregister_entity
    from wangjian.services.choices import DeregistrationState
    from wangjian.services.models import GigDeregistration

    require(actor, "services.decide_gig_application")
    platform = deregistration.application.batch.platform
    if actor is not None:
        _require_jurisdiction(actor, platform)
    label = f"简易注销（{deregistration.application.business_name}）"
    with transaction.atomic():
        deregistration = GigDeregistration.objects.select_for_update().get(pk=deregistration.pk)
        if deregistration.state != DeregistrationState.PENDING:
            raise ServiceRefused(f"{label}：已处理 / {label}: already decided")
        if objection.strip():
            deregistration.state = DeregistrationState.OBJECTED
            deregistration.objection = objection.strip()[:300]
        else:
            if today() <= deregistration.objection_until:
                raise ServiceRefused(
                    f"{label}：异议期至 {deregistration.objection_until}，期满后方可注销 / "
                    f"{label}: the objection period runs until {deregistration.objection_until}"
                )
            deregister_entity(
                actor=None,
                entity=deregistration.application.entity,
                reason=f"简易注销：{deregistration.reason}",
            )
            deregistration.state = DeregistrationState.COMPLETED
            deregistration.completed_on = today()
        deregistration.save()
        record_event(
            actor=actor,
            event_type=AuditType.DEREGISTRATION_DECIDED.value,
            target=deregistration,
            division=platform.division,
            after={"state": deregistration.state},
            reason=objection,
        )
    return deregistration


def _require_jurisdiction(actor, platform) -> None:
    from wangjian.registry.models import Platform

    if not Platform.objects.visible_to(actor).filter(pk=platform.pk).exists():
        raise ServiceNotPermitted(
            "该平台不在辖区内 / the platform is outside your jurisdiction",
            code=ServiceErrorCode.OUTSIDE_JURISDICTION,
        )
