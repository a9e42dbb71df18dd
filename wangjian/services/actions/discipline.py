"""Self-discipline: an entity's account signs a 诚信网商 / 放心网店 commitment; a listing revokes
the entity's commitments (called by credit's ``decide_listing`` in its transaction); an
industry association keeps its members and publishes 自律公约 and standards."""

import hashlib

from django.db import transaction
from django.utils import timezone

from wangjian.core.audit import record_event
from wangjian.credit.consequences import listing_consequence
from wangjian.services.actions.common import require, require_entity, today
from wangjian.services.choices import (
    AssociationDocumentKind,
    CommitmentState,
    DisciplineAuditType,
)
from wangjian.services.discipline import revocation_rule, template
from wangjian.services.error_codes import ServiceErrorCode, ServiceNotPermitted, ServiceRefused
from wangjian.services.models import (
    AssociationDocument,
    AssociationMembership,
    Commitment,
    IndustryAssociation,
)


def sign_commitment(*, actor, entity, template_key: str, shop=None) -> Commitment:
    """The entity's account signs the template in force today, filled with the entity's (and
    shop's) names; who, when, the version and the text's SHA-256 are kept.

    Raise ``ValidationError`` for an unknown template, a shop template without one of the
    entity's shops (or an entity template with one), an entity already listed, or an active
    commitment of the same kind.
    """
    from wangjian.credit.choices import ListEntryState
    from wangjian.credit.models import CreditListEntry

    require(actor, "services.sign_commitment")
    require_entity(actor, entity)
    applied = template(template_key, today())
    record = f"{applied['name']}（{entity.name}）"
    if applied["applies_to"] == "shop":
        if shop is None or shop.entity_id != entity.pk:
            raise ServiceRefused(
                f"{record} 字段 shop：须选择本主体的一家网店 / choose one of the entity's shops"
            )
    elif shop is not None:
        raise ServiceRefused(f"{record} 字段 shop：该承诺针对主体，不针对网店 / not per shop")
    rule = revocation_rule(today())
    if rule and CreditListEntry.objects.filter(
        entity=entity, state=ListEntryState.LISTED, list_kind__in=rule["list_kinds"]
    ):
        raise ServiceRefused(
            f"{record} 字段 entity：主体在经营异常名录或严重违法失信名单中，不能作出承诺 / an "
            "entity on the abnormal-operation or serious list cannot sign"
        )
    text = applied["text"].format(
        entity_name=entity.name,
        uscc=entity.uscc,
        shop_name=shop.name if shop else "",
        platform_name=shop.platform.name if shop and shop.platform_id else "",
    )
    with transaction.atomic():
        duplicate = Commitment.objects.select_for_update().filter(
            entity=entity, template_key=applied["key"], shop=shop, state=CommitmentState.ACTIVE
        )
        if duplicate.exists():
            raise ServiceRefused(f"{record} 字段 template：已有有效的同类承诺 / already signed")
        commitment = Commitment.objects.create(
            entity=entity,
            shop=shop,
            template_key=applied["key"],
            template_name=applied["name"],
            template_version=applied["version"],
            text=text,
            text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            signed_by=actor,
            signed_at=timezone.now(),
        )
        record_event(
            actor=actor,
            event_type=DisciplineAuditType.COMMITMENT_SIGNED.value,
            target=commitment,
            division=entity.division,
            after={
                "template": applied["key"],
                "version": applied["version"],
                "sha256": commitment.text_sha256,
                "shop": shop.pk if shop else None,
            },
        )
    return commitment


