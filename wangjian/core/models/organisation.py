from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from wangjian.core.choices import OrgUnitKind, Role
from wangjian.core.querysets import OrgUnitQuerySet


class OrgUnit(models.Model):
    """An organisational unit: 市场监督管理局, its 科室 and 市场监督管理所, or a partner body.

    Each unit is bound to the division it serves; that division is the jurisdiction of every
    user in the unit (《市场监督管理行政处罚程序规定》 on territorial jurisdiction).
    """

    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=20, choices=OrgUnitKind.choices)
    division = models.ForeignKey(
        "core.Division", on_delete=models.PROTECT, related_name="org_units", verbose_name=_("辖区")
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    unified_social_credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("组织机构")
        verbose_name_plural = _("组织机构")
        ordering = ["division__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["division", "name"], name="org_unit_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in: bureau staff, platform and merchant staff, consumers, evaluators.

    A user has one role (architecture.md §1). Staff roles belong to an org unit whose division
    is their jurisdiction; the other roles see only what is theirs.
    """

    role = models.CharField(_("角色"), max_length=30, choices=Role.choices, default=Role.CONSUMER)
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("所属机构"),
    )
    display_name = models.CharField(_("姓名"), max_length=100, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def jurisdiction(self):
        """The division this user may see into, or None for roles without one."""
        if self.org_unit_id is None:
            return None
        return self.org_unit.division

    def has_capability(self, capability: str) -> bool:
        from wangjian.core.roles import role_has_capability

        return self.is_active and role_has_capability(self.role, capability)
