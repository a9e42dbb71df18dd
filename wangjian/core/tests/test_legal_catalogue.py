"""The legal-basis catalogue: packaged data, parsing, loading, citations, versions, CLI."""

import datetime as dt

import pytest

from wangjian.cli import main
from wangjian.core.actions.reference_data import load_legal_catalogue
from wangjian.core.actions.refusals import CoreNotPermitted
from wangjian.core.legal_catalogue import (
    SUMMARY_MARK,
    LegalBasisNotFound,
    LegalCatalogueError,
    LoadSummary,
    NoVersionInForce,
    catalogue_families,
    chinese_numeral_to_int,
    cite,
    get_article,
    instrument_in_force,
    int_to_chinese_numeral,
    is_summary,
    packaged_catalogue,
    parse_statute_text,
)
from wangjian.core.models import AuditEvent, LegalArticle, LegalInstrument

D = dt.date

INSTRUMENTS = 35
ARTICLE_ROWS = 974
# Articles (条) and items (项) in the shipped texts, checked against each file's last article.
SHIPPED_COUNTS = {
    "ad-law-2021": (74, 95),
    "ecommerce-law-2018": (89, 11),
    "anti-unfair-competition-law-2019": (33, 26),
    "consumer-protection-law-2013": (63, 36),
    "food-safety-law-2021": (154, 124),
    "price-law-1997": (48, 21),
    "price-marking-rules-2022": (27, 14),
    "price-violation-penalty-rules-2010": (25, 35),
    "penalty-info-disclosure-rules-2021": (19, 4),
}
UNCONFIRMED = {
    "abnormal-operation-list-measures-2014",
    "absolute-terms-enforcement-guide-2023",
    "gb-11643-1999",
}


@pytest.fixture
def loaded(db):
    return load_legal_catalogue()


# --------------------------------------------------------------------------------------------
# Packaged data and parsing


def test_the_packaged_catalogue_has_every_instrument_and_article():
    catalogue = packaged_catalogue()

    assert len(catalogue.instruments) == INSTRUMENTS
    assert sum(len(entry.articles) for entry in catalogue.instruments) == ARTICLE_ROWS
    counts = {
        entry.key: (
            sum(1 for a in entry.articles if a.item is None),
            sum(1 for a in entry.articles if a.item is not None),
        )
        for entry in catalogue.instruments
        if entry.text_file
    }
    assert counts == SHIPPED_COUNTS


def test_unconfirmed_instruments_are_exactly_those_without_verified_dates():
    catalogue = packaged_catalogue()

    unconfirmed = {e.key for e in catalogue.instruments if e.verification == "unconfirmed"}
    assert unconfirmed == UNCONFIRMED
    for key in UNCONFIRMED:
        entry = catalogue.by_key()[key]
        assert (entry.promulgated_on, entry.effective_on) == (None, None)
        assert entry.notes


def test_numerals_round_trip_and_read_statute_forms():
    assert [chinese_numeral_to_int(t) for t in ("十", "十一", "二十", "一百零三", "一百一十")] == [
        10,
        11,
        20,
        103,
        110,
    ]
    assert chinese_numeral_to_int("一千二百六十") == 1260
    assert all(chinese_numeral_to_int(int_to_chinese_numeral(n)) == n for n in range(1, 2000))
    assert int_to_chinese_numeral(201) == "二百零一"


def test_parsing_skips_headings_and_splits_items():
    text = (
        "# 某法\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n第一条 为了测试，制定本法。\n\n"
        "第二条 有下列情形之一的：\n\n（一）甲；\n\n(二)乙。\n\n第二款。\n\n### 第一节 细则\n\n"
        "第三条 本法自公布之日起施行。\n"
    )

    entries = parse_statute_text(text, "test-law")

    assert [(e.key, e.label, e.text) for e in entries] == [
        ("test-law:1", "第一条", "为了测试，制定本法。"),
        ("test-law:2", "第二条", "有下列情形之一的：\n（一）甲；\n(二)乙。\n第二款。"),
        ("test-law:2.1", "第二条第一项", "（一）甲；"),
        ("test-law:2.2", "第二条第二项", "(二)乙。"),
        ("test-law:3", "第三条", "本法自公布之日起施行。"),
    ]


