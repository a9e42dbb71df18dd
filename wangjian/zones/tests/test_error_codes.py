"""Every refusal code the zones source names is listed in ``zones.error_codes``."""

from wangjian.core.tests.error_codes import codes_named
from wangjian.zones.error_codes import ZoneErrorCode


def test_every_code_named_in_the_source_is_listed():
    named = codes_named("zones", "ZoneStepRefused", position=0)
    assert named, "the scan found no refusals: has the exception been renamed?"
    assert [
        (where, code) for where, code in named if code not in ZoneErrorCode.__members__.values()
    ] == []
