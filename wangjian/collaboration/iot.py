"""物联感知 alert kinds as data (``data/iot_kinds.yaml``) and the ingestion limits."""

from functools import cache
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).parent / "data" / "iot_kinds.yaml"
# Back-pressure: one request carries at most MAX_BATCH alerts, and while MAX_PENDING alerts
# wait to be mapped to entities, new posts are refused with 429 and Retry-After.
MAX_BATCH = 1000
RETRY_AFTER_SECONDS = 30


def max_pending() -> int:
    """The queue bound; a deployment may set WANGJIAN_IOT_MAX_PENDING in its settings."""
    from django.conf import settings

    return int(getattr(settings, "WANGJIAN_IOT_MAX_PENDING", 50_000))


@cache
def catalogue() -> dict:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


def kinds() -> dict[str, dict]:
    return catalogue()["kinds"]


def severities() -> list[str]:
    return catalogue()["severities"]
