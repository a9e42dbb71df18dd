"""ActionRefused: one language at a time, a code, a field; older "中文 / English" texts split."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from wangjian.core.errors import ActionRefused, Bilingual
from wangjian.core.tests.error_codes import codes_named


def test_a_refusal_reads_in_the_active_language_only():
    refused = ActionRefused(
        "state", "C1 字段 state：不能办理此环节", "C1 field state: not allowed", "state"
    )
    with translation.override("zh-hans"):
        assert str(refused) == "C1 字段 state：不能办理此环节"
        assert str(refused.message) == "C1 字段 state：不能办理此环节"
    with translation.override("en"):
        assert str(refused) == "C1 field state: not allowed"
    assert (refused.code, refused.field) == ("state", "state")
    assert (
        refused.in_both_languages == "C1 字段 state：不能办理此环节 / C1 field state: not allowed"
    )


@pytest.mark.parametrize(
    ("text", "zh", "en"),
    [
        ("无导入权限 / not permitted to import", "无导入权限", "not permitted to import"),
        ("无此权限（x）/ not permitted (x)", "无此权限（x）", "not permitted (x)"),
        (
            "C1 字段 a：日期 2026/1/2 无效 / C1 field a: bad date",
            "C1 字段 a：日期 2026/1/2 无效",
            "C1 field a: bad date",
        ),
        (
            "投诉举报 字段 facts：太短 / 投诉举报 field facts: too short",
            "投诉举报 字段 facts：太短",
            "投诉举报 field facts: too short",
        ),
        ("只有中文", "只有中文", "只有中文"),
    ],
)
def test_an_older_two_language_text_is_split_at_its_slash(text, zh, en):
    halves = Bilingual.split(text)
    assert (halves.zh, halves.en) == (zh, en)


def test_a_refusal_that_is_also_a_validation_error_keeps_one_message():
    class Refused(ActionRefused, ValidationError):
        pass

    refused = Refused("refused", "不行", "no")
    with translation.override("en"):
        assert refused.messages == ["no"]
        assert ValidationError(refused).messages == ["no"]
    assert refused.code == "refused"


def test_the_source_scan_finds_literal_codes_and_skips_tests(tmp_path):
    (tmp_path / "demo" / "tests").mkdir(parents=True)
    source = 'raise Refused("不行 / no", rule="state")\nraise other.Refused(code, rule="x")\n'
    (tmp_path / "demo" / "steps.py").write_text(source)
    (tmp_path / "demo" / "tests" / "test_steps.py").write_text(source)
    assert codes_named("demo", "Refused", keyword="rule", root=tmp_path) == [
        ("demo/steps.py:1", "state"),
        ("demo/steps.py:2", "x"),
    ]
    assert codes_named("demo", "Refused", root=tmp_path) == [("demo/steps.py:1", "不行 / no")]


def test_a_written_refusal_carries_its_code_field_and_both_languages():
    from wangjian.core.actions.refusals import CoreNotPermitted, CoreRefused
    from wangjian.core.error_codes import CoreErrorCode

    refused = CoreRefused(
        "请填写停用或启用的理由 / a reason is required",
        code=CoreErrorCode.REASON_MISSING,
        field="reason",
    )
    with translation.override("en"):
        assert refused.messages == ["a reason is required"]
    with translation.override("zh-hans"):
        assert str(refused) == "请填写停用或启用的理由"
    assert (refused.code, refused.field) == ("reason_missing", "reason")
    assert refused.in_both_languages == "请填写停用或启用的理由 / a reason is required"
    denied = CoreNotPermitted("无权启动该任务 / not permitted to start this job")
    assert (denied.code, denied.zh, denied.en) == (
        "not_permitted",
        "无权启动该任务",
        "not permitted to start this job",
    )
    assert isinstance(refused, ValidationError)
    assert isinstance(denied, PermissionDenied)


def test_an_uncaught_refusal_in_the_api_answers_400_with_its_code():
    from wangjian.core.actions.refusals import CoreNotPermitted, CoreRefused
    from wangjian.core.api.exceptions import exception_handler

    refused = CoreRefused("机构 甲 仍有启用的用户 / org unit 甲 still has active users")
    with translation.override("en"):
        response = exception_handler(refused, {"request": None})
    assert response.status_code == 400
    assert response.data == {
        "detail": "org unit 甲 still has active users",
        "code": "refused",
        "field": "",
    }
    # A refusal of who asks goes through DRF's own 403, in the reader's language as before.
    with translation.override("en"):
        denied = exception_handler(CoreNotPermitted("无权 / not permitted"), {"request": None})
    assert denied.status_code == 403
    assert str(denied.data["detail"]) == "not permitted"


def _request_with_messages(method: str, path: str, referer: str = ""):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.signed_cookies import SessionStore
    from django.test import RequestFactory

    extra = {"HTTP_REFERER": referer} if referer else {}
    request = getattr(RequestFactory(), method)(path, **extra)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_a_refusal_a_page_did_not_catch_goes_back_with_the_message_in_the_readers_language():
    from django.contrib.messages import get_messages

    from wangjian.core.actions.refusals import CoreRefused
    from wangjian.core.middleware import RefusalMiddleware

    middleware = RefusalMiddleware(lambda request: None)
    request = _request_with_messages("post", "/people/3/deactivate/", "http://testserver/people/")
    refused = CoreRefused("请填写停用或启用的理由 / a reason is required")
    with translation.override("en"):
        response = middleware.process_exception(request, refused)
    assert (response.status_code, response["Location"]) == (302, "http://testserver/people/")
    assert [str(message) for message in get_messages(request)] == ["a reason is required"]
    elsewhere = _request_with_messages("post", "/people/3/", "https://elsewhere.example/")
    with translation.override("zh-hans"):
        response = middleware.process_exception(elsewhere, refused)
    assert response["Location"] == "/"
    assert [str(message) for message in get_messages(elsewhere)] == ["请填写停用或启用的理由"]


def test_the_refusal_middleware_leaves_other_errors_and_refusals_of_who_asks_alone():
    from wangjian.core.actions.refusals import CoreNotPermitted
    from wangjian.core.middleware import RefusalMiddleware

    middleware = RefusalMiddleware(lambda request: None)
    request = _request_with_messages("post", "/people/3/deactivate/")
    assert middleware.process_exception(request, CoreNotPermitted("无权 / no")) is None
    assert middleware.process_exception(request, ValueError("x")) is None
