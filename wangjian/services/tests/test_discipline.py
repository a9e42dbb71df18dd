"""Self-discipline: a commitment signed by the entity's account, shown on its public 身份码 page
and revoked inside the transaction that lists the entity; associations keep members, publish
documents and see their members' commitment status."""

import datetime as dt
import hashlib

import pytest
from django.test import Client

from wangjian.core.models import AuditEvent
from wangjian.core.testing import ScopingCase, assert_scoping_matrix
from wangjian.credit import actions as credit
from wangjian.services.actions import discipline as actions
from wangjian.services.actions.idcode import issue_id_code
from wangjian.services.error_codes import ServiceNotPermitted, ServiceRefused
from wangjian.services.models import Commitment

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def list_serious(entity, regulator, chief):
    penalty = credit.record_credit_event(
        actor=None,
        entity=entity,
        kind="penalty",
        occurred_on=dt.date(2026, 10, 9),
        legal_basis="trademark-law-2019:57",
        summary="销售假冒注册商标的商品，从重罚款",
        source_app="enforcement",
        source_type="decision",
        source_id=f"沪市监杨处〔2026〕{entity.pk}号",
        severity="heavy",
    )
    entry = credit.notify_listing(
        actor=regulator,
        entity=entity,
        list_kind="serious",
        ground="销售假冒注册商标的商品，情节严重",
        ground_basis="serious-violation-list-measures-2021:2",
        notified_on=dt.date(2026, 11, 2),
        penalty_event=penalty,
    )
    return credit.decide_listing(
        actor=chief, entry=entry, listed=True, decided_on=dt.date(2026, 12, 1)
    )


def test_a_commitment_is_public_and_revoked_when_the_entity_enters_the_serious_list(
    entities, merchant_user, regulator, section_chief, signing
):
    entity = entities["clean"]
    from wangjian.registry.actions import link_merchant_account

    link_merchant_account(actor=None, user=merchant_user, entity=entity)
    commitment = actions.sign_commitment(
        actor=merchant_user, entity=entity, template_key="honest_online_merchant"
    )
    assert (commitment.signed_by, commitment.template_version) == (merchant_user, "2026.1")
    assert commitment.text.startswith(f"{entity.name}（统一社会信用代码 {entity.uscc}）郑重承诺")
    assert commitment.text_sha256 == hashlib.sha256(commitment.text.encode()).hexdigest()
    token = issue_id_code(actor=regulator, entity=entity).token
    page = Client().get("/services/id/", {"t": token}).content.decode()
    assert "诚信网商承诺：有效" in page

    entry = list_serious(entity, regulator, section_chief)
    commitment.refresh_from_db()
    assert (commitment.state, commitment.revoked_on, commitment.revoked_by_listing) == (
        "revoked",
        dt.date(2026, 12, 1),
        entry,
    )
    assert commitment.revocation_basis["verification"] == "local_practice"
    event = AuditEvent.objects.get(event_type="services.commitment_revoked")
    assert (event.actor, event.after["list_entry"]) == (section_chief, entry.pk)
    page = Client().get("/services/id/", {"t": token}).content.decode()
    assert "诚信网商承诺：已撤销" in page
    assert "严重违法失信名单：2026-12-01 列入" in page
    with pytest.raises(ServiceRefused, match="不能作出承诺"):
        actions.sign_commitment(
            actor=merchant_user, entity=entity, template_key="honest_online_merchant"
        )


def test_a_failed_revocation_rolls_the_listing_back(entities, regulator, section_chief):
    from wangjian.credit.consequences import LISTING_CONSEQUENCES

    def refuse(*, actor, entry):
        raise RuntimeError("revocation failed")

    LISTING_CONSEQUENCES.append(refuse)
    try:
        with pytest.raises(RuntimeError):
            list_serious(entities["penalised"], regulator, section_chief)
    finally:
        LISTING_CONSEQUENCES.remove(refuse)
    from wangjian.credit.models import CreditListEntry

    assert CreditListEntry.objects.get(list_kind="serious").state == "notified"


def test_signing_is_refused_naming_the_field(entities, merchant_user, other_merchant):
    with pytest.raises(ServiceRefused, match="字段 template"):
        actions.sign_commitment(
            actor=merchant_user, entity=entities["penalised"], template_key="nonsense"
        )
    with pytest.raises(ServiceRefused, match="字段 shop"):
        actions.sign_commitment(
            actor=merchant_user, entity=entities["penalised"], template_key="trusted_online_shop"
        )
    actions.sign_commitment(
        actor=merchant_user, entity=entities["penalised"], template_key="honest_online_merchant"
    )
    with pytest.raises(ServiceRefused, match="已有有效的同类承诺"):
        actions.sign_commitment(
            actor=merchant_user,
            entity=entities["penalised"],
            template_key="honest_online_merchant",
        )
    with pytest.raises(ServiceNotPermitted):
        actions.sign_commitment(
            actor=other_merchant,
            entity=entities["penalised"],
            template_key="honest_online_merchant",
        )


