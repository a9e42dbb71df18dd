"""The monitoring API: feeds, scoped findings, batches and clues, and triage — one scoping matrix
per endpoint (wangjian.core.testing.assert_scoping_matrix) plus the feed's receipts and refusals."""

import pytest
from django.test import Client
from django.utils import timezone

from wangjian.core.legal_catalogue import cite
from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.core.working_days import add_working_days
from wangjian.monitoring.actions import confirm_findings, engine
from wangjian.monitoring.models import Clue, Finding, ScanBatch
from wangjian.monitoring.tests.factories import LISTING, feed_records

API = "/api/v1/monitoring"
NOT_FOUND = {"detail": "未找到 / Not found."}

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _post(client, url, data):
    return client.post(url, data=data, content_type="application/json")


def _finding(item_id: str, rule: str) -> Finding:
    return Finding.objects.get(item__external_id=item_id, rule=rule)


def _without_request_id(response) -> dict:
    body = response.json()
    body.pop("request_id", None)
    return body


# --- Findings ----------------------------------------------------------------------------------


def test_finding_detail_scoping_matrix(batch, regulator, other_regulator, consumer, world):
    finding = _finding("L-1", "AT-003")
    response = assert_scoping_matrix(
        ScopingCase(f"{API}/findings/{finding.pk}/", f"{API}/findings/999999/"),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=consumer,
    )
    body = response.json()
    assert body["legal_basis"] == [
        {"key": key, "citation": cite(key)} for key in finding.legal_basis
    ]
    assert body["legal_basis"][0]["citation"].startswith("《中华人民共和国广告法》")
    assert (body["rule"], body["family"], body["verdict"]) == (
        "AT-003",
        "absolute_terms",
        "violation",
    )
    assert (body["field"], body["span"], body["match"]) == (
        "text",
        {"start": 0, "end": 3},
        "国家级",
    )
    assert body["context"] == finding.context
    assert body["explanation"] == finding.explanation
    assert body["item"] == {
        "external_id": "L-1",
        "source_type": "listing",
        "category": "food",
        "shop_reference": "S-001",
        "title": "",
        "observed_on": None,
    }
    assert (body["shop"], body["shop_name"], body["division_code"]) == (
        world["yangpu_shop"].pk,
        "甲乙食品旗舰店",
        world["yangpu_shop"].division.code,
    )
    assert (body["state"], body["dismissal_reason"], body["clue"], body["clue_number"]) == (
        "open",
        "",
        None,
        None,
    )
    assert body["rule_pack"] == engine().pack.label


def test_finding_list_is_the_jurisdiction_and_filters(
    batch, regulator, other_regulator, consumer, world
):
    client = _client(regulator)

    def ids(query=""):
        response = client.get(f"{API}/findings/{query}")
        assert response.status_code == 200
        return sorted(
            (row["item"]["external_id"], row["rule"]) for row in response.json()["results"]
        )

    assert ids() == [
        ("L-1", "AT-001"),
        ("L-1", "AT-003"),
        ("L-1", "PR-002"),
        ("L-4", "AT-001"),
        ("L-4", "AT-003"),
        ("L-4", "PR-002"),
    ]
    assert ids("?rule=AT-003") == [("L-1", "AT-003"), ("L-4", "AT-003")]
    assert ids("?family=price") == [("L-1", "PR-002"), ("L-4", "PR-002")]
    assert ids(f"?shop={world['yangpu_shop'].pk}") == [
        ("L-1", "AT-001"),
        ("L-1", "AT-003"),
        ("L-1", "PR-002"),
    ]
    assert len(ids(f"?batch={batch.pk}&verdict=violation&state=open")) == 6
    assert ids("?state=dismissed") == []
    assert ids(f"?batch={batch.pk + 1}") == []
    # The Pudong shop's findings went to the Pudong bureau.
    pudong = _client(other_regulator).get(f"{API}/findings/").json()["results"]
    assert sorted((row["item"]["external_id"], row["rule"]) for row in pudong) == [
        ("L-3", "FR-001"),
        ("L-3", "FR-001"),
    ]
    assert _client(consumer).get(f"{API}/findings/").status_code == 403
    assert _client().get(f"{API}/findings/").status_code == 401


# --- Batches -----------------------------------------------------------------------------------


