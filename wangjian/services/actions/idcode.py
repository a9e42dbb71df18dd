"""身份码 keys (rotation, revocation) and issuance."""

from django.db import transaction
from django.utils import timezone

from wangjian.core.audit import record_event
from wangjian.evidence.bundle import keys
from wangjian.services import idcode
from wangjian.services.actions.common import require, require_entity
from wangjian.services.choices import AuditType
from wangjian.services.error_codes import ServiceRefused
from wangjian.services.models import IdCodeIssue, IdCodeKey
from wangjian.services.signing import key_id, sign_payload


def rotate_idcode_key(*, actor) -> IdCodeKey:
    """Make a new current key; the previous one keeps verifying its codes (system only)."""
    require(actor, "services.manage_idcode_keys")
    private_key = keys.generate_key()
    identifier = key_id(private_key.public_key())
    with transaction.atomic():
        IdCodeKey.objects.select_for_update().filter(is_current=True).update(is_current=False)
        key = IdCodeKey.objects.create(
            key_id=identifier,
            public_key_pem=keys.public_key_pem(private_key.public_key()),
            is_current=True,
        )
        record_event(
            actor=actor,
            event_type=AuditType.IDCODE_KEY_CREATED.value,
            target=key,
            after={"key_id": identifier},
        )
        idcode.write_private_key(identifier, private_key)
    return key


def revoke_idcode_key(*, actor, key: IdCodeKey, reason: str) -> IdCodeKey:
    require(actor, "services.manage_idcode_keys")
    if not reason.strip():
        raise ServiceRefused(
            f"身份码密钥 {key.key_id}：须说明吊销原因 / key {key.key_id}: a revocation needs "
            "a reason"
        )
    with transaction.atomic():
        key = IdCodeKey.objects.select_for_update().get(pk=key.pk)
        if key.revoked_at is not None:
            raise ServiceRefused(
                f"身份码密钥 {key.key_id}：已吊销 / key {key.key_id}: already revoked"
            )
        key.revoked_at = timezone.now()
        key.revocation_reason = reason.strip()
        key.is_current = False
        key.save(update_fields=["revoked_at", "revocation_reason", "is_current"])
        record_event(
            actor=actor,
            event_type=AuditType.IDCODE_KEY_REVOKED.value,
            target=key,
            after={"key_id": key.key_id},
            reason=reason,
        )
    return key


def current_key(*, actor=None) -> IdCodeKey:
    key = IdCodeKey.objects.filter(is_current=True, revoked_at__isnull=True).first()
    return key or rotate_idcode_key(actor=None)


def issue_id_code(*, actor, entity) -> IdCodeIssue:
    require(actor, "services.issue_idcode")
    require_entity(actor, entity)
    key = current_key()
    now = timezone.now().replace(microsecond=0)
    claims = {
        "u": entity.uscc,
        "n": entity.name,
        "t": timezone.localtime(now).isoformat(),
        "k": key.key_id,
    }
    token = sign_payload(idcode.PREFIX, claims, idcode.load_private_key(key.key_id))
    with transaction.atomic():
        issued = IdCodeIssue.objects.create(
            entity=entity, key=key, token=token, issued_at=now, issued_by=_user(actor)
        )
        record_event(
            actor=actor,
            event_type=AuditType.IDCODE_ISSUED.value,
            target=issued,
            division=entity.division,
            after={"uscc": entity.uscc, "key_id": key.key_id},
        )
    return issued


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None
