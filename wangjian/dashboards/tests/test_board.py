"""The district board: figures for the fixture district equal hand-computed counts, every
figure's drill-down lists exactly the rows counted, the board is cached per day with its as-of
time, exports are XLSX, and every page is scoped."""

import datetime as dt
import io
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.test import Client
from openpyxl import load_workbook

from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.dashboards.board import board_for, compute_board


@pytest.fixture(autouse=True)
def empty_cache(db):
    cache.clear()
    yield
    cache.clear()


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def rows_of(board, key):
    return [(*row.cells, row.count) for row in board.table(key).rows]


def test_figures_equal_hand_counts(district, section_chief, divisions):
    board = compute_board(section_chief, divisions["yangpu"])
    assert rows_of(board, "findings") == [
        ("2026-10", "绝对化用语", 1),
        ("2026-11", "绝对化用语", 3),
        ("2026-11", "价格标示", 3),
    ]
    assert rows_of(board, "clues") == [("待核查", 2), ("拟立案，移交办案", 1), ("不予立案", 1)]
    assert "50%" in str(board.table("clues").note)
    assert rows_of(board, "complaints") == [("食品", 1, 2, "50%", 2), ("服装", 1, 1, "100%", 1)]
    assert [row[-1] for row in rows_of(board, "tiers")] == [2, 0, 1, 0]
    # 五角场二号 moved from B to C; the other two were classified for the first time.
    assert rows_of(board, "tier_movement") == [
        ("风险上升（分类变差）", 1),
        ("风险下降（分类变好）", 0),
        ("分类不变", 0),
        ("首次分类", 2),
    ]
    assert rows_of(board, "hotspots") == [
        ("被投诉人", 0),
        ("商品类别", 1),
        ("平台", 1),
        ("问题类型", 0),
    ]
    assert rows_of(board, "inspections") == [
        ("已完成检查", 4),
        ("已公示", 2),
        ("按时公示", 1),
        ("逾期公示", 1),
        ("逾期未公示", 1),
    ]
    assert rows_of(board, "warnings") == [
        ("待处理", 2),
        ("已知悉，跟进中", 0),
        ("已转为线索", 1),
        ("已排除", 0),
        ("预警后90日内对同一主体立案", 1),
        ("可判断准确率的预警", 1),
    ]
    # 五角场二号's alert (10 days ago) was followed by a case filed 5 days ago; the other two are
    # still inside the 90-day window without a case.
    assert str(board.table("warnings").note) == (
        "已处理的预警中转为线索的比例：100%；预警准确率（预警后90日内对同一主体立案）："
        "100%（1 / 1，另有 2 条仍在观察期内）。"
    )
    assert rows_of(board, "conversion") == [
        ("拟立案，移交办案的线索", 1),
        ("已登记案源的线索", 2),
        ("已立案的线索", 1),
    ]
    assert str(board.table("conversion").note) == "已立案的线索与拟立案线索之比：100%。"
    assert rows_of(board, "case_outcomes") == [
        ("行政处罚", 1),
        ("不予行政处罚", 2),
        ("尚未决定", 1),
    ]
    assert str(board.table("case_outcomes").note) == (
        "免罚占比（不予行政处罚决定 / 全部决定）：67%。"
    )
    assert rows_of(board, "case_articles") == [
        ("《广告法》第五十七条", 1, "50%", 2),
        ("《电子商务法》第七十七条", 1, "100%", 1),
    ]
    assert rows_of(board, "guidance") == [
        ("提醒告诫函", 1),
        ("行政指导建议书", 0),
        ("行政约谈", 0),
        ("警示", 2),
        ("责令改正通知书", 0),
    ]
    assert [row.cells for row in board.comparison.rows] == [
        ("定海路街道", 2, 1, 0, 2),
        ("五角场街道", 5, 3, 1, 2),
        ("本级（未细分到下级区划）", 0, 0, 2, 0),
    ]


