"""主体关联: links proposed or decided from a shop to the market entity running it.

Legal basis: 《电子商务法》 (2018) 第二十七条 (platform KYC) and 第二十八条.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.registry import querysets
from wangjian.registry.choices import LinkMethod, LinkState
from wangjian.registry.models.entities import MarketEntity
from wangjian.registry.models.shops import OnlineShop


class EntityLink(models.Model):
    """主体关联: a proposed or decided link from a shop to a market entity, with its confidence.

    Links from an exact USCC are automatic; name and address matches under the threshold wait
    for a regulator. Decisions are audited and can be reversed (the previous state is kept).
    """

    shop = models.ForeignKey(OnlineShop, on_delete=models.CASCADE, related_name="links")
    entity = models.ForeignKey(MarketEntity, on_delete=models.CASCADE, related_name="links")
    method = models.CharField(_("方式"), max_length=20, choices=LinkMethod.choices)
    confidence = models.FloatField(_("置信度"))
    state = models.CharField(_("状态"), max_length=20, choices=LinkState.choices)
    previous_state = models.CharField(max_length=20, choices=LinkState.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = querysets.EntityLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("主体关联")
        verbose_name_plural = _("主体关联")
        ordering = ["-confidence", "id"]
        constraints = [
            models.UniqueConstraint(fields=["shop", "entity"], name="entity_link_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.shop} → {self.entity} ({self.confidence:.2f})"