def test_parsing_rejects_a_missing_article():
    with pytest.raises(LegalCatalogueError, match="第三条 out of sequence"):
        parse_statute_text("第一条 甲。\n第三条 乙。\n", "test-law", "test")


@pytest.mark.django_db
def test_families_list_versions_oldest_first():
    load_legal_catalogue()
    families = catalogue_families()

    assert families["complaint-handling-measures"] == (
        "complaint-handling-interim-measures-2019",
        "complaint-handling-measures-2026",
    )
    assert families["anti-unfair-competition-law"] == (
        "anti-unfair-competition-law-2019",
        "anti-unfair-competition-law-2025",
    )
    assert families["advertising-law"] == ("ad-law-2021",)


# --------------------------------------------------------------------------------------------
# Loading


@pytest.mark.django_db
def test_first_load_creates_every_instrument_and_article():
    summary = load_legal_catalogue()

    assert summary == LoadSummary(
        instruments_created=INSTRUMENTS,
        instruments_updated=0,
        instruments_unchanged=0,
        articles_created=ARTICLE_ROWS,
        articles_updated=0,
        articles_unchanged=0,
        digest=packaged_catalogue().digest,
    )
    assert LegalInstrument.objects.count() == INSTRUMENTS
    assert LegalArticle.objects.count() == ARTICLE_ROWS
    ad_articles = LegalArticle.objects.filter(instrument__key="ad-law-2021", item__isnull=True)
    assert ad_articles.count() == 74
    assert get_article("ad-law-2021:74").text == "本法自2015年9月1日起施行。"
    ecommerce = LegalArticle.objects.filter(instrument__key="ecommerce-law-2018", item=None)
    assert ecommerce.count() == 89
    assert get_article("ecommerce-law-2018:89").text == "本法自2019年1月1日起施行。"


@pytest.mark.django_db
def test_load_is_audited_once_per_run(loaded):
    event = AuditEvent.objects.get(event_type="core.legal_catalogue_loaded")

    assert event.actor is None
    assert event.after["instruments_created"] == INSTRUMENTS
    assert event.after["articles_created"] == ARTICLE_ROWS
    assert event.after["data_sha256"] == packaged_catalogue().digest


@pytest.mark.django_db
def test_reloading_changes_nothing(loaded):
    summary = load_legal_catalogue()

    assert summary == LoadSummary(
        instruments_created=0,
        instruments_updated=0,
        instruments_unchanged=INSTRUMENTS,
        articles_created=0,
        articles_updated=0,
        articles_unchanged=ARTICLE_ROWS,
        digest=packaged_catalogue().digest,
    )
    assert LegalInstrument.objects.count() == INSTRUMENTS
    assert LegalArticle.objects.count() == ARTICLE_ROWS
    assert AuditEvent.objects.filter(event_type="core.legal_catalogue_loaded").count() == 2


@pytest.mark.django_db
def test_reloading_restores_edited_rows_and_links(loaded):
    LegalInstrument.objects.filter(key="ad-law-2021").update(title="篡改")
    LegalInstrument.objects.filter(key="anti-unfair-competition-law-2019").update(
        superseded_by=None
    )
    LegalArticle.objects.filter(key="ad-law-2021:9.3").update(text="篡改")

    summary = load_legal_catalogue()

    assert (summary.instruments_updated, summary.articles_updated) == (2, 1)
    assert get_article("ad-law-2021:9.3").instrument.title == "中华人民共和国广告法"
    assert get_article("ad-law-2021:9.3").text == "（三）使用“国家级”、“最高级”、“最佳”等用语；"
    old = LegalInstrument.objects.get(key="anti-unfair-competition-law-2019")
    assert old.superseded_by.key == "anti-unfair-competition-law-2025"
    event = AuditEvent.objects.filter(event_type="core.legal_catalogue_loaded").last()
    assert event.after["updated_keys"] == ["ad-law-2021", "anti-unfair-competition-law-2019"]