def test_batch_detail_scoping_matrix(batch, regulator, other_regulator, consumer):
    response = assert_scoping_matrix(
        ScopingCase(f"{API}/batches/{batch.pk}/", f"{API}/batches/999999/"),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=consumer,
    )
    body = response.json()
    assert (body["source"], body["state"], body["batch_id"], body["platform_name"]) == (
        "feed",
        "done",
        "B-1",
        "好物商城",
    )
    assert (body["records"], body["malformed"], body["findings"], body["routed_elsewhere"]) == (
        4,
        2,
        8,
        2,
    )
    assert [(error["line"], error["field"]) for error in body["errors"]] == [
        (5, "id"),
        (6, "source_type"),
    ]


def test_platform_accounts_see_only_the_feed_batches_they_posted(
    batch, platform_user, regulator, consumer, divisions
):
    from wangjian.registry.actions import register_platform
    from wangjian.registry.tests.factories import make_entity, make_platform_user, make_uscc

    owner = make_entity(
        make_uscc("91310110", "MA1P0077"),
        "上海别家电商有限公司",
        divisions["wujiaochang"],
        address="上海市杨浦区五角场街道政通路1号",
    )
    other_platform_user = make_platform_user(
        register_platform(actor=None, entity=owner, name="别家商城", division=divisions["yangpu"]),
        "platform2",
    )
    posted = _post(
        _client(platform_user),
        f"{API}/feeds/",
        {"batch_id": "HW-1", "records": [{"id": "1", "text": LISTING}]},
    ).json()["batch"]
    response = assert_scoping_matrix(
        ScopingCase(f"{API}/batches/{posted}/", f"{API}/batches/999999/"),
        permitted=platform_user,
        other_jurisdiction=other_platform_user,
        no_permission=consumer,
    )
    assert response.json()["batch_id"] == "HW-1"
    listing = _client(platform_user).get(f"{API}/batches/").json()["results"]
    # The regulator's batch for the same platform is the bureau's, not the platform's.
    assert [row["id"] for row in listing] == [posted]
    assert _client(platform_user).get(f"{API}/batches/{batch.pk}/").status_code == 404
    bureau = _client(regulator).get(f"{API}/batches/").json()["results"]
    assert sorted(row["id"] for row in bureau) == [batch.pk, posted]


# --- Clues -------------------------------------------------------------------------------------


def test_clue_detail_scoping_matrix(batch, regulator, other_regulator, consumer):
    findings = [_finding("L-1", "AT-001"), _finding("L-1", "AT-003")]
    clue = confirm_findings(actor=regulator, finding_ids=[f.pk for f in findings], note="已截图")
    response = assert_scoping_matrix(
        ScopingCase(f"{API}/clues/{clue.pk}/", f"{API}/clues/999999/"),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=consumer,
    )
    body = response.json()
    assert (body["number"], body["state"], body["shop_name"]) == (
        clue.number,
        "registered",
        "甲乙食品旗舰店",
    )
    assert body["due_on"] == add_working_days(timezone.localdate(), 15).isoformat()
    assert sorted(body["findings"]) == sorted(f.pk for f in findings)
    assert [basis["key"] for basis in body["legal_basis"]] == clue.legal_basis
    listed = _client(regulator).get(f"{API}/clues/?state=registered").json()["results"]
    assert [row["number"] for row in listed] == [clue.number]
    assert _client(other_regulator).get(f"{API}/clues/").json()["results"] == []
    assert _client(regulator).get(f"{API}/clues/?state=referred").json()["results"] == []


# --- Triage ------------------------------------------------------------------------------------


def test_dismiss_scoping_matrix(batch, regulator, other_regulator, system_admin):
    finding = _finding("L-1", "AT-001")
    response = assert_scoping_matrix(
        ScopingCase(
            f"{API}/findings/{finding.pk}/dismiss/",
            f"{API}/findings/999999/dismiss/",
            method="post",
            data={"reason": "context", "note": "“最好吃”出现在顾客评价截图里"},
        ),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        # A system administrator sees findings but does not triage them.
        no_permission=system_admin,
    )
    body = response.json()
    assert (body["state"], body["dismissal_reason"], body["triaged_by"]) == (
        "dismissed",
        "context",
        "yp_regulator",
    )
    assert body["triage_note"] == "“最好吃”出现在顾客评价截图里"
    event = AuditEvent.objects.get(event_type="monitoring.finding_dismissed")
    assert (event.actor, event.target_id) == (regulator, str(finding.pk))


