"""Rows that make sign-in and API access countable across workers: failed attempts, hashed API
tokens and the shared cache table used by the API rate limits."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wangjian.core.choices import AttemptScope


class FailedAttempt(models.Model):
    """One failed sign-in or lookup, counted per key (username, address, receipt number).

    Counting rows in the database, not in a worker's memory, makes the limits hold however many
    web workers serve the site. Rows older than the longest window are of no further use.
    """

    scope = models.CharField(_("类别"), max_length=30, choices=AttemptScope.choices)
    key = models.CharField(_("对象"), max_length=150)
    occurred_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("失败尝试")
        verbose_name_plural = _("失败尝试")
        indexes = [models.Index(fields=["scope", "key", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.key} {self.occurred_at:%Y-%m-%d %H:%M}"


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ApiToken(models.Model):
    """An API key for a system account. Only the SHA-256 of the key is stored.

    The key is shown once when issued; ``prefix`` (its first characters) finds the row, and the
    hash is compared in constant time. Every key expires; rotation issues a new key and lets the
    old one run out after a short overlap so that a platform's system can switch without a gap.
    """

    PREFIX_LENGTH = 8

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    prefix = models.CharField(_("前缀"), max_length=PREFIX_LENGTH, db_index=True)
    key_hash = models.CharField(_("密钥摘要"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("签发时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("到期时间"))
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("作废时间"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user_id})"


class CacheEntry(models.Model):
    """The table of Django's database cache (``CACHES['default']``), created by migration.

    Shared by every worker (the dashboards cache their figures here); the column names are the
    ones ``django.core.cache.backends.db.DatabaseCache`` expects.
    """

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "wangjian_cache"
        verbose_name = _("缓存条目")

    def __str__(self) -> str:
        return self.cache_key


class ApiRateCounter(models.Model):
    """The times of the API calls counted against one rate-limit key (a user, or an anonymous
    address) within its rate's duration, shared by every worker process.

    ``wangjian.core.api.throttling`` reads and rewrites the row under its lock; see there.
    """

    key = models.CharField(max_length=200, primary_key=True)
    # Unix times in milliseconds, newest first, separated by spaces.
    calls = models.TextField(blank=True)
    # Milliseconds: rows of keys idle for longer than the longest rate period are removed.
    last_call = models.BigIntegerField(db_index=True)

    class Meta:
        verbose_name = _("接口调用计数")
        verbose_name_plural = _("接口调用计数")

    def __str__(self) -> str:
        return self.key
