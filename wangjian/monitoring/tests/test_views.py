"""The monitoring pages through the Django test client: each endpoint's scoping matrix, the
queue and its filters, a finding in its text, triage into a clue, clue decisions, uploads run by
the job runner, and the dismissals export."""

import csv
import datetime as dt
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from wangjian.core.home import cards_for
from wangjian.core.jobs import run_job
from wangjian.core.legal_catalogue import cite, get_article
from wangjian.core.messages import in_active_language
from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.core.working_days import add_working_days
from wangjian.monitoring.actions import confirm_findings, dismiss_finding
from wangjian.monitoring.models import Clue, Finding, ScanBatch
from wangjian.monitoring.tests.factories import LISTING, feed_batch, verify_and_submit

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_matrix(url, missing, permitted, other, denied, **extra):
    return assert_scoping_matrix(
        ScopingCase(url=url, missing_url=missing, api=False, **extra),
        permitted=permitted,
        other_jurisdiction=other,
        no_permission=denied,
    )


def item_findings(external_id):
    return list(Finding.objects.filter(item__external_id=external_id).order_by("rule"))


def assert_list_page_scoping(url, permitted, other, denied):
    """A list has no object to hide: anonymous signs in, a role without the capability gets the
    common 404, another bureau gets the page with none of this bureau's rows."""
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert "/login/" in anonymous["Location"]
    assert client_for(denied).get(url).status_code == 404
    elsewhere = client_for(other).get(url)
    assert elsewhere.status_code == 200
    allowed = client_for(permitted).get(url)
    assert allowed.status_code == 200
    return allowed, elsewhere


def row_ids(response) -> list[int]:
    return [finding.pk for finding in response.context["page"]]


# --- Queue -------------------------------------------------------------------------------------


def test_queue_shows_the_jurisdictions_findings_for_triage(
    batch, regulator, other_regulator, consumer, merchant
):
    yangpu = Finding.objects.filter(item__external_id__in=["L-1", "L-4"])
    pudong = Finding.objects.filter(item__external_id="L-3")
    allowed, elsewhere = assert_list_page_scoping(
        "/monitoring/", regulator, other_regulator, consumer
    )
    assert client_for(merchant).get("/monitoring/").status_code == 404
    assert sorted(row_ids(allowed)) == sorted(finding.pk for finding in yangpu.for_triage())
    assert len(row_ids(allowed)) == 6
    assert sorted(row_ids(elsewhere)) == sorted(finding.pk for finding in pudong)
    html = allowed.content.decode()
    assert "<mark>国家级</mark>" in html
    assert 'href="/registry/shops/' in html
    assert "甲乙食品旗舰店" in html
    assert "张江美妆专营店" not in html
    assert "未登记店铺 S-404" in html
    assert 'href="/monitoring/dismissals.csv"' in html


def test_queue_defaults_to_open_findings_and_filters_by_get_parameters(batch, regulator):
    client = client_for(regulator)
    first = item_findings("L-1")[0]
    dismiss_finding(actor=regulator, finding=first, reason="context", note="店名中的字号")
    assert first.pk not in row_ids(client.get("/monitoring/"))
    dismissed = client.get("/monitoring/?state=dismissed")
    assert row_ids(dismissed) == [first.pk]
    visible = Finding.objects.visible_to(regulator)
    by_rule = client.get("/monitoring/?state=all&rule=AT-003")
    assert sorted(row_ids(by_rule)) == sorted(
        visible.filter(rule="AT-003").values_list("pk", flat=True)
    )
    assert len(row_ids(by_rule)) == 2
    by_shop = client.get("/monitoring/?shop=S-001&family=price")
    assert row_ids(by_shop) == [
        finding.pk for finding in item_findings("L-1") if finding.family == "price"
    ]
    by_batch = client.get(f"/monitoring/?batch={batch.pk}&verdict=violation")
    assert sorted(row_ids(by_batch)) == sorted(
        visible.for_triage().filter(verdict="violation").values_list("pk", flat=True)
    )