def test_dismiss_refusals_name_the_field_and_the_rule(batch, regulator):
    finding = _finding("L-1", "AT-001")
    url = f"{API}/findings/{finding.pk}/dismiss/"
    client = _client(regulator)

    def refused(data):
        response = _post(client, url, data)
        assert response.status_code == 400
        body = _without_request_id(response)
        return body["field"], body["rule"], body["detail"]

    field, rule, detail = refused({"reason": "bored", "note": "不想处理此条"})
    assert (field, rule) == ("reason", "choice")
    assert detail.startswith(f"监测发现 #{finding.pk}：排除理由 'bored' 不在列表中 / ")
    assert refused({"reason": "context", "note": "短"})[:2] == ("note", "min_length")
    field, rule, detail = refused({"reason": "context"})
    assert (field, rule) == ("note", "required")
    assert detail.startswith("请求字段 note 无效：")
    assert " / request field note is invalid: " in detail
    assert _post(client, url, {"reason": "context", "note": "语境正常"}).status_code == 200
    assert refused({"reason": "context", "note": "再排除一次"})[:2] == ("state", "open_only")
    finding.refresh_from_db()
    assert finding.triage_note == "语境正常"


def test_confirm_scoping_matrix(batch, regulator, other_regulator, consumer):
    findings = [_finding("L-1", "AT-003"), _finding("L-1", "PR-002")]
    data = {"findings": [f.pk for f in findings], "note": "页面已截图固定"}
    url = f"{API}/findings/confirm/"
    # The findings are the objects addressed: a forbidden one answers exactly like a missing one.
    forbidden = _post(_client(other_regulator), url, data)
    missing = _post(_client(other_regulator), url, {**data, "findings": [999999]})
    assert (forbidden.status_code, missing.status_code) == (404, 404)
    assert _without_request_id(forbidden) == _without_request_id(missing) == NOT_FOUND
    response = assert_scoping_matrix(
        ScopingCase(url, url, method="post", data=data, permitted_status=201),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=consumer,
    )
    clue = Clue.objects.get()
    body = response.json()
    assert (body["id"], body["number"], body["state"]) == (clue.pk, clue.number, "registered")
    assert sorted(body["findings"]) == sorted(f.pk for f in findings)
    assert set(Finding.objects.filter(clue=clue).values_list("state", flat=True)) == {"confirmed"}
    detail = _client(regulator).get(f"{API}/findings/{findings[0].pk}/").json()
    assert (detail["state"], detail["clue_number"]) == ("confirmed", clue.number)


def test_confirm_refusals_and_adding_to_an_open_clue(batch, regulator, other_regulator):
    client = _client(regulator)
    url = f"{API}/findings/confirm/"
    mixed = _post(
        client, url, {"findings": [_finding("L-1", "AT-001").pk, _finding("L-4", "AT-001").pk]}
    )
    assert mixed.status_code == 400
    assert (mixed.json()["field"], mixed.json()["rule"]) == ("findings", "same_subject")
    empty = _post(client, url, {"findings": []})
    assert (empty.status_code, empty.json()["field"], empty.json()["rule"]) == (
        400,
        "findings",
        "min_length",
    )
    first = _post(client, url, {"findings": [_finding("L-1", "AT-001").pk]}).json()
    added = _post(
        client, url, {"findings": [_finding("L-1", "PR-002").pk], "clue": first["id"], "note": ""}
    )
    assert added.status_code == 201
    assert added.json()["id"] == first["id"]
    assert Clue.objects.count() == 1
    # A clue of another bureau is as missing as one that does not exist.
    pudong = Finding.objects.filter(item__external_id="L-3").first()
    pudong_clue = confirm_findings(actor=other_regulator, finding_ids=[pudong.pk], note="")
    other = _post(client, url, {"findings": [_finding("L-1", "AT-003").pk], "clue": pudong_clue.pk})
    nowhere = _post(client, url, {"findings": [_finding("L-1", "AT-003").pk], "clue": 999999})
    assert (other.status_code, nowhere.status_code) == (404, 404)
    assert _without_request_id(other) == _without_request_id(nowhere)


# --- Feeds -------------------------------------------------------------------------------------