def test_every_drill_down_lists_exactly_the_rows_counted(district, section_chief, divisions):
    board = compute_board(section_chief, divisions["yangpu"])
    client = client_for(section_chief)
    checked = 0
    for table in board.tables:
        for row in table.rows:
            query = urlencode({**row.params, "division": "310110000000"})
            page = client.get(f"/dashboards/drill/{table.key}/?{query}")
            assert page.status_code == 200, (table.key, row.params)
            assert page.context["total"] == row.count, (table.key, row.params)
            assert len(page.context["rows"]) == row.count
            checked += 1
    assert checked == 3 + 3 + 3 + 3 + 2 + 5 + 2 + 4 + 4 + 4 + 5 + 6
    # And the rows are the fixture's own: the November 绝对化用语 findings of 五角场.
    page = client.get(
        "/dashboards/drill/findings/?family=absolute_terms&month=2026-11&division=310110000000"
    )
    listed = {url.rstrip("/").rsplit("/", 1)[1] for _cells, url in page.context["rows"]}
    assert listed == {str(f.pk) for f in district["findings"]["w_abs_nov"]}
    filed = client.get("/dashboards/drill/conversion/?measure=case_filed&division=310110000000")
    assert [cells[0] for cells, _url in filed.context["rows"]] == ["XS-2026-0003"]
    exempt = client.get("/dashboards/drill/case_outcomes/?outcome=no_penalty&division=310110000000")
    listed = {url.rstrip("/").rsplit("/", 1)[1] for _cells, url in exempt.context["rows"]}
    cases = district["cases"]
    assert listed == {str(cases["no_penalty_ad"].pk), str(cases["no_penalty_ec"].pk)}
    warned = client.get("/dashboards/drill/guidance/?kind=warning&division=310110000000")
    assert sorted(cells[2] for cells, _url in warned.context["rows"]) == [
        "五角场一号商贸有限公司",
        "五角场二号食品有限公司",
    ]
    led = client.get("/dashboards/drill/warnings/?precision=led&division=310110000000")
    assert [cells[0] for cells, _url in led.context["rows"]] == ["五角场二号食品有限公司"]
    overdue = client.get("/dashboards/drill/inspections/?measure=overdue&division=310110000000")
    assert [cells[0] for cells, _url in overdue.context["rows"]] == ["定海路一号服饰有限公司"]


def test_comparison_cells_drill_to_the_street(district, section_chief, divisions):
    board = compute_board(section_chief, divisions["yangpu"])
    client = client_for(section_chief)
    wujiaochang = board.comparison.rows[1]
    for key, value in zip(board.compared, wujiaochang.cells[1:], strict=True):
        query = urlencode({**wujiaochang.params, "division": "310110000000"})
        page = client.get(f"/dashboards/drill/{key}/?{query}")
        assert page.context["total"] == value, key


def test_province_compares_districts(district, province_admin, divisions):
    board = compute_board(province_admin, divisions["shanghai"])
    assert [row.cells for row in board.comparison.rows] == [
        ("杨浦区", 7, 4, 3, 4),
        ("浦东新区", 4, 1, 1, 0),
        ("本级（未细分到下级区划）", 0, 0, 0, 0),
    ]
    page = client_for(province_admin).get("/dashboards/?division=310110000000")
    assert page.status_code == 200
    assert page.context["division"] == divisions["yangpu"]


def test_board_is_cached_per_day_with_its_as_of_time(district, section_chief, divisions):
    from wangjian.monitoring.models import Finding

    first = board_for(section_chief, divisions["yangpu"])
    Finding.objects.filter(pk=district["findings"]["w_price_nov"][0].pk).delete()
    second = board_for(section_chief, divisions["yangpu"])
    assert second.as_of == first.as_of
    assert rows_of(second, "findings")[2][-1] == 3
    fresh = board_for(section_chief, divisions["yangpu"], refresh=True)
    assert rows_of(fresh, "findings")[2][-1] == 2
    page = client_for(section_chief).get("/dashboards/")
    assert "数据截至" in page.content.decode()


