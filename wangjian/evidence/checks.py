from django.conf import settings
from django.core.checks import Warning, register

from wangjian.evidence.config import uses_test_tsa


@register()
def timestamp_authority_configured(app_configs, **kwargs):
    """Production seals need a recognised TSA (evidence-design.md §4.6), not the loopback one."""
    if settings.DEBUG or not uses_test_tsa():
        return []
    return [
        Warning(
            "未配置可信时间戳服务，证据包使用本机测试时间戳 / no WANGJIAN_TSA_URL: bundles are "
            "stamped by the loopback test TSA, which no court recognises",
            hint="设置 WANGJIAN_TSA_URL 与 WANGJIAN_TSA_ROOTS / set WANGJIAN_TSA_URL and "
            "WANGJIAN_TSA_ROOTS",
            id="evidence.W001",
        )
    ]
