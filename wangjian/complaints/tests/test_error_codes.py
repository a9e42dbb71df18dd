"""Every refusal code the complaints source names is listed in ``complaints.error_codes``."""

from wangjian.complaints.error_codes import ComplaintErrorCode
from wangjian.core.tests.error_codes import codes_named


def test_every_code_named_in_the_source_is_listed():
    named = codes_named("complaints", "ComplaintError", keyword="rule")
    assert named, "the scan found no refusals: has the exception been renamed?"
    assert [
        (where, code)
        for where, code in named
        if code not in ComplaintErrorCode.__members__.values()
    ] == []
