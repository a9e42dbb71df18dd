from django.utils.translation import gettext_lazy as _

from wangjian.core.navigation import nav_item, public_link

nav_item(300, _("投诉举报"), "complaints:list", "complaints.view_complaint")

public_link(
    100,
    _("网上投诉举报"),
    "complaints:public-form",
    description=_("选择被投诉经营者所在区"),
    per_division=True,
)
public_link(110, _("查询投诉举报办理进度（凭登记编号）"), "complaints:public-lookup")
public_link(120, _("消费警示"), "complaints:public-warnings")
public_link(130, _("投诉举报公开数据"), "complaints:public-data")
