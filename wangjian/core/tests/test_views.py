import pytest
from django.db import transaction
from django.test import Client

from wangjian.core.actions.jobs import start_job
from wangjian.core.audit import record_event
from wangjian.core.testing import ScopingCase, assert_scoping_matrix


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_login_page_is_served_in_chinese_by_default():
    response = Client().get("/login/")
    assert response.status_code == 200
    assert "登录网监平台" in response.content.decode()


@pytest.mark.django_db
def test_home_requires_sign_in():
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


@pytest.mark.django_db
def test_home_shows_real_counts_for_the_jurisdiction(
    section_chief, wujiaochang_station, pudong_bureau, divisions
):
    with transaction.atomic():
        record_event(actor=section_chief, event_type="test.a", division=divisions["yangpu"])
        record_event(actor=section_chief, event_type="test.b", division=divisions["wujiaochang"])
        record_event(actor=section_chief, event_type="test.c", division=divisions["pudong"])
    response = signed_in(section_chief).get("/")
    cards = {card.label: card.value for card in response.context["cards"]}
    # 杨浦局 and 五角场所; 浦东局 is outside the jurisdiction.
    assert cards["辖区内机构"] == 2
    assert cards["进行中的任务"] == 0
    assert cards["今日审计事件"] == 2
    assert "辖区：杨浦区（310110）" in response.content.decode()


@pytest.mark.django_db
def test_consumer_home_has_no_jurisdiction_cards(consumer):
    response = signed_in(consumer).get("/")
    labels = [card.label for card in response.context["cards"]]
    # Their own complaints and their jobs; nothing counted over a jurisdiction.
    assert labels == ["我的投诉举报", "进行中的任务"]
    assert "不隶属于监管辖区" in response.content.decode()


@pytest.mark.django_db
def test_job_page_scoping(
    section_chief, other_section_chief, merchant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        job = start_job(actor=section_chief, kind="core.verify_audit_chain", title="审计链校验")
    response = assert_scoping_matrix(
        ScopingCase(url=f"/jobs/{job.pk}/", missing_url="/jobs/999999/", api=False),
        permitted=section_chief,
        other_jurisdiction=other_section_chief,
        no_permission=merchant,
    )
    assert "审计链校验" in response.content.decode()


@pytest.mark.django_db
def test_starting_audit_verification_from_the_job_page(section_chief, regulator):
    client = signed_in(section_chief)
    response = client.post("/jobs/verify-audit/")
    assert response.status_code == 302
    # Nothing drains the queue inside this test transaction, so the job is still queued.
    job_page = client.get(response["Location"])
    assert "排队中" in job_page.content.decode()
    assert signed_in(regulator).post("/jobs/verify-audit/").status_code == 404


@pytest.mark.django_db
def test_audit_log_page_needs_the_audit_capability(section_chief, regulator, divisions):
    with transaction.atomic():
        record_event(actor=section_chief, event_type="test.shown", division=divisions["yangpu"])
    page = signed_in(section_chief).get("/audit/")
    assert page.status_code == 200
    assert "test.shown" in page.content.decode()
    assert signed_in(regulator).get("/audit/").status_code == 404


@pytest.mark.django_db
def test_english_is_switchable(regulator):
    client = signed_in(regulator)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert "Workbench" in page
    assert "Online market supervision and service platform" in page


def test_every_menu_entry_resolves():
    from django.urls import reverse

    from wangjian.core.navigation import NAV_ITEMS

    assert NAV_ITEMS, "apps register their menu entries at start-up"
    for item in NAV_ITEMS:
        assert reverse(item.url_name).startswith("/"), item
