from django.utils.translation import gettext_lazy as _

from wangjian.core.navigation import nav_item

nav_item(60, _("电子取证"), "evidence:list", "evidence.view_evidence")