@pytest.mark.parametrize(
    ("query", "field"),
    [("state=closed", "研判状态"), ("batch=abc", "批次"), ("rule=XX-999", "规则")],
)
def test_a_bad_filter_value_is_a_message_not_a_500(batch, regulator, query, field):
    response = client_for(regulator).get(f"/monitoring/?{query}")
    assert response.status_code == 400
    error = response.context["error"]
    assert error.startswith(f"表单有误：{field}：")
    assert " / invalid form: " in error
    assert list(response.context["page"]) == []


# --- A finding ---------------------------------------------------------------------------------


def test_finding_page_scoping_highlight_and_legal_texts(
    batch, regulator, other_regulator, consumer
):
    finding = next(f for f in item_findings("L-1") if f.rule == "AT-003")
    response = page_matrix(
        f"/monitoring/findings/{finding.pk}/",
        "/monitoring/findings/999999/",
        regulator,
        other_regulator,
        consumer,
    )
    html = response.content.decode()
    start, end = finding.start, finding.end
    assert (
        f'{LISTING[:start]}<mark data-testid="match">{LISTING[start:end]}</mark>{LISTING[end:]}'
        in html
    )
    for key in finding.legal_basis:
        assert cite(key) in html
        assert get_article(key).text.splitlines()[0] in html
    assert finding.explanation in html
    assert finding.severity == "high"
    assert "严重程度：高 ·" in html
    assert 'href="/monitoring/rules/AT-003/"' in html
    others = [f.pk for f in response.context["others"]]
    assert sorted(others) == sorted(f.pk for f in item_findings("L-1") if f.pk != finding.pk)


def test_user_text_is_escaped_and_highlighted_by_slicing(world, regulator):
    text = '<img src=x onerror="alert(1)">最好的坚果'
    feed_batch(regulator, world, records=[{"id": "X-1", "text": text, "shop_id": "S-001"}])
    finding = Finding.objects.get(item__external_id="X-1", rule="AT-001")
    html = client_for(regulator).get(f"/monitoring/findings/{finding.pk}/").content.decode()
    assert "<img" not in html
    assert (
        '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;<mark data-testid="match">最好</mark>'
        "的坚果" in html
    )


def test_confirm_scoping_matrix_registers_a_clue_and_redirects(
    batch, regulator, other_regulator, consumer
):
    finding = item_findings("L-1")[0]
    response = page_matrix(
        f"/monitoring/findings/{finding.pk}/confirm/",
        "/monitoring/findings/999999/confirm/",
        regulator,
        other_regulator,
        consumer,
        method="post",
        data={"note": "截图已留存"},
        permitted_status=302,
    )
    clue = Clue.objects.get()
    assert response["Location"] == f"/monitoring/clues/{clue.pk}/"
    assert list(clue.findings.values_list("pk", "state")) == [(finding.pk, "confirmed")]
    assert clue.summary.endswith("。截图已留存")


def test_confirm_adds_to_an_open_clue_of_the_same_shop(batch, regulator):
    first, second, _third = item_findings("L-1")
    clue = confirm_findings(actor=regulator, finding_ids=[first.pk], note="")
    client = client_for(regulator)
    page = client.get(f"/monitoring/findings/{second.pk}/")
    assert list(page.context["confirm_form"].fields["clue"].queryset) == [clue]
    response = client.post(
        f"/monitoring/findings/{second.pk}/confirm/", {"note": "同一店铺", "clue": clue.pk}
    )
    assert response.status_code == 302
    assert Clue.objects.count() == 1
    assert sorted(clue.findings.values_list("pk", flat=True)) == sorted([first.pk, second.pk])


def test_confirm_with_a_clue_of_another_shop_is_refused_on_the_page(batch, regulator):
    yangpu = item_findings("L-1")[0]
    unknown = item_findings("L-4")[0]
    clue = confirm_findings(actor=regulator, finding_ids=[yangpu.pk], note="")
    response = client_for(regulator).post(
        f"/monitoring/findings/{unknown.pk}/confirm/", {"clue": clue.pk}
    )
    assert response.status_code == 400
    assert response.context["error"].startswith("表单有误：并入已有线索（可选）：")
    assert Finding.objects.get(pk=unknown.pk).state == "open"


