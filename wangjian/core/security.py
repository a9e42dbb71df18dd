"""Start-up refusal of insecure defaults when DEBUG is off.

Checked: the secret key and the personal-data key are set, different from each other, at least
``MIN_KEY_LENGTH`` characters and not obviously non-random (an estimate of their entropy from
character frequencies, and no repeated pattern: ``"a" * 32`` or ``"abcd" * 8`` are refused;
``wangjian init-env`` writes keys that pass); no wildcard host and no host pattern that is a
bare public suffix (``.com``, ``.gov.cn``: a leading dot matches every host under it).

``WANGJIAN_ALLOW_INSECURE=1`` skips these checks: for a closed test machine that runs with DEBUG
off, never for a server that people reach. The system check ``wangjian.W010`` says so while it
is on.
"""

import math
from collections import Counter

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MIN_KEY_LENGTH = 32
# The estimate (character frequencies × length) of a random 32-character hex key is about
# 115 bits; of the 64-character keys ``wangjian init-env`` writes, over 300.
MIN_KEY_BITS = 100


def estimated_key_bits(value: str) -> float:
    """Shannon entropy of the key's character frequencies times its length (an upper bound
    for keys typed by people, a fair estimate for random ones)."""
    if not value:
        return 0.0
    counts = Counter(value)
    size = len(value)
    per_character = -sum(n / size * math.log2(n / size) for n in counts.values())
    return max(0.0, per_character * size)


def _repeats_a_pattern(value: str) -> bool:
    size = len(value)
    return any(
        size % period == 0 and value == value[:period] * (size // period)
        for period in range(1, size // 2 + 1)
    )


def key_problem(name: str, value: str) -> str | None:
    """Why ``value`` is not acceptable as the key ``name``, or None."""
    if value == settings.INSECURE_SECRET_KEY:
        return f"{name} 须设置（当前为演示密钥）/ {name} must be set (it is the demo key)"
    if len(value) < MIN_KEY_LENGTH:
        return (
            f"{name} 须至少 {MIN_KEY_LENGTH} 个字符（当前 {len(value)} 个），"
            f"请用 wangjian init-env 生成 / {name} must be at least {MIN_KEY_LENGTH} "
            f"characters (it has {len(value)}); generate it with wangjian init-env"
        )
    bits = estimated_key_bits(value)
    if bits < MIN_KEY_BITS or _repeats_a_pattern(value):
        return (
            f"{name} 不是随机值（估计熵约 {bits:.0f} 位，须至少 {MIN_KEY_BITS} 位且无重复模式），"
            f"请用 wangjian init-env 生成 / {name} is not random (estimated {bits:.0f} bits; at "
            f"least {MIN_KEY_BITS} and no repeated pattern needed); generate it with "
            "wangjian init-env"
        )
    return None


def public_suffix_hosts(hosts) -> list[str]:
    """Host patterns in ``hosts`` that are a leading dot on a bare public suffix (``.com``,
    ``.com.cn``, ``.github.io``), by the Public Suffix List snapshot bundled with tldextract
    (no network)."""
    import tldextract

    extract = tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
    )
    found = []
    for host in hosts:
        if not host.startswith("."):
            continue
        bare = host.strip(".")
        parts = extract(bare)
        if not bare or (not parts.domain and parts.suffix):
            found.append(host)
    return found


def insecure_default_problems() -> list[str]:
    """What a production start-up (DEBUG off) would still have of the demo defaults."""
    if settings.DEBUG or settings.ALLOW_INSECURE:
        return []
    problems = []
    secret = key_problem("WANGJIAN_SECRET_KEY", settings.SECRET_KEY)
    if secret:
        problems.append(secret)
    personal = settings.PERSONAL_DATA_HASH_KEY
    if personal == settings.SECRET_KEY:
        problems.append(
            "WANGJIAN_PERSONAL_DATA_KEY 须单独设置，且不同于 WANGJIAN_SECRET_KEY / "
            "WANGJIAN_PERSONAL_DATA_KEY must be set on its own, different from "
            "WANGJIAN_SECRET_KEY"
        )
    else:
        weak = key_problem("WANGJIAN_PERSONAL_DATA_KEY", personal)
        if weak:
            problems.append(weak)
    if "*" in settings.ALLOWED_HOSTS:
        problems.append(
            "WANGJIAN_ALLOWED_HOSTS 不得包含 '*' / WANGJIAN_ALLOWED_HOSTS must not contain '*'"
        )
    for host in public_suffix_hosts(settings.ALLOWED_HOSTS):
        problems.append(
            f"WANGJIAN_ALLOWED_HOSTS 不得包含公共后缀 {host!r}（它匹配该后缀下的所有主机）/ "
            f"WANGJIAN_ALLOWED_HOSTS must not contain the public suffix {host!r} (it matches "
            "every host under it)"
        )
    return problems


def insecure_override_warning() -> str | None:
    if settings.ALLOW_INSECURE and not settings.DEBUG:
        return (
            "WANGJIAN_ALLOW_INSECURE 已开启：启动检查（密钥、主机）全部跳过，仅限封闭测试环境 / "
            "WANGJIAN_ALLOW_INSECURE is on: every start-up check (keys, hosts) is skipped; for "
            "closed test machines only"
        )
    return None


def refuse_insecure_defaults() -> None:
    """Raise at server start-up (WSGI/ASGI, worker) when insecure defaults remain.

    Offline commands such as ``wangjian id check`` do not call this: they serve nobody.
    """
    problems = insecure_default_problems()
    if problems:
        raise ImproperlyConfigured(
            "拒绝以不安全的默认配置启动 / refusing to start with insecure defaults: "
            + "; ".join(problems)
        )
