"""网络消费教育: drafted by staff, approved by a different person with the capability, public
once published; reads counted once per session without personal data."""

import datetime as dt

import pytest
from django.test import Client

from wangjian.complaints.actions import approve_warning, draft_warning
from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.services.actions import education as actions
from wangjian.services.error_codes import ServiceNotPermitted, ServiceRefused

pytestmark = pytest.mark.django_db

BODY = "网购直播间商品时，请保存订单截图和聊天记录，七日无理由退货的条件以商品页面标注为准。"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def warning(divisions, regulator, section_chief):
    drafted = draft_warning(
        actor=regulator,
        division=divisions["yangpu"],
        title="警惕直播间“限时秒杀”",
        body="近期投诉集中反映直播间限时秒杀商品与描述不符，请消费者理性下单并保存证据。",
    )
    return approve_warning(actor=section_chief, warning=drafted, on=dt.date(2026, 11, 30))


def article(regulator, divisions, **extra):
    values = {
        "kind": "campaign",
        "title": "直播购物维权小课堂",
        "topic": "直播电商",
        "audience": "老年消费者",
        "body": BODY,
        "period_from": dt.date(2026, 12, 1),
        "period_to": dt.date(2026, 12, 31),
    }
    return actions.draft_education(
        actor=regulator, division=divisions["yangpu"], **(values | extra)
    )


def published(regulator, section_chief, divisions, **extra):
    drafted = article(regulator, divisions, **extra)
    actions.submit_education(actor=regulator, article=drafted)
    return actions.approve_education(actor=section_chief, article=drafted)


def test_drafted_submitted_and_approved_by_another_person(
    divisions, regulator, section_chief, warning
):
    drafted = article(regulator, divisions, warnings=[warning])
    assert drafted.state == "draft"
    with pytest.raises(ServiceRefused, match="仅待审批的文章可审批"):
        actions.approve_education(actor=section_chief, article=drafted)
    actions.submit_education(actor=regulator, article=drafted)
    with pytest.raises(ServiceNotPermitted):
        actions.approve_education(actor=regulator, article=drafted)
    own = article(section_chief, divisions)
    actions.submit_education(actor=section_chief, article=own)
    with pytest.raises(ServiceRefused, match="起草人不能审批自己的稿件"):
        actions.approve_education(actor=section_chief, article=own)
    with pytest.raises(ServiceRefused, match="退回须写明理由"):
        actions.approve_education(actor=section_chief, article=drafted, approve=False)
    done = actions.approve_education(actor=section_chief, article=drafted)
    assert (done.state, done.approved_by, done.published_on) == (
        "published",
        section_chief,
        dt.date(2026, 12, 2),
    )
    assert list(
        AuditEvent.objects.filter(target_id=str(drafted.pk), event_type__startswith="services.edu")
        .order_by("id")
        .values_list("event_type", flat=True)
    ) == [
        "services.education_drafted",
        "services.education_submitted",
        "services.education_published",
    ]


def test_bad_drafts_are_refused_naming_the_field(divisions, regulator, other_regulator, warning):
    with pytest.raises(ServiceRefused, match="字段 period_from/period_to"):
        article(regulator, divisions, period_from=None)
    with pytest.raises(ServiceRefused, match="字段 period_to"):
        article(regulator, divisions, period_to=dt.date(2026, 11, 1))
    with pytest.raises(ServiceRefused, match="字段 warnings/hotspots"):
        article(other_regulator, divisions, warnings=[warning])


def test_public_page_counts_a_session_once_and_keeps_no_reader(
    divisions, regulator, section_chief, warning
):
    done = published(regulator, section_chief, divisions, warnings=[warning])
    audit_before = AuditEvent.objects.count()
    reader = Client()
    first = reader.get(f"/services/education/{done.pk}/")
    assert first.status_code == 200
    assert "阅读 1 次" in first.content.decode()
    assert "警惕直播间“限时秒杀”" in first.content.decode()
    reader.get(f"/services/education/{done.pk}/")
    Client().get(f"/services/education/{done.pk}/")
    done.refresh_from_db()
    assert done.read_count == 2
    assert AuditEvent.objects.count() == audit_before
    listing = Client().get("/services/education/")
    assert listing.content.decode().count('data-testid="education-item"') == 1


def test_unpublished_articles_are_not_public(divisions, regulator):
    drafted = article(regulator, divisions)
    assert Client().get(f"/services/education/{drafted.pk}/").status_code == 404
    assert "直播购物维权小课堂" not in Client().get("/services/education/").content.decode()


def test_scoping_matrix_of_the_staff_pages(
    divisions, regulator, section_chief, other_regulator, other_section_chief, merchant
):
    drafted = article(regulator, divisions)
    assert_scoping_matrix(
        ScopingCase(
            url=f"/services/education/manage/{drafted.pk}/",
            missing_url="/services/education/manage/0/",
            api=False,
        ),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=merchant,
    )
    assert_scoping_matrix(
        ScopingCase(
            url=f"/services/education/manage/{drafted.pk}/submit/",
            missing_url="/services/education/manage/0/submit/",
            method="post",
            api=False,
            permitted_status=302,
        ),
        permitted=regulator,
        other_jurisdiction=other_regulator,
        no_permission=merchant,
    )
    assert_scoping_matrix(
        ScopingCase(
            url=f"/services/education/manage/{drafted.pk}/approve/",
            missing_url="/services/education/manage/0/approve/",
            method="post",
            data={"approve": "1"},
            api=False,
            permitted_status=302,
        ),
        permitted=section_chief,
        other_jurisdiction=other_section_chief,
        no_permission=regulator,
    )
    drafted.refresh_from_db()
    assert drafted.state == "published"
    listing = client_for(other_regulator).get("/services/education/manage/")
    assert listing.status_code == 200
    assert "直播购物维权小课堂" not in listing.content.decode()
    assert client_for(merchant).get("/services/education/manage/").status_code == 404
    assert Client().get("/services/education/manage/").status_code == 302
