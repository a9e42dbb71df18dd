"""Inspection capabilities (双随机、一公开)."""

from wangjian.core.choices import Role
from wangjian.core.roles import register_capabilities

BUREAU_STAFF = {Role.REGULATOR, Role.SECTION_CHIEF}

register_capabilities("inspections.view", BUREAU_STAFF | {Role.PROVINCE_ADMIN})
register_capabilities("inspections.plan", {Role.SECTION_CHIEF})
register_capabilities("inspections.draw", {Role.SECTION_CHIEF})
register_capabilities("inspections.manage_inspectors", {Role.SECTION_CHIEF})
# 谁检查、谁录入、谁公开: the officers who checked record and publish.
register_capabilities("inspections.record_result", BUREAU_STAFF)
register_capabilities("inspections.publish", BUREAU_STAFF)
# 行政检查 outside the draw: started and recorded by the bureau's officers in the field.
register_capabilities("inspections.field", BUREAU_STAFF)
# 监督抽查: the section chief plans and publishes; officers take samples and record results.
register_capabilities("inspections.sampling_plan", {Role.SECTION_CHIEF})
register_capabilities("inspections.sampling", BUREAU_STAFF)