def test_dismiss_scoping_matrix(batch, regulator, other_regulator, consumer):
    finding = item_findings("L-1")[0]
    response = page_matrix(
        f"/monitoring/findings/{finding.pk}/dismiss/",
        "/monitoring/findings/999999/dismiss/",
        regulator,
        other_regulator,
        consumer,
        method="post",
        data={"reason": "context", "note": "店铺名称中的字号"},
        permitted_status=302,
    )
    assert response["Location"] == "/monitoring/"
    finding.refresh_from_db()
    assert (finding.state, finding.dismissal_reason, finding.triage_note) == (
        "dismissed",
        "context",
        "店铺名称中的字号",
    )


def test_a_refused_dismissal_shows_the_chinese_message_and_writes_nothing(batch, regulator):
    finding = item_findings("L-1")[0]
    events = AuditEvent.objects.count()
    response = client_for(regulator).post(
        f"/monitoring/findings/{finding.pk}/dismiss/", {"reason": "bored", "note": "不想处理"}
    )
    assert response.status_code == 400
    message = f"监测发现 #{finding.pk}：排除理由 'bored' 不在列表中"
    assert response.context["error"].startswith(message)
    html = response.content.decode()
    # The reader's language only: the English half of the refusal is not shown beside it.
    assert escape(message) in html
    assert "dismissal reason" not in html
    assert 'data-testid="error"' in html
    assert AuditEvent.objects.count() == events
    finding.refresh_from_db()
    assert (finding.state, finding.dismissal_reason, finding.triage_note) == ("open", "", "")
    short = client_for(regulator).post(
        f"/monitoring/findings/{finding.pk}/dismiss/", {"reason": "context", "note": "无"}
    )
    assert short.status_code == 400
    assert "请写明排除的具体理由" in short.context["error"]


def test_reopen_is_the_section_heads(batch, regulator, section_chief, other_section_chief):
    finding = item_findings("L-1")[0]
    dismiss_finding(actor=regulator, finding=finding, reason="context", note="语境正常")
    response = page_matrix(
        f"/monitoring/findings/{finding.pk}/reopen/",
        "/monitoring/findings/999999/reopen/",
        section_chief,
        other_section_chief,
        regulator,
        method="post",
        data={"note": "宣传确有不实"},
        permitted_status=302,
    )
    assert response["Location"] == f"/monitoring/findings/{finding.pk}/"
    assert Finding.objects.get(pk=finding.pk).state == "open"


def test_bulk_confirm_from_the_queue(batch, regulator, other_regulator, consumer):
    first, second, _third = item_findings("L-1")
    unknown = item_findings("L-4")[0]
    pudong = item_findings("L-3")[0]
    url = "/monitoring/findings/confirm/"
    assert client_for(consumer).post(url, {"finding": [first.pk]}).status_code == 404
    # Another bureau's finding answers like a missing one.
    assert client_for(other_regulator).post(url, {"finding": [first.pk]}).status_code == 404
    client = client_for(regulator)
    assert client.post(url, {"finding": [pudong.pk]}).status_code == 404
    mixed = client.post(url, {"finding": [first.pk, unknown.pk]})
    assert mixed.status_code == 400
    assert mixed.context["error"].startswith("确认为线索的监测发现须涉及同一店铺")
    none = client.post(url, {"note": "x"})
    assert none.status_code == 400
    assert none.context["error"].startswith("监测发现 （未选择） 不存在或不在本辖区")
    response = client.post(url, {"finding": [first.pk, second.pk], "note": "批量确认"})
    clue = Clue.objects.get()
    assert response["Location"] == f"/monitoring/clues/{clue.pk}/"
    assert sorted(clue.findings.values_list("pk", flat=True)) == sorted([first.pk, second.pk])


# --- Batches -----------------------------------------------------------------------------------


