"""物联感知: alerts posted by vendors' systems (智慧电梯, 明厨亮灶), mapped to registered entities.

Basis: the alert kinds and their bases are data (``data/iot_kinds.yaml``, article numbers
unconfirmed).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.collaboration import querysets
from wangjian.collaboration.choices import DeviceAlertState


class DeviceAlert(models.Model):
    """物联感知告警: an alert from a vendor's system (智慧电梯, 明厨亮灶), posted through the API
    with an idempotency key, then mapped to the registered entity at its address."""

    source_unit = models.ForeignKey(
        "core.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("推送单位")
    )
    idempotency_key = models.CharField(_("幂等键"), max_length=100)
    device_id = models.CharField(_("设备编号"), max_length=100)
    kind = models.CharField(_("告警类型"), max_length=40)
    severity = models.CharField(_("严重程度"), max_length=10)
    occurred_at = models.DateTimeField(_("发生时间"))
    location = models.CharField(_("地址"), max_length=300)
    picture_ref = models.CharField(_("图片编号"), max_length=300, blank=True)
    state = models.CharField(
        _("状态"),
        max_length=10,
        choices=DeviceAlertState.choices,
        default=DeviceAlertState.RECEIVED,
    )
    entity = models.ForeignKey(
        "registry.MarketEntity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("市场主体"),
    )
    division = models.ForeignKey("core.Division", on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(auto_now_add=True)
    # The clue (线索) the alert went into once its kind's threshold was reached.
    clue_number = models.CharField(_("线索编号"), max_length=40, blank=True)

    objects = querysets.DeviceAlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("物联感知告警")
        verbose_name_plural = _("物联感知告警")
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_unit", "idempotency_key"], name="device_alert_once"
            ),
        ]
        indexes = [models.Index(fields=["state", "id"])]

    def __str__(self) -> str:
        return f"{self.device_id} {self.kind}"
