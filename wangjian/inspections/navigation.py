from django.utils.translation import gettext_lazy as _

from wangjian.core.navigation import nav_item, public_link

nav_item(210, _("双随机抽查"), "inspections:plan-list", "inspections.view")

public_link(200, _("双随机抽查结果公示"), "inspections:public-results")
