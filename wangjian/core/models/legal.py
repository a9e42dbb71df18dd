from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.core.choices import LegalInstrumentKind, VerificationStatus


class LegalInstrument(models.Model):
    """法律依据: one version of a law, regulation, rule, standard or policy document.

    A new version of the same instrument is a new row with its own key (``ad-law-2021``), so a
    decision made under the old text keeps pointing at the text it applied.
    """

    key = models.SlugField(_("键"), max_length=60, unique=True)
    family = models.SlugField(
        _("系列"),
        max_length=60,
        db_index=True,
        help_text="Versions of the same instrument share a family (complaint-handling-measures).",
    )
    title = models.CharField(_("名称"), max_length=200)
    short_title = models.CharField(_("简称"), max_length=60, blank=True)
    kind = models.CharField(_("类别"), max_length=30, choices=LegalInstrumentKind.choices)
    issuer = models.CharField(_("制定机关"), max_length=200, blank=True)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    version = models.CharField(_("版本"), max_length=100)
    promulgated_on = models.DateField(_("公布日期"), null=True, blank=True)
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    repealed_on = models.DateField(_("废止日期"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes"
    )
    verification = models.CharField(
        _("核实状态"), max_length=20, choices=VerificationStatus.choices
    )
    source = models.CharField(_("文本来源"), max_length=300, blank=True)
    notes = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("法律依据")
        verbose_name_plural = _("法律依据")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"《{self.title}》({self.version})"

    def in_force_on(self, day) -> bool:
        if self.effective_on and day < self.effective_on:
            return False
        return not (self.repealed_on and day >= self.repealed_on)


class LegalArticle(models.Model):
    """One article (条), or one item (项) of an article, of a legal instrument.

    Other apps cite it by ``key``: ``<instrument key>:<article>[.<item>]``, for example
    ``ad-law-2021:9.3`` for 《广告法》第九条第三项.
    """

    instrument = models.ForeignKey(
        LegalInstrument, on_delete=models.CASCADE, related_name="articles"
    )
    key = models.CharField(_("键"), max_length=80, unique=True)
    article = models.PositiveSmallIntegerField(_("条"))
    item = models.PositiveSmallIntegerField(_("项"), null=True, blank=True)
    label = models.CharField(_("条文标识"), max_length=40)
    text = models.TextField(_("条文"), blank=True)

    class Meta:
        verbose_name = _("条文")
        verbose_name_plural = _("条文")
        ordering = ["instrument__key", "article", "item"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "article", "item"], name="legal_article_unique_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument.short_title or self.instrument.title} {self.label}"
