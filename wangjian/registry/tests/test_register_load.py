"""``wangjian registry load-register``: row errors, new / changed / closed entities with their
before and after, and the same file twice changing nothing."""

import datetime as dt
import io

import pytest
from django.apps import apps
from openpyxl import Workbook

from wangjian.cli import main
from wangjian.core.models import AuditEvent
from wangjian.registry.models import MarketEntity, RegisterChange, RegisterLoad
from wangjian.registry.register_load import load_register_file
from wangjian.registry.tests.factories import FIXTURES

FIRST = FIXTURES / "register_load_1.csv"  # GB18030
SECOND = FIXTURES / "register_load_2.json"


def table_counts() -> dict:
    counts = {
        model._meta.label: model.objects.count()
        for model in apps.get_app_config("registry").get_models()
    }
    counts["audit"] = AuditEvent.objects.count()
    return counts


def test_the_first_file_reports_exactly_its_bad_rows(register, tmp_path, capsys):
    file = tmp_path / FIRST.name
    file.write_bytes(FIRST.read_bytes())
    assert main(["registry", "load-register", str(file)]) == 1
    load = RegisterLoad.objects.get()
    assert [(e.row, e.column, e.rule) for e in load.errors.all()] == [
        (3, "uscc", "uscc"),
        (6, "status_changed_on", "status_date"),
        (7, "status", "status"),
        (8, "established_on", "date"),
        (9, "uscc", "duplicate"),
    ]
    assert load.errors.get(row=9).message == (
        "第9行 统一社会信用代码：与第2行重复（值：91310110MA1R00011E）/ row 9, uscc: repeats row 2"
        " (value: 91310110MA1R00011E)"
    )
    assert (load.rows_read, load.rows_rejected) == (8, 5)
    assert (load.created, load.changed, load.status_changed, load.unchanged) == (1, 1, 0, 1)
    out = capsys.readouterr().out
    assert "新增 1，变更 1，状态变更 0，无变化 1，驳回 5" in out
    assert (tmp_path / (FIRST.name + ".errors.json")).exists()
    new = MarketEntity.objects.get(uscc="91310110MA1R00011E")
    assert (new.entity_type, new.division.code, str(new.registered_capital)) == (
        "enterprise",
        "310110019000",
        "100.00",
    )
    renamed = MarketEntity.objects.get(uscc="91310110MA1G000117")
    change = RegisterChange.objects.get(entity=renamed)
    assert change.kind == "changed"
    assert change.before == {
        "name": "上海杨浦甲乙食品有限公司",
        "legal_representative": "",
        "former_names": ["上海甲乙食品店"],
    }
    assert change.after == {
        "name": "上海杨浦甲乙食品集团有限公司",
        "legal_representative": "王甲",
        "former_names": ["上海杨浦甲乙食品有限公司", "上海甲乙食品店"],
    }
    # The closure without a date was rejected: the shop owner is still active.
    assert MarketEntity.objects.get(uscc="92310110MA1G00038U").status == "active"


def test_the_second_file_gives_exactly_the_expected_entities(register, tmp_path):
    load_register_file(actor=None, file_name=FIRST.name, content=FIRST.read_bytes())
    before_ids = set(MarketEntity.objects.values_list("id", flat=True))
    file = tmp_path / SECOND.name
    file.write_bytes(SECOND.read_bytes())
    assert main(["registry", "load-register", str(file)]) == 0
    load = RegisterLoad.objects.get(file_name=SECOND.name)
    assert (load.created, load.changed, load.status_changed, load.unchanged) == (1, 0, 2, 1)
    new = MarketEntity.objects.exclude(id__in=before_ids)
    assert list(new.values_list("uscc", "name", "entity_type")) == [
        ("92310110MA1R0002X3", "杨浦区小李水果店", "individual_business")
    ]
    closed = {
        e.uscc: (e.status, e.status_changed_on)
        for e in MarketEntity.objects.exclude(status="active")
    }
    assert closed == {
        "92310110MA1G00038U": ("deregistered", dt.date(2026, 5, 20)),
        "91310110MA1G0002XY": ("moved_out", dt.date(2026, 6, 1)),
    }
    status_changes = RegisterChange.objects.filter(load=load, kind="status").order_by("id")
    assert [(c.before, c.after) for c in status_changes] == [
        (
            {"status": "active", "status_changed_on": None},
            {"status": "deregistered", "status_changed_on": "2026-05-20"},
        ),
        (
            {"status": "active", "status_changed_on": None},
            {"status": "moved_out", "status_changed_on": "2026-06-01"},
        ),
    ]
    # Never a deletion: every entity of the first load is still there.
    assert before_ids <= set(MarketEntity.objects.values_list("id", flat=True))


