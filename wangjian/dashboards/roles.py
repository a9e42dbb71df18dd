"""The district board (决策分析) is read-only and internal: bureau and province staff."""

from wangjian.core.choices import Role
from wangjian.core.roles import register_capabilities

register_capabilities(
    "dashboards.view_board", {Role.REGULATOR, Role.SECTION_CHIEF, Role.PROVINCE_ADMIN}
)
