from django.utils.translation import gettext_lazy as _

from wangjian.core.navigation import nav_item

nav_item(300, _("执法办案"), "enforcement:cases", "enforcement.view_case")
# Platforms and merchants read the guidance addressed to them; staff the guidance they issued.
nav_item(305, _("行政指导"), "enforcement:guidance", "enforcement.view_guidance")