def test_the_same_file_again_changes_no_table(register, tmp_path, capsys):
    file = tmp_path / SECOND.name
    file.write_bytes(SECOND.read_bytes())
    assert main(["registry", "load-register", str(file)]) == 0
    counts = table_counts()
    assert main(["registry", "load-register", str(file)]) == 0
    assert table_counts() == counts
    assert "未作任何更改" in capsys.readouterr().out


def test_an_xlsx_export_is_read(register):
    book = Workbook()
    sheet = book.active
    sheet.append(["统一社会信用代码", "名称", "主体类型", "区划代码", "成立日期"])
    sheet.append(
        ["91310110MA1R000386", "上海表格贸易有限公司", "企业", "310110", dt.date(2026, 1, 5)]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    outcome = load_register_file(actor=None, file_name="r.xlsx", content=buffer.getvalue())
    assert (outcome.load.created, outcome.load.rows_rejected) == (1, 0)
    entity = MarketEntity.objects.get(uscc="91310110MA1R000386")
    assert entity.established_on == dt.date(2026, 1, 5)


def test_an_unreadable_file_exits_2_and_stores_nothing(register, tmp_path):
    broken = tmp_path / "register.csv"
    broken.write_bytes("名称\n某公司\n".encode())
    counts = table_counts()
    assert main(["registry", "load-register", str(broken)]) == 2
    assert main(["registry", "load-register", str(tmp_path / "absent.json")]) == 2
    assert main(["registry", "load-register", str(tmp_path / "register.txt")]) == 2
    assert table_counts() == counts


def test_a_large_upload_is_loaded_by_a_job_with_progress(
    register, system_admin, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.test import Client
    from django.urls import reverse

    from wangjian.core.choices import JobState
    from wangjian.core.jobs import run_job
    from wangjian.core.models import Job
    from wangjian.registry.register_load import BACKGROUND_LOAD_BYTES

    settings.MEDIA_ROOT = tmp_path
    # Three rows whose long business scope puts the file over the background threshold.
    scope = "日用百货销售；" * (BACKGROUND_LOAD_BYTES // 3 // 21 + 10)
    rows = ["统一社会信用代码,名称,区划代码,经营范围"] + [
        f"{code},上海大文件{n}贸易有限公司,310110,{scope}"
        for n, code in enumerate(("91310110MA1R00011E", "91310110MA1R000386", "91310110MA1R000461"))
    ]
    content = "\n".join(rows).encode("utf-8")
    assert len(content) > BACKGROUND_LOAD_BYTES
    client = Client()
    client.force_login(system_admin)
    upload = tmp_path / "big.csv"
    upload.write_bytes(content)
    with django_capture_on_commit_callbacks(execute=False), open(upload, "rb") as handle:
        response = client.post(reverse("registry:register-loads"), {"file": handle})
    job = Job.objects.get(kind="registry.load_register")
    assert response["Location"] == reverse("core:job-detail", args=[job.pk])
    assert not RegisterLoad.objects.exists()
    assert run_job(job.pk) == JobState.SUCCEEDED
    job.refresh_from_db()
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert job.result["created"] == 3
    assert RegisterLoad.objects.get().loaded_by == system_admin


def test_a_zip_bomb_register_is_refused_before_anything_is_decompressed(register, tmp_path, capsys):
    import tracemalloc

    from wangjian.core.tests.files import zip_bomb_xlsx

    bomb = tmp_path / "register.xlsx"
    bomb.write_bytes(zip_bomb_xlsx(("统一社会信用代码", "名称")))
    counts = table_counts()
    tracemalloc.start()
    status = main(["registry", "load-register", str(bomb)])
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert status == 2
    assert "file register.xlsx: expands beyond 200 MB; refused" in capsys.readouterr().out
    assert peak < 20 * 1024 * 1024
    assert table_counts() == counts


def test_control_characters_and_nested_json_are_refused_with_a_message(register):
    outcome = load_register_file(
        actor=None,
        file_name="r.csv",
        content="统一社会信用代码,名称\n91310110MA1R000386,上海\x00贸易有限公司\n".encode(),
    )
    assert outcome.load.rows_rejected == 1
    assert [(e.row, e.column, e.rule) for e in outcome.load.errors.all()] == [
        (2, "name", "control_character")
    ]
    assert not MarketEntity.objects.filter(uscc="91310110MA1R000386").exists()
    deep = ("[" * 100_000 + "]" * 100_000).encode()
    from wangjian.registry.register_load import UnreadableRegister

    with pytest.raises(UnreadableRegister, match="JSON nested deeper than 64 levels"):
        load_register_file(actor=None, file_name="r.json", content=deep)
