import datetime as dt
import re
import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from wangjian.core.documents import public_citation
from wangjian.core.legal_catalogue import cite
from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.monitoring.actions import confirm_findings, decide_clue, extend_clue
from wangjian.monitoring.clue_rules import clue_rules_version
from wangjian.monitoring.documents import bureau_name
from wangjian.monitoring.engine.rules import load_rule_pack
from wangjian.monitoring.models import Finding
from wangjian.monitoring.tests.factories import verify_and_submit


def _yangpu_findings():
    return list(Finding.objects.filter(item__external_id="L-1").order_by("rule"))


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "record.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    # Table cells wrap long lines; the wrapping is layout, not content.
    return re.sub(r"\s+", "", text)


def _record(client: Client, clue):
    return client.get(reverse("monitoring:clue-record", args=[clue.pk]))


def _chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@pytest.fixture
def clue(batch, regulator):
    return confirm_findings(
        actor=regulator, finding_ids=[f.pk for f in _yangpu_findings()], note="商品页截图已留存"
    )


def test_the_record_states_the_case_source_party_facts_basis_and_deadline(
    clue, regulator, world, tmp_path
):
    client = Client()
    client.force_login(regulator)
    audit_before = AuditEvent.objects.count()
    response = _record(client, clue)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{clue.number}.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF")
    # Only officials' names are printed: viewing the record is not a personal-data view.
    assert AuditEvent.objects.count() == audit_before

    text = _pdf_text(response.content, tmp_path)
    assert "案件来源登记表" in text
    # The clue lies in 五角场街道; the bureau bound to its ancestor 杨浦区 registers it.
    assert "上海市杨浦区市场监督管理局" in text
    assert clue.number in text
    assert world["yangpu_shop"].name in text
    assert world["yangpu_shop"].url in text
    assert world["platform"].name in text
    assert world["food"].name in text
    assert world["food"].uscc in text
    findings = _yangpu_findings()
    assert [finding.rule for finding in findings] == ["AT-001", "AT-003", "PR-002"]
    pack = load_rule_pack(None)
    for finding in findings:
        assert re.sub(r"\s+", "", f"{finding.rule} {pack.rule(finding.rule).title}") in text
        assert f"「{finding.match}」" in text
        assert re.sub(r"\s+", "", finding.explanation) in text
    assert cite("ad-law-2021:9.3") in text
    assert clue.legal_basis[0] == "ad-law-2021:9.3"
    assert f"核查期限{_chinese_date(clue.due_on)}" in text
    # The data's verification remark stays on staff pages, off the printed record.
    rules_citation = clue_rules_version(clue.rules_version).citation
    assert "未核实" in rules_citation
    assert re.sub(r"\s+", "", public_citation(rules_citation)) in text
    assert "未核实" not in text
    assert f"{regulator}·{_chinese_date(clue.discovered_on)}" in text
    assert "待核查，尚未作出决定" in text
    assert "本表由网监系统（wangjian）于" in text


def test_the_record_shows_the_extension_and_the_heads_decision(
    clue, regulator, section_chief, year_2027, tmp_path
):
    extended = extend_clue(actor=section_chief, clue=clue, reason="需要调取平台交易记录")
    extended = verify_and_submit(extended, regulator)
    decided = decide_clue(
        actor=section_chief, clue=extended, decision="no_case", note="经核查商品已下架，情节轻微"
    )
    client = Client()
    client.force_login(section_chief)
    response = _record(client, decided)
    assert response.status_code == 200
    text = _pdf_text(response.content, tmp_path)
    assert "需要调取平台交易记录" in text
    assert f"核查期限延长至{_chinese_date(decided.due_on)}" in text
    assert f"经负责人批准（{section_chief}）" in text
    assert "不予立案" in text
    assert "经核查商品已下架，情节轻微" in text
    assert f"{section_chief}·{_chinese_date(decided.decided_on)}" in text
    assert "待核查，尚未作出决定" not in text


def test_the_clue_page_links_to_its_record(clue, regulator):
    client = Client()
    client.force_login(regulator)
    page = client.get(reverse("monitoring:clue-detail", args=[clue.pk]))
    assert reverse("monitoring:clue-record", args=[clue.pk]) in page.content.decode()


def test_the_bureau_falls_back_to_the_division_name(divisions):
    assert bureau_name(divisions["zhangjiang"]) == "张江镇"


def test_clue_record_scoping(clue, regulator, other_regulator, consumer):
    response = assert_scoping_matrix(
        ScopingCase(
            url=reverse("monitoring:clue-record", args=[clue.pk]),
            missing_url=reverse("monitoring:clue-record", args=[clue.pk + 1000]),
            api=False,
        ),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=consumer,
    )
    assert response.content.startswith(b"%PDF")
