"""Gig workers' 个体工商户 batches: exact row errors, approval registers and attaches the shop,
the same batch again creates nothing; scoping of the pages and the API."""

import datetime as dt

import pytest
from django.test import Client
from rest_framework.test import APIClient

from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.registry.models import EntityLink, MarketEntity, OnlineShop
from wangjian.services import gig
from wangjian.services.actions.gig import decide_gig_application, file_gig_batch
from wangjian.services.error_codes import ServiceNotPermitted, ServiceRefused
from wangjian.services.models import GigApplication, GigBatch, IdCodeIssue
from wangjian.services.tests.gig_data import bad_check_digit, resident_id, row

pytestmark = pytest.mark.django_db


def test_name_rules():
    assert gig.check_name("上海市杨浦区甲子跑腿服务工作室") == []
    assert [e["rule"] for e in gig.check_name("上海市杨浦区中国跑腿服务工作室")] == [
        "prohibited_word"
    ]
    assert [e["rule"] for e in gig.check_name("甲子跑腿服务工作室")] == ["region"]
    assert [e["rule"] for e in gig.check_name("上海市杨浦区甲跑腿服务工作室")] == ["trade_name"]
    assert [e["rule"] for e in gig.check_name("上海市杨浦区甲子工作室")] == ["industry"]
    assert [e["rule"] for e in gig.check_name("上海市杨浦区甲子跑腿服务公司")] == [
        "prohibited_word",
        "organisation_form",
    ]


def test_batch_row_errors_are_exact(platform, platform_user):
    rows = [
        row(1),
        row(2, id_number=bad_check_digit(resident_id(2))),
        row(3, business_name="上海市杨浦区国际跑腿服务工作室"),
        row(4, id_number=resident_id(1)),
        row(5, scope=["外卖递送服务", "无人机表演"]),
    ]
    batch, created = file_gig_batch(actor=platform_user, platform=platform, rows=rows)
    assert created
    assert (batch.row_count, batch.error_count) == (5, 4)
    found = {
        a.row_number: [(e["field"], e["rule"]) for e in a.errors] for a in batch.applications.all()
    }
    assert found == {
        1: [],
        2: [("id_number", "id_check_character")],
        3: [("business_name", "prohibited_word")],
        4: [("id_number", "duplicate_applicant")],
        5: [("scope", "scope_not_in_list")],
    }
    first = batch.applications.get(row_number=1)
    assert first.state == "pending"
    assert first.id_masked != resident_id(1)
    assert len(first.id_hash) == 64
    assert resident_id(1) not in str(GigApplication.objects.values_list())


def test_approval_registers_the_entity_links_the_shop_and_a_refiling_creates_nothing(
    platform, platform_user, regulator
):
    rows = [row(1), row(2)]
    batch, _created = file_gig_batch(actor=platform_user, platform=platform, rows=rows)
    application = batch.applications.get(row_number=1)
    decide_gig_application(actor=regulator, application=application, approve=True)
    application.refresh_from_db()
    entity = application.entity
    assert entity.entity_type == "individual_business"
    assert entity.name == "上海市杨浦区乙子跑腿服务工作室"
    assert entity.uscc.startswith("92310110")
    assert entity.business_scope == "外卖递送服务（仅限于通过互联网从事经营活动）"
    assert "众包骑手平台住所托管" in entity.registered_address
    shop = OnlineShop.objects.get(platform=platform, shop_id="W0001")
    assert (shop.entity, shop.operator_kind, shop.person_id_hash) == (entity, "registered", "")
    assert EntityLink.objects.filter(shop=shop, entity=entity, state="automatic").exists()
    assert IdCodeIssue.objects.filter(entity=entity).count() == 1

    counts = (
        MarketEntity.objects.count(),
        GigBatch.objects.count(),
        GigApplication.objects.count(),
    )
    again, created = file_gig_batch(actor=platform_user, platform=platform, rows=rows)
    assert (again, created) == (batch, False)
    assert counts == (
        MarketEntity.objects.count(),
        GigBatch.objects.count(),
        GigApplication.objects.count(),
    )


def test_an_approved_worker_filed_again_in_a_new_batch_is_a_duplicate(
    platform, platform_user, regulator
):
    batch, _ = file_gig_batch(actor=platform_user, platform=platform, rows=[row(1)])
    decide_gig_application(actor=regulator, application=batch.applications.get(), approve=True)
    later, created = file_gig_batch(
        actor=platform_user, platform=platform, rows=[row(1, shop_id="W0009")]
    )
    assert created
    assert [e["rule"] for e in later.applications.get().errors] == ["duplicate_applicant"]