@pytest.mark.django_db
def test_load_uses_a_bounded_number_of_queries(django_assert_max_num_queries):
    # Bulk operations: the count does not grow with the 970 article rows.
    with django_assert_max_num_queries(40):
        load_legal_catalogue()


@pytest.mark.django_db
def test_a_regulator_may_not_load_the_catalogue(regulator):
    with pytest.raises(CoreNotPermitted) as refused:
        load_legal_catalogue(actor=regulator)
    assert refused.value.code == "not_permitted"
    assert refused.value.zh == "无权载入法律依据目录（须有 core.manage_legal_basis 权限）"
    assert refused.value.en == (
        "not permitted to load the legal-basis catalogue (needs core.manage_legal_basis)"
    )
    assert not LegalInstrument.objects.exists()


# --------------------------------------------------------------------------------------------
# Lookups and citations


@pytest.mark.django_db
def test_advertising_law_article_9_item_3_is_the_absolute_terms_ban(loaded):
    article = get_article("ad-law-2021:9.3")

    assert article.label == "第九条第三项"
    assert article.text == "（三）使用“国家级”、“最高级”、“最佳”等用语；"
    assert "使用“国家级”、“最高级”、“最佳”等用语" in get_article("ad-law-2021:9").text
    assert get_article("ad-law-2021:9").text.startswith("广告不得有下列情形：\n（一）")
    assert not is_summary(article)


@pytest.mark.django_db
def test_article_numbers_in_the_hundreds_are_labelled_like_the_statute(loaded):
    assert get_article("food-safety-law-2021:103").label == "第一百零三条"
    assert get_article("food-safety-law-2021:110").label == "第一百一十条"
    assert get_article("price-violation-penalty-rules-2010:4.1").text.startswith("(一)")


@pytest.mark.django_db
def test_cite_formats_title_label_version_and_effective_date(loaded):
    assert cite("ad-law-2021:9.3") == (
        "《中华人民共和国广告法》第九条第三项（2021年4月29日修正，2021-04-29施行）"
    )
    assert cite("ad-law-2021") == "《中华人民共和国广告法》（2021年4月29日修正，2021-04-29施行）"
    assert cite("anti-unfair-competition-law-2019:8") == (
        "《中华人民共和国反不正当竞争法》第八条（2019年4月23日修正，2019-04-23施行，"
        "2025-10-15废止）"
    )
    assert (
        cite("gb-11643-1999") == "《公民身份号码》（GB 11643-1999，施行日期未确定）〔依据未核实〕"
    )
    assert cite("random-inspection-notice-2015:2.1") == (
        "《国务院办公厅关于推广随机抽查规范事中事后监管的通知》第二部分第（一）项"
        "（2015年8月5日发布，2015-08-05施行）"
    )


@pytest.mark.django_db
def test_cited_articles_without_a_shipped_text_are_marked_summaries(loaded):
    article = get_article("civil-code-2020:201")

    assert (
        article.text
        == SUMMARY_MARK + "按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算。"
    )
    assert is_summary(article)
    assert get_article("complaint-handling-interim-measures-2019:21.5").label == "第二十一条第五项"


@pytest.mark.django_db
def test_an_unknown_key_raises_a_bilingual_key_error(loaded):
    with pytest.raises(LegalBasisNotFound) as raised:
        get_article("ad-law-2021:99")

    assert isinstance(raised.value, KeyError)
    assert str(raised.value) == (
        "未找到法律依据 ad-law-2021:99（可先运行 wangjian legal load）/ no legal basis with key "
        "ad-law-2021:99 (run `wangjian legal load` first?)"
    )
    with pytest.raises(LegalBasisNotFound, match="malformed article key 'ad-law-2021-9'"):
        get_article("ad-law-2021-9")
    with pytest.raises(LegalBasisNotFound):
        cite("no-such-law-1999")