def test_association_sees_its_members_commitment_status(
    entities, merchant_user, association, association_user, other_association_user
):
    actions.sign_commitment(
        actor=merchant_user, entity=entities["penalised"], template_key="honest_online_merchant"
    )
    actions.add_association_member(
        actor=association_user, association=association, uscc=entities["penalised"].uscc
    )
    actions.add_association_member(
        actor=association_user, association=association, uscc=entities["clean"].uscc
    )
    with pytest.raises(ServiceRefused, match="已是会员"):
        actions.add_association_member(
            actor=association_user, association=association, uscc=entities["clean"].uscc
        )
    with pytest.raises(ServiceNotPermitted):
        actions.add_association_member(
            actor=other_association_user, association=association, uscc=entities["clean"].uscc
        )
    actions.publish_association_document(
        actor=association_user,
        association=association,
        kind="convention",
        title="杨浦区网商自律公约",
        version="2026版",
        body="会员承诺依法经营、诚信经营，不售假，不刷单，及时处理消费者投诉。",
    )
    page = client_for(association_user).get(f"/services/associations/{association.pk}/manage/")
    body = page.content.decode()
    assert body.count('data-testid="member"') == 2
    assert body.count('data-testid="commitment-state"') == 1
    assert "诚信网商承诺：<span" in body
    public = Client().get(f"/services/associations/{association.pk}/").content.decode()
    assert public.count('data-testid="association-document"') == 1
    assert "杨浦区网商自律公约" in public


def test_scoping_matrix_of_the_self_discipline_pages(
    entities,
    merchant_user,
    other_merchant,
    regulator,
    other_regulator,
    consumer,
    partner,
    association,
    association_user,
    other_association_user,
):
    manage = f"/services/associations/{association.pk}/manage/"
    missing = "/services/associations/0/manage/"
    for permitted in (association_user, regulator):
        for no_permission in (merchant_user, consumer, partner):
            assert_scoping_matrix(
                ScopingCase(url=manage, missing_url=missing, api=False),
                permitted=permitted,
                other_jurisdiction=other_regulator,
                no_permission=no_permission,
            )
    assert client_for(other_association_user).get(manage).status_code == 404
    assert_scoping_matrix(
        ScopingCase(
            url=manage,
            missing_url=missing,
            method="post",
            data={"operation": "member", "uscc": entities["clean"].uscc},
            api=False,
            permitted_status=302,
        ),
        permitted=association_user,
        other_jurisdiction=other_association_user,
        no_permission=merchant_user,
    )
    commitments = f"/services/me/entities/{entities['penalised'].pk}/commitments/"
    for no_permission in (regulator, association_user, partner, consumer):
        assert_scoping_matrix(
            ScopingCase(
                url=commitments,
                missing_url="/services/me/entities/0/commitments/",
                api=False,
            ),
            permitted=merchant_user,
            other_jurisdiction=other_merchant,
            no_permission=no_permission,
        )
    assert Commitment.objects.count() == 0
    assert Client().get("/services/associations/").status_code == 200
    assert Client().get(f"/services/associations/{association.pk}/").status_code == 200
    assert Client().get("/services/associations/0/").status_code == 404


def test_scoping_matrix_of_the_self_discipline_writes(
    entities,
    merchant_user,
    other_merchant,
    regulator,
    other_regulator,
    association,
    association_user,
    other_association_user,
):
    assert_scoping_matrix(
        ScopingCase(
            url=f"/services/me/entities/{entities['penalised'].pk}/commitments/",
            missing_url="/services/me/entities/0/commitments/",
            method="post",
            data={"template": "honest_online_merchant"},
            api=False,
            permitted_status=302,
        ),
        permitted=merchant_user,
        other_jurisdiction=other_merchant,
        no_permission=association_user,
    )
    assert Commitment.objects.get().signed_by == merchant_user
    publish = {
        "operation": "publish",
        "kind": "standard",
        "title": "网店商品信息描述规范",
        "version": "T/YPWS 001-2026",
        "body": "会员网店的商品标题、主图和详情页应与实物一致，标明规格、产地和保质期。",
    }
    assert_scoping_matrix(
        ScopingCase(
            url=f"/services/associations/{association.pk}/manage/",
            missing_url="/services/associations/0/manage/",
            method="post",
            data=publish,
            api=False,
            permitted_status=302,
        ),
        permitted=association_user,
        other_jurisdiction=other_association_user,
        no_permission=merchant_user,
    )
    # Staff keep members but do not publish in the association's name.
    response = client_for(regulator).post(
        f"/services/associations/{association.pk}/manage/", publish
    )
    assert response.status_code == 404
    assert association.documents.count() == 1
    assert (
        client_for(other_regulator)
        .post(f"/services/associations/{association.pk}/manage/", publish)
        .status_code
        == 404
    )
