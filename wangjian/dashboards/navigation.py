from django.utils.translation import gettext_lazy as _

from wangjian.core.navigation import nav_item

nav_item(900, _("决策分析"), "dashboards:board", "dashboards.view_board")
