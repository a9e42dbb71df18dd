"""Loading the tier models (分类模型, ``data/tier_models/*.yaml``, checked by ``credit.tiers``)."""

import datetime as dt

from django.db import transaction

from wangjian.core.audit import record_event
from wangjian.credit.models import TierModel
from wangjian.credit.tiers import TierModelError, read_model_files


def load_tier_models(*, actor=None) -> int:
    """Load ``data/tier_models/*.yaml``; a published version may not change afterwards, and a
    version already loaded unchanged is left alone. ``actor`` None is the system."""
    created = 0
    files = read_model_files()
    with transaction.atomic(durable=True):
        for content, digest in files:
            existing = TierModel.objects.filter(
                key=content["key"], version=content["version"]
            ).first()
            if existing is not None:
                if existing.sha256 != digest:
                    raise TierModelError(
                        f"分类模型 {content['key']} {content['version']} 已发布，不得修改，请增加新"
                        f"版本 / tier model {content['key']} {content['version']} is published; "
                        "add a new version instead of editing it"
                    )
                continue
            model = TierModel.objects.create(
                key=content["key"],
                version=content["version"],
                title=content["title"],
                effective_on=dt.date.fromisoformat(content["effective_on"]),
                content=content,
                sha256=digest,
            )
            record_event(
                actor=actor,
                event_type="credit.tier_model_loaded",
                target=model,
                after={"key": model.key, "version": model.version, "sha256": digest},
            )
            created += 1
    return created