def test_decided_application_cannot_be_decided_again_and_refusal_needs_a_reason(
    platform, platform_user, regulator
):

    batch, _ = file_gig_batch(actor=platform_user, platform=platform, rows=[row(1)])
    application = batch.applications.get()
    with pytest.raises(ServiceRefused, match="不予登记须说明理由"):
        decide_gig_application(actor=regulator, application=application, approve=False)
    decide_gig_application(
        actor=regulator, application=application, approve=False, reason="名称近似"
    )
    with pytest.raises(ServiceRefused, match="不能再决定"):
        decide_gig_application(actor=regulator, application=application, approve=True)


def test_other_jurisdiction_cannot_decide(platform, platform_user, other_regulator):

    batch, _ = file_gig_batch(actor=platform_user, platform=platform, rows=[row(1)])
    with pytest.raises(ServiceNotPermitted):
        decide_gig_application(
            actor=other_regulator, application=batch.applications.get(), approve=True
        )
    assert MarketEntity.objects.filter(entity_type="individual_business").count() == 0


def test_api_files_a_batch_and_reports_row_errors(platform, platform_user):
    client = APIClient()
    client.force_authenticate(platform_user)
    payload = {"platform": platform.pk, "rows": [row(1), row(2, scope=["炒股"])]}
    response = client.post("/api/v1/services/gig-batches/file/", payload, format="json")
    assert response.status_code == 201
    assert [a["errors"] and a["errors"][0]["rule"] for a in response.json()["applications"]] == [
        [],
        "scope_not_in_list",
    ]
    again = client.post("/api/v1/services/gig-batches/file/", payload, format="json")
    assert again.status_code == 200
    assert GigBatch.objects.count() == 1


def test_upload_page_files_a_csv(platform, platform_user):
    header = ",".join(gig.COLUMNS)
    lines = [header]
    for values in (row(1), row(2, business_name="上海市杨浦区甲子最佳跑腿服务工作室")):
        lines.append(
            ",".join("；".join(values[c]) if c == "scope" else values[c] for c in gig.COLUMNS)
        )
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    client.force_login(platform_user)
    response = client.post(
        "/services/gig/",
        {
            "platform": platform.pk,
            "file": SimpleUploadedFile("batch.csv", "\n".join(lines).encode("utf-8")),
        },
    )
    batch = GigBatch.objects.get()
    assert response.status_code == 302
    assert (batch.row_count, batch.error_count) == (2, 1)
    page = client.get(f"/services/gig/{batch.pk}/").content.decode()
    assert "名称含禁用字词“最佳”" in page


