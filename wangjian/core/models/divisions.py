from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.core.choices import DivisionLevel
from wangjian.core.divisions import PLACEHOLDER_NAMES
from wangjian.core.querysets import DivisionQuerySet


class Division(models.Model):
    """行政区划: an administrative division of the People's Republic of China.

    Codes follow GB/T 2260 (six digits, county level and above) extended to the twelve-digit
    统计用区划代码 for townships and streets; every code is stored in its twelve-digit form.
    ``path`` lists the codes from the root down so that "is inside" is a prefix test on both
    databases, without relying on codes being prefixes of each other (they are not always:
    省直辖县级行政单位 and 开发区 break the pattern).
    """

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=100, db_index=True)
    level = models.PositiveSmallIntegerField(_("级别"), choices=DivisionLevel.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    path = models.CharField(max_length=80, unique=True)
    source = models.CharField(_("数据来源"), max_length=200, blank=True)

    objects = DivisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def short_code(self) -> str:
        """The six-digit GB/T 2260 code for county level and above, else the full code."""
        if self.level <= DivisionLevel.COUNTY and self.code.endswith("000000"):
            return self.code[:6]
        return self.code

    def contains(self, other: "Division") -> bool:
        """True when ``other`` is this division or lies inside it."""
        return other.path.startswith(self.path)

    def ancestors(self) -> list["Division"]:
        """Divisions above this one, from the root down (one query)."""
        codes = [code for code in self.path.strip("/").split("/") if code][:-1]
        by_code = {d.code: d for d in Division.objects.filter(code__in=codes)}
        return [by_code[code] for code in codes if code in by_code]

    def full_name(self) -> str:
        """The name as written in an address: 上海市杨浦区五角场街道.

        The statistical list's placeholder rows (市辖区 and 县 under the 直辖市) are not part of
        any address, so they are left out.
        """
        names = [
            d.name
            for d in self.ancestors()
            if d.level > DivisionLevel.COUNTRY and d.name not in PLACEHOLDER_NAMES
        ]
        return "".join([*names, self.name])
