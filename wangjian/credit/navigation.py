from django.utils.translation import gettext_lazy as _

from wangjian.core.navigation import nav_item

nav_item(200, _("信用监管"), "credit:overview", "credit.view_record")
