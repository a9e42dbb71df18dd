"""Every refusal code the monitoring source names is listed in ``monitoring.error_codes``."""

from wangjian.core.tests.error_codes import codes_named
from wangjian.monitoring.error_codes import MonitoringErrorCode


def test_every_code_named_in_the_source_is_listed():
    named = codes_named("monitoring", "MonitoringError", keyword="rule")
    assert named, "the scan found no refusals: has the exception been renamed?"
    assert [
        (where, code)
        for where, code in named
        if code not in MonitoringErrorCode.__members__.values()
    ] == []
