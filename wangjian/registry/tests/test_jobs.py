import pytest

from wangjian.core.choices import JobState
from wangjian.core.jobs import run_job
from wangjian.core.uploads import ImportLimits
from wangjian.registry.actions import receive_submission
from wangjian.registry.models import OnlineShop, Submission

HEADER = "店铺编号,店铺名称,店铺网址,经营者名称,统一社会信用代码,实际经营地址,联系方式\n"


def large_file() -> bytes:
    line = (
        # A long URL keeps the row count (and the test's run time) down.
        "L{0:05d},甲乙食品第{0}号店,https://shop.example.com/l{0}?from=" + "x" * 400 + ","
        "上海杨浦甲乙食品有限公司,"
        "91310110MA1G000117,上海市杨浦区五角场街道国定路{0}号,021-65000001\n"
    )
    rows, size, number = [HEADER], len(HEADER.encode()), 0
    while size <= ImportLimits().inline_max_bytes:
        rows.append(line.format(number))
        size += len(rows[-1].encode())
        number += 1
    return "".join(rows).encode("utf-8")


@pytest.mark.django_db
def test_a_large_upload_is_imported_by_a_job(
    register, platform_user, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    content = large_file()
    rows = content.count(b"\n") - 1
    with django_capture_on_commit_callbacks(execute=False):
        receipt = receive_submission(
            actor=platform_user,
            platform=register["platform"],
            file_name="large.csv",
            content=content,
            period="2026H2",
            channel="upload",
        )
    assert receipt.outcome is None
    assert Submission.objects.count() == 0

    assert run_job(receipt.job.pk) == JobState.SUCCEEDED

    receipt.job.refresh_from_db()
    submission = Submission.objects.get()
    assert receipt.job.result["submission"] == submission.pk
    assert (submission.rows_read, submission.rows_committed, submission.rows_rejected) == (
        rows,
        rows,
        0,
    )
    assert OnlineShop.objects.count() == rows
    assert submission.submitted_by == platform_user
