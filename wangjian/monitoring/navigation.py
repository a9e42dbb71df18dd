from django.utils.translation import gettext_lazy as _

from wangjian.core.navigation import nav_item

nav_item(250, _("网络监测"), "monitoring:findings", "monitoring.view_finding")
# The rules page is public law: merchants read it as a compliance guide.
nav_item(255, _("监测规则"), "monitoring:rules", "monitoring.view_rules")