def test_feed_scoping_matrix(world, regulator, other_regulator, consumer):
    data = {"batch_id": "API-1", "platform": world["platform"].pk, "records": feed_records()}
    url = f"{API}/feeds/"
    # The platform is the object addressed: another bureau's and a missing one answer alike.
    forbidden = _post(_client(other_regulator), url, data)
    missing = _post(_client(other_regulator), url, {**data, "platform": 999999})
    assert _without_request_id(forbidden) == _without_request_id(missing) == NOT_FOUND
    response = assert_scoping_matrix(
        ScopingCase(url, url, method="post", data=data, permitted_status=201),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=consumer,
    )
    assert response.json()["records"] == 4
    assert ScanBatch.objects.count() == 1


def test_feed_receipt_then_the_same_batch_again(world, regulator):
    client = _client(regulator)
    data = {"batch_id": "API-1", "platform": world["platform"].pk, "records": feed_records()}
    first = _post(client, f"{API}/feeds/", data)
    assert first.status_code == 201
    batch = ScanBatch.objects.get()
    body = first.json()
    errors = body.pop("errors")
    assert body == {
        "batch": batch.pk,
        "already_received": False,
        "records": 4,
        "malformed": 2,
        "findings": 8,
        "new_findings": 8,
        "routed_elsewhere": 2,
        "rule_pack": engine().pack.label,
    }
    assert errors == [
        {
            "line": 5,
            "field": "id",
            "message": "第 5 行，字段 id：编号为空 / line 5, field id: empty id",
        },
        {
            "line": 6,
            "field": "source_type",
            "message": batch.errors[1]["message"],
        },
    ]
    assert errors[1]["message"].startswith("第 6 行，字段 source_type：'poster' 不是允许的来源类型")
    again = _post(client, f"{API}/feeds/", data)
    assert again.status_code == 200
    assert again.json() == {**body, "errors": errors, "already_received": True}
    assert (ScanBatch.objects.count(), Finding.objects.count()) == (1, 8)
    assert batch.submitted_by == regulator


def test_a_feed_record_whose_display_price_is_below_its_detail_price_stores_pr_005(
    world, regulator
):
    client = _client(regulator)
    shown_lower = {"id": "DP-1", "text": "纯棉四件套", "shop_id": "S-001"}
    records = [
        {**shown_lower, "price": 129, "display_price": 99},
        {**shown_lower, "id": "DP-2", "price": 129, "display_price": "九十九"},
        {**shown_lower, "id": "DP-3", "price": 129, "display_price": 129},
    ]

    response = _post(
        client,
        f"{API}/feeds/",
        {"batch_id": "DP-20261202", "platform": world["platform"].pk, "records": records},
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["records"], body["malformed"], body["findings"], body["new_findings"]) == (
        2,
        1,
        1,
        1,
    )
    assert body["errors"] == [
        {
            "line": 2,
            "field": "display_price",
            "message": "第 2 行，字段 display_price：价格 '九十九' 不是数字 / line 2, field "
            "display_price: price '九十九' is not a number",
        }
    ]
    finding = Finding.objects.select_related("item", "shop").get()
    assert (finding.item.external_id, finding.rule, finding.field, finding.match) == (
        "DP-1",
        "PR-005",
        "display_price",
        "99",
    )
    assert (finding.verdict, finding.severity, finding.legal_basis, finding.shop) == (
        "violation",
        "high",
        ["price-marking-rules-2022:20.1"],
        world["yangpu_shop"],
    )
    detail = client.get(f"{API}/findings/{finding.pk}/").json()
    assert detail["explanation"] == (
        "【违法】首页或其他显著位置标示的价格 99 元低于详情页面标示的价格 129 元；"
        "网络交易经营者不得在首页或者其他显著位置标示低于详情页面的商品或者服务价格"
        "（明码标价和禁止价格欺诈规定第二十条第一项）。"
    )
    assert detail["legal_basis"] == [
        {
            "key": "price-marking-rules-2022:20.1",
            "citation": "《明码标价和禁止价格欺诈规定》第二十条第一项（2022年4月14日公布，"
            "2022-07-01施行）",
        }
    ]