def test_board_page_and_xlsx_exports(district, section_chief):
    client = client_for(section_chief)
    page = client.get("/dashboards/")
    text = page.content.decode()
    keys = ("findings", "clues", "complaints", "tiers", "inspections", "warnings", "comparison")
    for key in keys:
        assert f'data-testid="table-{key}"' in text
    export = client.get("/dashboards/tables/complaints/export.xlsx?division=310110000000")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["类别", "按时办结环节", "已办结环节", "按时率", "件数"],
        ["食品", 1, 2, "50%", 2],
        ["服装", 1, 1, "100%", 1],
    ]
    drill = client.get("/dashboards/drill/clues/export.xlsx?state=registered&division=310110000000")
    sheet = load_workbook(io.BytesIO(drill.content)).active
    assert sheet.max_row == 3  # header + the two 待核查 clues


@pytest.mark.parametrize(
    "path",
    [
        "/dashboards/?division=310110000000",
        "/dashboards/drill/clues/?state=registered&division=310110000000",
        "/dashboards/tables/clues/export.xlsx?division=310110000000",
        "/dashboards/drill/clues/export.xlsx?state=registered&division=310110000000",
        "/dashboards/drill/case_outcomes/?outcome=none&division=310110000000",
        "/dashboards/drill/case_articles/export.xlsx?division=310110000000",
    ],
)
def test_scoping_matrix(path, district, section_chief, other_regulator, partner_user):
    missing = path.replace("310110000000", "310110999000")
    case = ScopingCase(path, missing, api=False)
    assert_scoping_matrix(
        case,
        permitted=section_chief,
        other_jurisdiction=other_regulator,
        no_permission=partner_user,
    )


def test_other_district_board_counts_only_its_own(district, other_regulator, divisions):
    board = compute_board(other_regulator, divisions["pudong"])
    assert rows_of(board, "findings") == [("2026-11", "绝对化用语", 4)]
    assert rows_of(board, "clues") == [("待核查", 0), ("拟立案，移交办案", 1), ("不予立案", 0)]


def test_bad_drill_parameters_answer_404(district, section_chief):
    client = client_for(section_chief)
    assert client.get("/dashboards/drill/clues/?state=nonsense").status_code == 404
    assert client.get("/dashboards/drill/findings/?family=price&month=2026-13").status_code == 404
    assert client.get("/dashboards/drill/nothing/").status_code == 404


def test_alert_precision_counts_cases_filed_within_the_window(district, section_chief, divisions):
    """An alert leads to a case only when a case about the same entity is filed on or after
    the alert's date and within the window (90 days, data); an alert whose window ended without
    one counts against the precision; one still inside its window is not judged yet."""
    from django.utils import timezone

    from wangjian.collaboration.models import RiskAlert
    from wangjian.collaboration.risk import precision

    today = timezone.localdate()
    entities = district["entities"]
    for entity, ago in ((entities["d2"], 120), (entities["d1"], 150)):
        RiskAlert.objects.create(
            entity=entity,
            division=entity.division,
            rules_version="test",
            score=50,
            reasons=[],
            state="dismissed",
            raised_on=today - dt.timedelta(days=ago),
            updated_on=today - dt.timedelta(days=ago),
        )
    # 定海路二号's case was filed 15 days ago, 105 days after its alert: outside the window.
    # 定海路一号's case was filed 20 days ago, 130 days after its alert: outside too.
    yangpu = RiskAlert.objects.visible_to(section_chief).filter(
        division__path__startswith=divisions["yangpu"].path
    )
    measured = precision(yangpu, today)
    assert (measured.led, measured.judged, measured.pending, measured.share) == (1, 3, 2, "33%")
    page = client_for(section_chief).get("/collaboration/warnings/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "预警准确率：33%（预警后 90 日内对同一主体立案的 1 条 / 已可判断的 3 条" in text


def test_an_article_key_is_shown_in_words_and_free_text_as_entered(db):
    from wangjian.core.actions.reference_data import load_legal_catalogue
    from wangjian.dashboards.figures import article_in_words

    load_legal_catalogue()
    assert article_in_words("ad-law-2021:57") == "《广告法》第五十七条"
    assert article_in_words("《电子商务法》第七十七条") == "《电子商务法》第七十七条"
    assert article_in_words("no-such-law-1999:1") == "no-such-law-1999:1"
    assert article_in_words("") == ""