def test_a_gb18030_upload_is_read_and_an_unreadable_one_answers_in_words(platform, platform_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    values = row(1)
    lines = [
        ",".join(gig.COLUMNS),
        ",".join("；".join(values[c]) if c == "scope" else values[c] for c in gig.COLUMNS),
    ]
    assert (
        gig.parse_csv("\n".join(lines).encode("gb18030"), "batch.csv")[0]["applicant_name"]
        == (values["applicant_name"])
    )
    client = Client()
    client.force_login(platform_user)
    response = client.post(
        "/services/gig/",
        {"platform": platform.pk, "file": SimpleUploadedFile("batch.csv", b"\xff\xfe\x00\x81")},
    )
    page = response.content.decode()
    # The refusal is shown on the upload page itself, as the page's other refusals are.
    assert response.status_code == 200
    assert "文件 batch.csv：无法按 UTF-8 或 GB18030 解码" in page
    assert "codec" not in page
    assert GigBatch.objects.count() == 0


def test_batch_page_scoping(platform, platform_user, regulator, other_regulator, consumer):
    batch, _ = file_gig_batch(actor=platform_user, platform=platform, rows=[row(1)])
    assert_scoping_matrix(
        ScopingCase(
            url=f"/services/gig/{batch.pk}/", missing_url="/services/gig/999999/", api=False
        ),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=consumer,
    )


def test_decide_endpoint_scoping(platform, platform_user, regulator, other_regulator, consumer):
    batch, _ = file_gig_batch(actor=platform_user, platform=platform, rows=[row(1)])
    application = batch.applications.get()
    assert_scoping_matrix(
        ScopingCase(
            url=f"/services/gig/applications/{application.pk}/decide/",
            missing_url="/services/gig/applications/999999/decide/",
            method="post",
            data={"approve": "1"},
            api=False,
            permitted_status=302,
        ),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=consumer,
    )
    application.refresh_from_db()
    assert application.state == "approved"


def test_api_batch_detail_scoping(platform, platform_user, regulator, other_regulator, consumer):
    batch, _ = file_gig_batch(actor=platform_user, platform=platform, rows=[row(1)])
    response = assert_scoping_matrix(
        ScopingCase(
            url=f"/api/v1/services/gig-batches/{batch.pk}/",
            missing_url="/api/v1/services/gig-batches/999999/",
        ),
        permitted=platform_user,
        other_jurisdiction=other_regulator,
        no_permission=consumer,
    )
    assert response.json()["row_count"] == 1


def test_platform_sees_the_registered_workers_identity_code(platform, platform_user, regulator):
    batch, _ = file_gig_batch(actor=platform_user, platform=platform, rows=[row(1)])
    decide_gig_application(actor=regulator, application=batch.applications.get(), approve=True)
    client = Client()
    client.force_login(platform_user)
    body = client.get(f"/services/gig/{batch.pk}/").content.decode()
    assert 'data-testid="worker-code"' in body
    code = IdCodeIssue.objects.get()
    from urllib.parse import quote

    assert quote(code.token, safe="") in body


def test_simple_deregistration_waits_for_the_objection_period(registered, platform_user, regulator):
    import time_machine

    from wangjian.services.actions.gig import (
        decide_simple_deregistration,
        request_simple_deregistration,
    )

    deregistration = request_simple_deregistration(
        actor=platform_user, application=registered, reason="已退出平台"
    )
    assert deregistration.objection_until == deregistration.requested_on + dt.timedelta(days=10)
    with pytest.raises(ServiceRefused, match="期满后方可注销"):
        decide_simple_deregistration(actor=regulator, deregistration=deregistration)
    with time_machine.travel(dt.datetime(2026, 12, 20, 10, tzinfo=dt.UTC)):
        decide_simple_deregistration(actor=regulator, deregistration=deregistration)
    deregistration.refresh_from_db()
    registered.entity.refresh_from_db()
    assert (deregistration.state, registered.entity.status) == ("completed", "deregistered")


def test_an_objection_stops_simple_deregistration(registered, platform_user, regulator):
    from wangjian.services.actions.gig import (
        decide_simple_deregistration,
        request_simple_deregistration,
    )

    deregistration = request_simple_deregistration(
        actor=platform_user, application=registered, reason="已退出平台"
    )
    decide_simple_deregistration(
        actor=regulator, deregistration=deregistration, objection="税务部门：有未结清税款"
    )
    registered.entity.refresh_from_db()
    assert registered.entity.status == "active"
    deregistration.refresh_from_db()
    assert deregistration.state == "objected"


def test_deregister_endpoint_scoping(registered, platform_user, other_regulator, consumer):
    response = assert_scoping_matrix(
        ScopingCase(
            url=f"/services/gig/applications/{registered.pk}/deregister/",
            missing_url="/services/gig/applications/999999/deregister/",
            method="post",
            data={"reason": "已退出平台"},
            api=False,
            permitted_status=302,
        ),
        permitted=platform_user,
        other_jurisdiction=other_regulator,
        no_permission=consumer,
    )
    assert response["Location"] == f"/services/gig/{registered.batch_id}/"
    assert registered.__class__.objects.get(pk=registered.pk).deregistration.reason == "已退出平台"


def test_deregistration_decision_endpoint_scoping(
    registered, platform_user, regulator, other_regulator, consumer
):
    from wangjian.services.actions.gig import request_simple_deregistration

    request_simple_deregistration(actor=platform_user, application=registered, reason="已退出平台")
    assert_scoping_matrix(
        ScopingCase(
            url=f"/services/gig/applications/{registered.pk}/deregistration/",
            missing_url="/services/gig/applications/999999/deregistration/",
            method="post",
            data={"objection": "税务部门：有未结清税款"},
            api=False,
            permitted_status=302,
        ),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=consumer,
    )
    registered.deregistration.refresh_from_db()
    assert registered.deregistration.state == "objected"
