"""Limits, refusals and permission checks shared by every monitoring action."""

import datetime as dt
import hashlib

from django.utils import timezone

from wangjian.core.errors import ActionRefused, Bilingual, coded
from wangjian.monitoring.engine.engine import Engine
from wangjian.monitoring.engine.rules import load_rule_pack
from wangjian.monitoring.error_codes import MonitoringErrorCode

# A feed batch is scanned inside the request; larger batches go through an upload and a job.
MAX_FEED_RECORDS = 5000


MAX_UPLOAD_BYTES = 200 * 1024 * 1024


# Malformed records kept on the batch with their messages; the count covers them all.
MAX_KEPT_ERRORS = 200


MIN_REASON_LENGTH = 4


class MonitoringError(ActionRefused, ValueError):
    """A refused change naming the record, field and rule; ``code`` is the rule's
    ``MonitoringErrorCode``. The message is written "中文 / English" and shown in one language."""

    def __init__(self, message: str, *, field: str = "", rule: str = ""):
        halves = Bilingual.split(message)
        super().__init__(coded(MonitoringErrorCode, rule), halves.zh, halves.en, field)
        self.rule = rule
        self.written_as = message


def _require(actor, capability: str) -> None:
    if actor is None or not actor.is_authenticated or not actor.has_capability(capability):
        raise MonitoringError(
            f"无权执行此操作（{capability}）/ not permitted ({capability})",
            rule="capability",
        )


def _today() -> dt.date:
    return timezone.localdate()


_ENGINES: dict[str, Engine] = {}


def engine() -> Engine:
    """The default rule pack's engine, built once per process (building takes ~1 s)."""
    pack = load_rule_pack(None)
    key = str(pack.directory)
    if key not in _ENGINES:
        _ENGINES[key] = Engine(pack)
    return _ENGINES[key]


def second_stage():
    """The default pack's learned second stage (None when the pack ships no model)."""
    from wangjian.monitoring.engine.second_stage import SecondStage

    return SecondStage.for_pack(engine().pack)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
