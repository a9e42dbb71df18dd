from django.utils.translation import gettext_lazy as _

from wangjian.core.navigation import nav_item

nav_item(100, _("主体库"), "registry:entity-list", "registry.view_entity")
nav_item(110, _("平台报送"), "registry:submission-list", "registry.view_submission")
nav_item(120, _("提示"), "registry:flag-list", "registry.view_flag")
nav_item(130, _("主体关联"), "registry:link-queue", "registry.resolve_entities")
nav_item(140, _("登记维护"), "registry:register-loads", "registry.manage_register")
nav_item(121, _("店铺提示"), "registry:flag-list", "registry.respond_flag")