@listing_consequence
def revoke_commitments_on_listing(*, actor, entry) -> list[Commitment]:
    """Revoke every active commitment of a listed entity when the rule in force on the listing
    day names the list. Called by ``credit.actions.decide_listing`` inside its transaction (see
    ``credit.consequences``), so the listing and the revocation commit or fail together."""
    rule = revocation_rule(entry.listed_on)
    if rule is None or entry.list_kind not in rule["list_kinds"]:
        return []
    revoked = []
    reason = f"{entry.get_list_kind_display()}：{entry.listed_on} 列入（{entry.ground[:200]}）"
    for commitment in Commitment.objects.select_for_update().filter(
        entity_id=entry.entity_id, state=CommitmentState.ACTIVE
    ):
        commitment.state = CommitmentState.REVOKED
        commitment.revoked_on = entry.listed_on
        commitment.revocation_reason = reason[:300]
        commitment.revocation_basis = {
            "basis": rule["basis"],
            "verification": rule["verification"],
            "effective_on": rule["effective_on"].isoformat(),
            "list_kind": entry.list_kind,
        }
        commitment.revoked_by_listing = entry
        commitment.save(
            update_fields=[
                "state",
                "revoked_on",
                "revocation_reason",
                "revocation_basis",
                "revoked_by_listing",
            ]
        )
        record_event(
            actor=actor,
            event_type=DisciplineAuditType.COMMITMENT_REVOKED.value,
            target=commitment,
            division=entry.entity.division,
            before={"state": CommitmentState.ACTIVE},
            after={"state": CommitmentState.REVOKED, "list_entry": entry.pk},
            reason=reason,
        )
        revoked.append(commitment)
    return revoked


def _require_association(actor, association) -> None:
    require(actor, "services.manage_association")
    if actor is not None and not IndustryAssociation.objects.visible_to(actor).filter(
        pk=association.pk
    ):
        raise ServiceNotPermitted(
            "无权管理该协会 / not permitted for this association",
        )


def add_association_member(*, actor, association, uscc: str) -> AssociationMembership:
    """Bureau staff or the association add a registered entity as a member, by its USCC.
    Raise ``ValidationError`` for an unknown USCC or an existing member."""
    from wangjian.core.identifiers import normalise_identifier
    from wangjian.registry.models import MarketEntity

    _require_association(actor, association)
    code = normalise_identifier(uscc)
    record = f"协会会员（{association.name}）"
    entity = MarketEntity.objects.filter(uscc=code).first()
    if entity is None:
        raise ServiceRefused(
            f"{record} 字段 uscc：登记库中没有统一社会信用代码为 {code} 的主体 / no registered "
            f"entity has the USCC {code}"
        )
    with transaction.atomic():
        IndustryAssociation.objects.select_for_update().get(pk=association.pk)
        if AssociationMembership.objects.filter(association=association, entity=entity):
            raise ServiceRefused(f"{record} 字段 uscc：{entity.name} 已是会员 / already a member")
        membership = AssociationMembership.objects.create(
            association=association, entity=entity, joined_on=today(), added_by=actor
        )
        record_event(
            actor=actor,
            event_type=DisciplineAuditType.ASSOCIATION_MEMBER_ADDED.value,
            target=membership,
            division=association.division,
            after={"entity": entity.pk, "uscc": entity.uscc},
        )
    return membership


def publish_association_document(
    *, actor, association, kind: str, title: str, version: str, body: str
) -> AssociationDocument:
    """The association's account publishes a 自律公约 or a 行业标准 (public at once). Raise
    ``ValidationError`` naming the field for an unknown kind, a short title or body, or no
    version."""
    require(actor, "services.publish_association_document")
    _require_association(actor, association)
    record = f"协会自律文件（{association.name}）"
    if kind not in AssociationDocumentKind.values:
        raise ServiceRefused(f"{record} 字段 kind：类型 {kind!r} 未知 / unknown kind {kind!r}")
    if len(title.strip()) < 4 or len(body.strip()) < 20:
        raise ServiceRefused(
            f"{record} 字段 title/body：标题至少4字、正文至少20字 / the title needs 4 and the "
            "body 20 characters"
        )
    if not version.strip():
        raise ServiceRefused(
            f"{record} 字段 version：版本 必填 / the version is required",
            code=ServiceErrorCode.FIELD_REQUIRED,
        )
    with transaction.atomic():
        document = AssociationDocument.objects.create(
            association=association,
            kind=kind,
            title=title.strip(),
            version=version.strip()[:20],
            body=body.strip(),
            published_on=today(),
            published_by=actor,
        )
        record_event(
            actor=actor,
            event_type=DisciplineAuditType.ASSOCIATION_DOCUMENT_PUBLISHED.value,
            target=document,
            division=association.division,
            after={"kind": kind, "title": document.title, "version": document.version},
        )
    return document
