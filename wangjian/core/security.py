"""Start-up refusal of insecure defaults when DEBUG is off."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def insecure_default_problems() -> list[str]:
    """What a production start-up (DEBUG off) would still have of the demo defaults."""
    if settings.DEBUG or settings.ALLOW_INSECURE:
        return []
    problems = []
    if settings.SECRET_KEY == settings.INSECURE_SECRET_KEY or len(settings.SECRET_KEY) < 32:
        problems.append(
            "WANGJIAN_SECRET_KEY 须设置为至少 32 个字符的随机值 / "
            "WANGJIAN_SECRET_KEY must be set to a random value of at least 32 characters"
        )
    if settings.PERSONAL_DATA_HASH_KEY == settings.INSECURE_SECRET_KEY:
        problems.append(
            "WANGJIAN_PERSONAL_DATA_KEY 须设置 / WANGJIAN_PERSONAL_DATA_KEY must be set"
        )
    if "*" in settings.ALLOWED_HOSTS:
        problems.append(
            "WANGJIAN_ALLOWED_HOSTS 不得包含 '*' / WANGJIAN_ALLOWED_HOSTS must not contain '*'"
        )
    return problems


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
