from django.utils.translation import gettext_lazy as _

from wangjian.core.navigation import nav_item, public_link

nav_item(400, _("示范区"), "zones:application-list", "zones.view_application")

public_link(300, _("示范区公示"), "zones:public-list")
