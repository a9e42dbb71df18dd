from django.utils.translation import gettext_lazy as _

from wangjian.core.navigation import nav_item

nav_item(260, _("平台主体责任"), "platforms:index", "platforms.view_platform")
nav_item(262, _("数据合规自评估"), "platforms:assessments", "platforms.view_assessment")
nav_item(264, _("合规指引"), "platforms:guides", "platforms.view_guide")
nav_item(261, _("平台处置要求"), "platforms:action-requests", "platforms.view_platform")
