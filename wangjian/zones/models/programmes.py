"""创建办法 and their rubric: one version of a programme's rules and its evaluation items.

Basis: the programme's measures as data (``data/programmes/*.yaml``), e.g.
浙江省网络监管与服务示范区创建办法(试行) 第八至十八条 for the rubric.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Programme(models.Model):
    """创建办法: one version of a demonstration-zone programme and its rules.

    Legal basis: the instrument named in ``instrument_key`` (e.g. 《浙江省网络监管与服务示范区创建
    办法(试行)》); each rule in ``rules`` carries its article.
    """

    key = models.SlugField(_("键"), max_length=60)
    version = models.CharField(_("版本"), max_length=60)
    name = models.CharField(_("名称"), max_length=200)
    effective_on = models.DateField(_("施行日期"))
    territory = models.ForeignKey(
        "core.Division", on_delete=models.PROTECT, related_name="+", verbose_name=_("适用区域")
    )
    authority_name = models.CharField(_("组织机关"), max_length=200)
    instrument_key = models.CharField(_("依据文件键"), max_length=60)
    instrument = models.JSONField(_("依据文件"))
    articles = models.JSONField(_("条文"))
    rules = models.JSONField(_("规则"))
    questionnaire = models.JSONField(_("社会评价问卷"))
    rubric_version = models.CharField(_("评估标准版本"), max_length=60)
    rubric_verification = models.CharField(_("评估标准核实状态"), max_length=20)
    social_weight = models.DecimalField(_("社会评价分值"), max_digits=6, decimal_places=2)
    content_hash = models.CharField(_("内容哈希"), max_length=64)
    loaded_at = models.DateTimeField(_("载入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("示范区创建办法")
        verbose_name_plural = _("示范区创建办法")
        ordering = ["key", "-effective_on"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="zone_programme_version"),
        ]

    def __str__(self) -> str:
        return f"{self.name}({self.version})"

    def rule(self, name: str) -> dict:
        return self.rules[name]


class RubricItem(models.Model):
    """评估指标: one item of a programme's rubric (第八至十八条 of the Zhejiang measures)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="rubric_items")
    group_key = models.CharField(_("类别键"), max_length=40)
    group_name = models.CharField(_("类别"), max_length=40)
    key = models.CharField(_("键"), max_length=60)
    name = models.CharField(_("指标"), max_length=60)
    article = models.CharField(_("条款"), max_length=20)
    weight = models.DecimalField(_("分值"), max_digits=6, decimal_places=2)
    guidance = models.TextField(_("评分说明"))
    evidence_needed = models.TextField(_("所需佐证材料"))
    position = models.PositiveSmallIntegerField(_("顺序"))

    class Meta:
        verbose_name = _("评估指标")
        verbose_name_plural = _("评估指标")
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "key"], name="zone_rubric_item_key"),
        ]

    def __str__(self) -> str:
        return f"{self.group_name}·{self.name}"
