import pytest

from wangjian.registry.models import MarketEntity, OnlineShop
from wangjian.registry.search import ensure_index, search
from wangjian.registry.tests.test_import import FIRST, submit


def names(queryset):
    return sorted(entity.name for entity in queryset)


@pytest.mark.django_db
def test_search_finds_names_former_names_codes_shops_and_urls(register):
    submit(register, FIRST)
    entities = MarketEntity.objects.all()

    assert names(search(entities, "甲乙食品有限")) == ["上海杨浦甲乙食品有限公司"]
    assert names(search(entities, "甲乙食品店")) == ["上海杨浦甲乙食品有限公司"]
    assert names(search(entities, "ma1g000117")) == ["上海杨浦甲乙食品有限公司"]
    assert names(search(entities, "旗舰店")) == ["上海杨浦甲乙食品有限公司"]
    assert names(search(entities, "shop.example.com/s006")) == ["上海某某科技有限公司"]
    # Two characters are below a trigram; the plain fallback still finds them.
    assert names(search(entities, "某某")) == ["上海某某科技有限公司"]
    # Full-width input is folded like the index.
    assert names(search(entities, "ＭＡ１Ｇ０００２")) == ["上海某某科技有限公司"]
    assert list(search(entities, "不存在的名称")) == []
    assert sorted(s.shop_id for s in search(OnlineShop.objects.all(), "阿婆手工")) == ["S004"]


@pytest.mark.django_db
def test_reindex_rebuilds_the_index(register):
    ensure_index()
    assert names(search(MarketEntity.objects.all(), "小王服装店")) == ["杨浦区小王服装店"]


@pytest.mark.django_db
def test_migrations_leave_the_trigram_triggers_in_place():
    """A migration that alters an indexed table rebuilds it on SQLite and drops its triggers;
    the migration must end by restoring them (search.restore_index)."""
    from django.db import connection

    from wangjian.registry.search import INDEXED_TABLES

    if connection.vendor != "sqlite":
        pytest.skip("the triggers are SQLite's; PostgreSQL keeps its GIN index")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {row[0] for row in cursor.fetchall()}
    expected = {
        f"{fts}_{kind}" for _table, fts in INDEXED_TABLES for kind in ("insert", "delete", "update")
    }
    assert expected <= triggers