def test_batch_list_and_page_scoping(batch, regulator, other_regulator, consumer):
    allowed, elsewhere = assert_list_page_scoping(
        "/monitoring/batches/", regulator, other_regulator, consumer
    )
    assert [row.pk for row in allowed.context["page"]] == [batch.pk]
    assert list(elsewhere.context["page"]) == []
    response = page_matrix(
        f"/monitoring/batches/{batch.pk}/",
        "/monitoring/batches/999999/",
        regulator,
        other_regulator,
        consumer,
    )
    html = response.content.decode()
    assert '<td data-testid="records">4</td>' in html
    assert '<td data-testid="malformed">2</td>' in html
    assert '<td data-testid="findings">8</td>' in html
    assert '<td data-testid="routed-elsewhere">2</td>' in html
    for error in batch.errors:
        assert escape(in_active_language(error["message"])) in html
    assert response.context["by_family"] == [
        ("absolute_terms", "绝对化用语", 4),
        ("fake_reviews", "虚假评价与好评诱导", 2),
        ("price", "价格标示", 2),
    ]
    assert response.context["visible_findings"] == 6


JSONL = "\n".join(
    json.dumps(record, ensure_ascii=False)
    for record in [
        {"id": "U-1", "text": "全网最低价，国家级品质", "shop_id": "S-001"},
        {"id": "U-2", "text": "新鲜坚果，欢迎选购"},
        {"id": "", "text": "编号为空"},
    ]
).encode("utf-8")


def _named(content: bytes, name: str):
    return SimpleUploadedFile(name, content)


def upload(client, content=JSONL, name="listings.jsonl", **data):
    return client.post("/monitoring/batches/upload/", {"file": _named(content, name), **data})


