from django.utils.translation import gettext_lazy as _

from wangjian.core.navigation import nav_item

nav_item(300, _("投诉举报"), "complaints:list", "complaints.view_complaint")
