"""The verified link step: the bureau issues a one-time 关联码 for an entity; the merchant
redeems it with the entity's USCC and its account is linked through the registry's action."""

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from wangjian.core.audit import record_event
from wangjian.core.choices import Role
from wangjian.core.identifiers import normalise_identifier
from wangjian.services.actions.common import require, require_entity
from wangjian.services.choices import AuditType
from wangjian.services.error_codes import ServiceRefused
from wangjian.services.models import MerchantLinkCode

# How long a code stays valid: a working practice of this deployment, not a legal rule.
LINK_CODE_VALID_DAYS = 7
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
REFUSED = (
    "统一社会信用代码或关联码不正确，或关联码已使用、已过期；请核对或到窗口重新领取 / the code "
    "or the USCC is wrong, or the code was used or has expired"
)


def _digest(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").strip().upper().encode()).hexdigest()


def issue_link_code(*, actor, entity) -> tuple[MerchantLinkCode, str]:
    """A new code for ``entity``; the clear code is returned once and never stored."""
    require(actor, "services.issue_link_code")
    require_entity(actor, entity)
    raw = "".join(secrets.choice(ALPHABET) for _ in range(10))
    code = f"{raw[:5]}-{raw[5:]}"
    with transaction.atomic():
        row = MerchantLinkCode.objects.create(
            entity=entity,
            code_sha256=_digest(code),
            issued_by=actor if actor is not None and actor.is_authenticated else None,
            expires_at=timezone.now() + dt.timedelta(days=LINK_CODE_VALID_DAYS),
        )
        record_event(
            actor=actor,
            event_type=AuditType.LINK_CODE_ISSUED.value,
            target=row,
            division=entity.division,
            after={"entity": entity.uscc, "expires_at": row.expires_at},
        )
    return row, code


def redeem_link_code(*, actor, uscc: str, code: str):
    """Link the merchant ``actor`` to the entity of a valid, unused, unexpired code."""
    from wangjian.registry.actions import link_merchant_account

    if actor is None or actor.role != Role.MERCHANT or not actor.is_active:
        raise ServiceRefused("只有经营者账号可以关联市场主体 / only merchant accounts can link")
    with transaction.atomic():
        row = (
            MerchantLinkCode.objects.select_for_update()
            .select_related("entity")
            .filter(code_sha256=_digest(code))
            .first()
        )
        if (
            row is None
            or row.used_at is not None
            or row.expires_at < timezone.now()
            or row.entity.uscc != normalise_identifier(uscc)
        ):
            raise ServiceRefused(REFUSED)
        row.used_by = actor
        row.used_at = timezone.now()
        row.save(update_fields=["used_by", "used_at"])
        account = link_merchant_account(actor=None, user=actor, entity=row.entity)
        record_event(
            actor=actor,
            event_type=AuditType.LINK_CODE_REDEEMED.value,
            target=row,
            division=row.entity.division,
            after={"entity": row.entity.uscc},
        )
    return account
