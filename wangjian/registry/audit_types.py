"""Audit event types written by registry (审计事件类型, 主体登记), labelled for the audit log.

The values are the strings already stored in ``core.AuditEvent.event_type``; never rename one,
add a member instead, or historic events lose their label.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistryAuditEventType(models.TextChoices):
    DEMO_LICENCES_LOADED = "registry.demo_licences_loaded", _("载入演示许可证")
    ENTITY_DEREGISTERED = "registry.entity_deregistered", _("主体注销")
    ENTITY_LINK_DECIDED = "registry.entity_link_decided", _("确认主体关联")
    ENTITY_LINK_REVERSED = "registry.entity_link_reversed", _("撤销主体关联")
    ENTITY_REGISTERED = "registry.entity_registered", _("登记市场主体")
    FLAG_CLOSED = "registry.flag_closed", _("关闭登记疑点")
    FLAG_CORRECTION_REPORTED = "registry.flag_correction_reported", _("报告登记更正")
    FLAG_HANDLED = "registry.flag_handled", _("处理登记疑点")
    LICENCE_ADDED = "registry.licence_added", _("添加许可证")
    LICENCE_CREATED = "registry.licence_created", _("新建许可证")
    LICENCE_EDITED = "registry.licence_edited", _("修改许可证")
    LIVE_ROOM_CREATED = "registry.live_room_created", _("新建直播间")
    LIVE_ROOM_EDITED = "registry.live_room_edited", _("修改直播间")
    MERCHANT_ACCOUNT_LINKED = "registry.merchant_account_linked", _("关联经营者账户")
    PLATFORM_ACCOUNT_LINKED = "registry.platform_account_linked", _("关联平台账户")
    PLATFORM_CREATED = "registry.platform_created", _("新建平台")
    PLATFORM_EDITED = "registry.platform_edited", _("修改平台")
    PLATFORM_REGISTERED = "registry.platform_registered", _("登记平台")
    REGISTER_FILE_LOADED = "registry.register_file_loaded", _("载入登记文件")
    REGISTER_LOADED = "registry.register_loaded", _("载入登记数据")
    SHOP_ATTACHED_TO_ENTITY = "registry.shop_attached_to_entity", _("网店关联主体")
    SITE_CREATED = "registry.site_created", _("新建网站")
    SITE_EDITED = "registry.site_edited", _("修改网站")
    SUBMISSION_IMPORTED = "registry.submission_imported", _("导入报送数据")


AUDIT_EVENT_TYPES = (RegistryAuditEventType,)
