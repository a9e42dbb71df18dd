"""风险预警: alerts raised when an entity's signals reach the threshold, and the officers
following them.

Basis: ``data/warning_rules.yaml``; weights, windows and thresholds are local practice (地方做法),
each signal's facts rest on their own bases as listed there.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.collaboration import querysets
from wangjian.collaboration.choices import AlertState


class RiskAlert(models.Model):
    """风险预警: an entity whose signals reached the threshold of the rules version in force,
    with each signal's weight and reason, assigned to the officer of the entity's street."""

    entity = models.ForeignKey("registry.MarketEntity", on_delete=models.PROTECT, related_name="+")
    division = models.ForeignKey("core.Division", on_delete=models.PROTECT, related_name="+")
    rules_version = models.CharField(_("规则版本"), max_length=40)
    score = models.PositiveIntegerField(_("风险分"))
    reasons = models.JSONField(_("预警理由"), default=list)
    # ",complaint_spike,licence_expired," — the reasons' signals, for portable filtering.
    signal_keys = models.CharField(max_length=300, blank=True, editable=False)
    state = models.CharField(
        _("状态"), max_length=20, choices=AlertState.choices, default=AlertState.OPEN
    )
    raised_on = models.DateField(_("预警日期"))
    updated_on = models.DateField(_("更新日期"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("负责人"),
    )
    clue_number = models.CharField(_("线索编号"), max_length=40, blank=True)
    closing_note = models.TextField(_("处理说明"), blank=True)

    objects = querysets.RiskAlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("风险预警")
        verbose_name_plural = _("风险预警")
        ordering = ["-score", "-raised_on", "-id"]

    def __str__(self) -> str:
        return f"{self.entity} {self.score}"

    @property
    def signals(self) -> list[str]:
        return [reason["signal"] for reason in self.reasons]


class AlertSubscription(models.Model):
    """风险预警订阅: an officer follows the open alerts of a division (a street, the district)
    carrying any of the chosen signals, on the home page."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    division = models.ForeignKey("core.Division", on_delete=models.PROTECT, related_name="+")
    signals = models.JSONField(_("信号"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("风险预警订阅")
        verbose_name_plural = _("风险预警订阅")
        ordering = ["division__code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "division"], name="alert_subscription_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.division}"
