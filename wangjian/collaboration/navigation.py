from django.utils.translation import gettext_lazy as _

from wangjian.core.navigation import nav_item

nav_item(400, _("异地协查"), "collaboration:request-list", "collaboration.view_request")
nav_item(401, _("联合惩戒"), "collaboration:discipline-list", "collaboration.view_discipline")
nav_item(402, _("风险预警"), "collaboration:alert-list", "collaboration.view_warning")
nav_item(403, _("专项整治"), "collaboration:campaign-list", "collaboration.view_campaign")
nav_item(404, _("数字经济监测"), "collaboration:indicator-rounds", "collaboration.view_indicators")
nav_item(405, _("物联感知"), "collaboration:device-alert-list", "collaboration.view_device_alert")