# --------------------------------------------------------------------------------------------
# Version in force


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("received_on", "expected"),
    [
        (D(2025, 6, 1), "complaint-handling-interim-measures-2019"),
        (D(2026, 4, 14), "complaint-handling-interim-measures-2019"),
        (D(2026, 4, 15), "complaint-handling-measures-2026"),
        (D(2026, 5, 1), "complaint-handling-measures-2026"),
    ],
)
def test_the_complaint_rules_in_force_depend_on_the_date_received(loaded, received_on, expected):
    assert instrument_in_force("complaint-handling-measures", received_on).key == expected


@pytest.mark.django_db
def test_a_key_prefix_selects_among_versions_too(loaded):
    family = "anti-unfair-competition-law"

    assert instrument_in_force(family, D(2025, 10, 14)).key == "anti-unfair-competition-law-2019"
    assert instrument_in_force(family, D(2025, 10, 15)).key == "anti-unfair-competition-law-2025"
    assert instrument_in_force("cybersecurity-law", D(2026, 1, 1)).key == "cybersecurity-law-2025"


@pytest.mark.django_db
def test_no_version_in_force_before_the_first_and_unknown_families_are_errors(loaded):
    with pytest.raises(NoVersionInForce) as raised:
        instrument_in_force("complaint-handling-measures", D(2019, 12, 31))
    assert str(raised.value) == (
        "2019-12-31 无有效的 complaint-handling-measures 版本 / no version of "
        "complaint-handling-measures was in force on 2019-12-31"
    )
    with pytest.raises(NoVersionInForce):
        instrument_in_force("platform-classification-guide", D(2024, 1, 1))
    with pytest.raises(LegalBasisNotFound, match="no instrument family or key prefix tax-law"):
        instrument_in_force("tax-law", D(2024, 1, 1))


# --------------------------------------------------------------------------------------------
# CLI


@pytest.mark.django_db
def test_cli_load_then_show_prints_the_citation_and_the_text(capsys):
    assert main(["legal", "load"]) == 0
    assert capsys.readouterr().out == (
        f"法律依据目录已载入：依据 新增 {INSTRUMENTS}，更新 0，未变 0；条文 新增 {ARTICLE_ROWS}，"
        f"更新 0，未变 0 / legal catalogue loaded: instruments {INSTRUMENTS} created, 0 updated, "
        f"0 unchanged; articles {ARTICLE_ROWS} created, 0 updated, 0 unchanged\n"
    )

    assert main(["legal", "show", "ad-law-2021:9.3"]) == 0
    assert capsys.readouterr().out == (
        "《中华人民共和国广告法》第九条第三项（2021年4月29日修正，2021-04-29施行）\n"
        "（三）使用“国家级”、“最高级”、“最佳”等用语；\n"
    )


@pytest.mark.django_db
def test_cli_show_of_an_unknown_key_exits_1(loaded, capsys):
    assert main(["legal", "show", "ad-law-2021:99"]) == 1
    assert capsys.readouterr().err.startswith("未找到法律依据 ad-law-2021:99")


@pytest.mark.django_db
def test_cli_list_by_family(loaded, capsys):
    assert main(["legal", "list", "--family", "complaint-handling-measures"]) == 0
    assert capsys.readouterr().out == (
        "complaint-handling-interim-measures-2019\tcomplaint-handling-measures\t2020-01-01\t"
        "secondary\t《市场监督管理投诉举报处理暂行办法》\t"
        "2019年11月30日公布，2022年3月24日、9月29日修正\n"
        "complaint-handling-measures-2026\tcomplaint-handling-measures\t2026-04-15\tsecondary\t"
        "《市场监督管理投诉举报处理办法》\t2025年12月30日公布\n"
    )
    assert main(["legal", "list"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == INSTRUMENTS