def test_feed_refusals_name_the_field_and_the_rule(world, regulator):
    client = _client(regulator)
    url = f"{API}/feeds/"
    platform = world["platform"].pk

    def refused(data):
        response = _post(client, url, data)
        assert response.status_code == 400, response.content
        body = _without_request_id(response)
        assert set(body) == {"detail", "field", "rule"}
        return body

    body = refused({"platform": platform, "records": [{"id": "1", "text": "x"}]})
    assert (body["field"], body["rule"]) == ("batch_id", "required")
    assert body["detail"].startswith("请求字段 batch_id 无效：")
    body = refused({"batch_id": "A", "platform": platform, "records": "最好"})
    assert (body["field"], body["rule"]) == ("records", "not_a_list")
    body = refused({"batch_id": "A", "platform": platform, "records": []})
    assert (body["field"], body["rule"]) == ("records", "required")
    assert body["detail"] == (
        "报送批次：records 须为非空列表 / feed batch: records must be a non-empty list"
    )
    too_many = [{"id": str(number), "text": "x"} for number in range(5001)]
    body = refused({"batch_id": "A", "platform": platform, "records": too_many})
    assert (body["field"], body["rule"]) == ("records", "max_records")
    assert "一次最多 5000 条记录，收到 5001 条" in body["detail"]
    assert (
        _post(
            client,
            url,
            {"batch_id": "A", "platform": platform, "records": [{"id": "1", "text": "x"}]},
        ).status_code
        == 201
    )
    body = refused({"batch_id": "A", "platform": platform, "records": [{"id": "2", "text": "y"}]})
    assert (body["field"], body["rule"]) == ("batch_id", "unique")
    assert ScanBatch.objects.count() == 1


def test_a_platform_account_posts_for_its_own_platform_only(world, platform_user, divisions):
    from wangjian.core.tests.factories import make_api_token
    from wangjian.registry.actions import register_platform

    other = register_platform(
        actor=None, entity=world["tech"], name="别家商城", division=divisions["yangpu"]
    )
    token = make_api_token(platform_user)
    url = f"{API}/feeds/"
    records = [{"id": "HW-1", "text": LISTING, "shop_id": "S-001", "category": "食品"}]
    response = Client().post(
        url,
        data={"batch_id": "HW-20260601", "records": records},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert response.status_code == 201
    batch = ScanBatch.objects.get()
    assert (batch.platform, batch.submitted_by, batch.division) == (
        world["platform"],
        platform_user,
        world["platform"].division,
    )
    assert response.json()["findings"] == 3
    own = _post(
        _client(platform_user),
        url,
        {"batch_id": "HW-20260602", "platform": world["platform"].pk, "records": records[:1]},
    )
    # The same text under another batch id is a new batch whose findings are already stored.
    assert (own.status_code, own.json()["findings"], own.json()["new_findings"]) == (201, 3, 0)
    elsewhere = _post(
        _client(platform_user),
        url,
        {"batch_id": "HW-20260603", "platform": other.pk, "records": records},
    )
    assert elsewhere.status_code == 404
    assert _without_request_id(elsewhere) == NOT_FOUND
    assert ScanBatch.objects.count() == 2


def test_roles_without_the_capability_cannot_post_feeds(world, consumer, merchant, system_admin):
    for user in (consumer, merchant, system_admin):
        response = _post(
            _client(user), f"{API}/feeds/", {"batch_id": "X", "records": [{"id": "1", "text": "x"}]}
        )
        assert response.status_code == 403, user.username
    anonymous = _post(_client(), f"{API}/feeds/", {"batch_id": "X", "records": []})
    assert anonymous.status_code == 401
    assert ScanBatch.objects.count() == 0


# --- Schema ------------------------------------------------------------------------------------


def test_the_schema_documents_the_monitoring_endpoints_without_warnings(regulator):
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        schema = _client(regulator).get("/api/schema/?format=json")
    assert schema.status_code == 200
    problems = [
        message
        for message in [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
        if "monitoring" in message or "Dismissal" in message or "Feed" in message
    ]
    assert problems == []
    paths = schema.json()["paths"]
    assert sorted(path for path in paths if path.startswith(f"{API}/")) == [
        f"{API}/batches/",
        f"{API}/batches/{{id}}/",
        f"{API}/clues/",
        f"{API}/clues/{{id}}/",
        f"{API}/feeds/",
        f"{API}/findings/",
        f"{API}/findings/confirm/",
        f"{API}/findings/{{id}}/",
        f"{API}/findings/{{id}}/dismiss/",
    ]
    description = paths[f"{API}/feeds/"]["post"]["description"]
    assert "一次最多 5000 条" in description
    assert "at most 5000 per batch" in description
    record = schema.json()["components"]["schemas"]["FeedRecordRequest"]["properties"]
    assert record["display_price"] == {
        "type": "number",
        "format": "double",
        "description": "首页、搜索列表页或其他显著位置标示的价格 / price shown on the home page, a "
        "search or list page or another prominent position",
    }