def test_upload_is_scanned_by_the_job_and_the_batch_page_shows_the_counts(
    world, regulator, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(regulator)
    response = upload(client, platform=world["platform"].pk)
    batch = ScanBatch.objects.get()
    assert response["Location"] == f"/monitoring/batches/{batch.pk}/"
    assert (batch.state, batch.file_name, batch.platform) == (
        "queued",
        "listings.jsonl",
        world["platform"],
    )
    assert run_job(batch.job_id) == "succeeded"
    batch.refresh_from_db()
    page = client.get(f"/monitoring/batches/{batch.pk}/")
    html = page.content.decode()
    assert page.context["job"].pk == batch.job_id
    assert f'href="/jobs/{batch.job_id}/"' in html
    assert f'<td data-testid="records">{batch.records}</td>' in html
    assert f'<td data-testid="malformed">{batch.malformed}</td>' in html
    assert f'<td data-testid="findings">{batch.findings}</td>' in html
    assert (batch.records, batch.malformed) == (2, 1)
    assert batch.findings == len(Finding.objects.filter(batch=batch)) == 2
    assert escape(in_active_language(batch.errors[0]["message"])) in html
    again = upload(client, name="copy.jsonl", platform=world["platform"].pk)
    assert again["Location"] == f"/monitoring/batches/{batch.pk}/"
    shown = client.get(again["Location"])
    assert "该文件已收到" in shown.content.decode()
    assert ScanBatch.objects.count() == 1


def test_upload_refusals_are_shown_on_the_page(
    world, regulator, consumer, divisions, settings, tmp_path
):
    from wangjian.registry.actions import register_platform

    settings.MEDIA_ROOT = tmp_path
    anonymous = upload(Client())
    assert anonymous.status_code == 302
    assert upload(client_for(consumer)).status_code == 404
    client = client_for(regulator)
    wrong = upload(client, b"x", "notes.txt")
    assert wrong.status_code == 400
    assert wrong.context["error"].startswith("文件 notes.txt：不支持的输入格式 .txt")
    pudong = register_platform(
        actor=None, entity=world["pudong_seller"], name="张江商城", division=divisions["pudong"]
    )
    elsewhere = upload(client, platform=pudong.pk)
    assert elsewhere.status_code == 400
    assert elsewhere.context["error"].startswith("表单有误：平台（可选）：")
    assert ScanBatch.objects.count() == 0


def test_registry_scan_button_queues_a_registry_batch(world, regulator, consumer):
    assert client_for(consumer).post("/monitoring/batches/scan-registry/").status_code == 404
    response = client_for(regulator).post("/monitoring/batches/scan-registry/")
    batch = ScanBatch.objects.get()
    assert response["Location"] == f"/monitoring/batches/{batch.pk}/"
    assert (batch.source, batch.state, batch.job.kind) == (
        "registry",
        "queued",
        "monitoring.scan_registry",
    )


# --- Clues -------------------------------------------------------------------------------------


@pytest.fixture
def clue(batch, regulator):
    return confirm_findings(
        actor=regulator, finding_ids=[f.pk for f in item_findings("L-1")[:2]], note="已留存"
    )


def _make_overdue(clue):
    """As if the clue had been registered sixty days ago under the same rules."""
    discovered = timezone.localdate() - dt.timedelta(days=60)
    Clue.objects.filter(pk=clue.pk).update(
        discovered_on=discovered, due_on=add_working_days(discovered, 15)
    )


def test_clue_list_scoping_and_overdue(clue, batch, regulator, other_regulator, consumer):
    later = confirm_findings(actor=regulator, finding_ids=[item_findings("L-4")[0].pk], note="")
    _make_overdue(clue)
    allowed, elsewhere = assert_list_page_scoping(
        "/monitoring/clues/", regulator, other_regulator, consumer
    )
    assert list(elsewhere.context["page"]) == []
    overdue = {row.pk: row.overdue for row in allowed.context["page"]}
    assert overdue == {clue.pk: True, later.pk: False}
    assert allowed.content.decode().count('data-testid="overdue"') == 1
    only = client_for(regulator).get("/monitoring/clues/?state=overdue")
    assert [row.pk for row in only.context["page"]] == [clue.pk]
    bad = client_for(regulator).get("/monitoring/clues/?state=closed")
    assert bad.status_code == 400
    assert bad.context["error"].startswith("表单有误：状态：")


def test_clue_page_scoping_deadline_and_rules_version(clue, regulator, other_regulator, consumer):
    from wangjian.monitoring.clue_rules import clue_rules_version

    response = page_matrix(
        f"/monitoring/clues/{clue.pk}/",
        "/monitoring/clues/999999/",
        regulator,
        other_regulator,
        consumer,
    )
    html = response.content.decode()
    assert f'<strong data-testid="due-on">{clue.due_on:%Y-%m-%d}</strong>' in html
    assert clue_rules_version(clue.rules_version).citation in html
    assert [f.pk for f in response.context["findings"]] == sorted(
        clue.findings.values_list("pk", flat=True), reverse=True
    )
    assert cite("ad-law-2021:9.3") in html
    # A regulator reads the clue; the decision forms are the section head's.
    assert 'data-testid="decide-form"' not in html


def test_clue_decision_scoping_matrix(clue, section_chief, other_section_chief, regulator):
    clue = verify_and_submit(clue, regulator)
    response = page_matrix(
        f"/monitoring/clues/{clue.pk}/decide/",
        "/monitoring/clues/999999/decide/",
        section_chief,
        other_section_chief,
        regulator,
        method="post",
        data={"decision": "no_case", "note": "经核查已整改"},
        permitted_status=302,
    )
    assert response["Location"] == f"/monitoring/clues/{clue.pk}/"
    clue.refresh_from_db()
    assert (clue.state, clue.decision_note, clue.decided_by) == (
        "no_case",
        "经核查已整改",
        section_chief,
    )


def test_clue_extension_scoping_matrix_and_a_refusal(
    clue, section_chief, other_section_chief, regulator, year_2027
):
    client = client_for(section_chief)
    page = client.get(f"/monitoring/clues/{clue.pk}/")
    assert 'data-testid="extend-form"' in page.content.decode()
    refused = client.post(f"/monitoring/clues/{clue.pk}/extend/", {"reason": "短"})
    assert refused.status_code == 400
    assert refused.context["error"].startswith(f"线索 {clue.number}：延长须写明特殊情况")
    first_due = clue.due_on
    page_matrix(
        f"/monitoring/clues/{clue.pk}/extend/",
        "/monitoring/clues/999999/extend/",
        section_chief,
        other_section_chief,
        regulator,
        method="post",
        data={"reason": "需要调取平台交易记录"},
        permitted_status=302,
    )
    clue.refresh_from_db()
    assert (clue.extended, clue.due_on) == (True, add_working_days(first_due, 15))


# --- Export ------------------------------------------------------------------------------------


def test_dismissals_export_is_scoped_to_the_jurisdiction(
    batch, regulator, other_regulator, consumer
):
    yangpu = item_findings("L-1")[0]
    pudong = item_findings("L-3")[0]
    dismiss_finding(actor=regulator, finding=yangpu, reason="context", note="杨浦的排除说明")
    dismiss_finding(
        actor=other_regulator, finding=pudong, reason="wrong_match", note="浦东的排除说明"
    )
    for suffix in ("csv", "xlsx"):
        url = f"/monitoring/dismissals.{suffix}"
        assert Client().get(url).status_code == 302
        assert client_for(consumer).get(url).status_code == 404
    response = client_for(regulator).get("/monitoring/dismissals.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][:2] == ["finding", "rule"]
    assert [(row[0], row[1], row[11]) for row in rows[2:]] == [
        (str(yangpu.pk), yangpu.rule, "杨浦的排除说明")
    ]
    assert "浦东的排除说明" not in response.content.decode("utf-8-sig")
    workbook = client_for(other_regulator).get("/monitoring/dismissals.xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(workbook.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert [(row[1], row[11]) for row in values[1:]] == [(pudong.rule, "浦东的排除说明")]
    assert client_for(regulator).get("/monitoring/dismissals.pdf").status_code == 404


# --- Home and menu -----------------------------------------------------------------------------


def test_home_cards_count_the_queue_and_overdue_clues(clue, regulator, other_regulator, merchant):
    _make_overdue(clue)
    cards = {str(card.label): card for card in cards_for(regulator)}
    triage = Finding.objects.visible_to(regulator).for_triage().count()
    assert (cards["待研判的监测发现"].value, cards["待研判的监测发现"].href) == (
        triage,
        "/monitoring/",
    )
    assert triage == 4
    assert (cards["逾期未核查的线索"].value, cards["逾期未核查的线索"].href) == (
        1,
        "/monitoring/clues/?state=overdue",
    )
    elsewhere = {str(card.label): card.value for card in cards_for(other_regulator)}
    assert elsewhere["待研判的监测发现"] == 2
    assert elsewhere["逾期未核查的线索"] == 0
    assert "待研判的监测发现" not in {str(card.label) for card in cards_for(merchant)}


def test_menu_entries(regulator, merchant):
    from wangjian.core.navigation import items_for

    assert [href for item, href in items_for(regulator) if href.startswith("/monitoring/")] == [
        "/monitoring/",
        "/monitoring/rules/",
    ]
    assert [href for item, href in items_for(merchant) if href.startswith("/monitoring/")] == [
        "/monitoring/rules/"
    ]


def test_a_second_stage_finding_shows_its_score_and_reasons_in_triage(world, regulator):
    text = "这个酒北京有个单位有个朋友，他们学习完之后给他们喝的"
    feed_batch(regulator, world, records=[{"id": "M-1", "text": text, "shop_id": "S-001"}])
    finding = Finding.objects.get(item__external_id="M-1")

    assert (finding.rule, finding.verdict, finding.legal_basis) == ("ML-001", "needs_review", [])
    html = client_for(regulator).get(f"/monitoring/findings/{finding.pk}/").content.decode()
    score = finding.context.removeprefix("score=")
    label = "模型评分（仅提示复核，不构成违法认定）"
    assert f'data-testid="model-score">{label}：{float(score):.2f}' in html
    assert finding.explanation in html
    assert "需人工复核" in html
