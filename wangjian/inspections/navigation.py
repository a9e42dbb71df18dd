from django.utils.translation import gettext_lazy as _

from wangjian.core.navigation import nav_item, public_link

nav_item(210, _("双随机抽查"), "inspections:plan-list", "inspections.view")
nav_item(215, _("行政检查"), "inspections:field-list", "inspections.field")
nav_item(216, _("监督抽查"), "inspections:sampling-list", "inspections.sampling")

public_link(200, _("双随机抽查结果公示"), "inspections:public-results")
