import datetime as dt

import pytest
from django.test import Client

from wangjian.cli import main
from wangjian.registry.actions import add_licence
from wangjian.services import idcode
from wangjian.services.actions.idcode import issue_id_code, revoke_idcode_key, rotate_idcode_key
from wangjian.services.models import IdCodeKey
from wangjian.services.signing import PayloadError

pytestmark = pytest.mark.django_db


def test_cli_issue_then_verify_round_trip(entities, signing, tmp_path, capsys):
    out = tmp_path / "code.png"
    assert main(["idcode", "issue", entities["penalised"].uscc, "--out", str(out)]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert out.read_bytes().startswith(b"\x89PNG")
    assert token.startswith("WJID1.")
    assert main(["idcode", "verify", token]) == 0
    assert f"核验通过 / verified: {entities['penalised'].uscc} 上海甲服务贸易有限公司" in (
        capsys.readouterr().out
    )


def test_rotated_key_still_verifies_and_a_revoked_key_fails(entities, signing, capsys):
    first = issue_id_code(actor=None, entity=entities["clean"])
    rotate_idcode_key(actor=None)
    second = issue_id_code(actor=None, entity=entities["clean"])
    assert first.key != second.key
    assert IdCodeKey.objects.get(is_current=True) == second.key
    assert idcode.verify_token(first.token)["k"] == first.key.key_id

    revoke_idcode_key(actor=None, key=first.key, reason="密钥文件泄露")
    with pytest.raises(PayloadError) as error:
        idcode.verify_token(first.token)
    assert error.value.step == "key"
    assert main(["idcode", "verify", first.token]) == 1
    assert "[key]" in capsys.readouterr().err
    assert idcode.verify_token(second.token)["u"] == entities["clean"].uscc


def test_token_with_a_changed_name_fails_the_signature(entities, signing):
    issued = issue_id_code(actor=None, entity=entities["clean"])
    claims, _signed, signature = idcode.read_payload(idcode.PREFIX, issued.token)
    from wangjian.evidence.bundle.canonical import canonical_json
    from wangjian.services.signing import _b64url

    claims["n"] = "冒用的名称"
    forged = f"{idcode.PREFIX}.{_b64url(canonical_json(claims))}.{_b64url(signature)}"
    with pytest.raises(PayloadError) as error:
        idcode.verify_token(forged)
    assert error.value.step == "signature"


def test_public_page_shows_public_facts_and_never_the_tier(entities, signing):
    add_licence(
        actor=None,
        holder=entities["penalised"],
        kind="食品经营许可证",
        number="JY13101100000001",
        valid_from=dt.date(2022, 1, 1),
        valid_until=dt.date(2027, 1, 10),
    )
    issued = issue_id_code(actor=None, entity=entities["penalised"])
    body = Client().get("/services/id/", {"t": issued.token}).content.decode()
    assert "身份码真实有效" in body
    assert "JY13101100000001：有效" in body
    assert "未明码标价，罚款五千元（公示中（公示期至 2028-03-10））" in body
    assert "信用风险分类" not in body
    assert 'data-testid="compliance"' not in body
    assert 'data-testid="staff-view"' not in body


def test_merchant_sees_compliance_items_and_staff_see_their_view(
    entities, signing, merchant_user, other_merchant, regulator, other_regulator
):
    add_licence(
        actor=None,
        holder=entities["penalised"],
        kind="食品经营许可证",
        number="JY13101100000002",
        valid_from=dt.date(2022, 1, 1),
        valid_until=dt.date(2027, 1, 10),
    )
    token = issue_id_code(actor=None, entity=entities["penalised"]).token
    own = Client()
    own.force_login(merchant_user)
    body = own.get("/services/id/", {"t": token}).content.decode()
    assert "食品经营许可证 JY13101100000002 将于 2027-01-10 到期" in body

    other = Client()
    other.force_login(other_merchant)
    assert (
        'data-testid="compliance"' not in other.get("/services/id/", {"t": token}).content.decode()
    )

    staff = Client()
    staff.force_login(regulator)
    staff_body = staff.get("/services/id/", {"t": token}).content.decode()
    assert 'data-testid="staff-view"' in staff_body
    assert f"/credit/entities/{entities['penalised'].pk}/" in staff_body

    outsider = Client()
    outsider.force_login(other_regulator)
    assert (
        'data-testid="staff-view"'
        not in outsider.get("/services/id/", {"t": token}).content.decode()
    )


def test_revoked_code_page_says_so(entities, signing):
    issued = issue_id_code(actor=None, entity=entities["clean"])
    revoke_idcode_key(actor=None, key=issued.key, reason="轮换")
    response = Client().get("/services/id/", {"t": issued.token})
    assert response.status_code == 400
    assert "吊销（轮换）" in response.content.decode()


def test_id_code_card_scoping(entities, signing, merchant_user, other_merchant, consumer):
    from wangjian.core.testing import ScopingCase, assert_scoping_matrix

    issue_id_code(actor=None, entity=entities["penalised"])
    response = assert_scoping_matrix(
        ScopingCase(
            url=f"/services/entities/{entities['penalised'].pk}/idcode/",
            missing_url="/services/entities/999999/idcode/",
            api=False,
        ),
        permitted=merchant_user,
        other_jurisdiction=other_merchant,
        no_permission=consumer,
    )
    assert "下载二维码图片（PNG）" in response.content.decode()


def test_compliance_lists_the_next_annual_report(entities):
    from wangjian.services.profile import compliance_items

    titles = [item["title"] for item in compliance_items(entities["penalised"])]
    assert "2026年度报告应于 2027-01-01 至 2027-06-30 报送并公示" in titles


def test_card_page_issues_only_on_post(entities, signing, merchant_user):
    from wangjian.services.models import IdCodeIssue

    client = Client()
    client.force_login(merchant_user)
    url = f"/services/entities/{entities['penalised'].pk}/idcode/"
    assert 'data-testid="issue-idcode"' in client.get(url).content.decode()
    assert IdCodeIssue.objects.count() == 0
    assert "下载二维码图片（PNG）" in client.post(url).content.decode()
    assert IdCodeIssue.objects.get().issued_by == merchant_user


def test_id_code_image_scoping(entities, signing, merchant_user, other_merchant, consumer):
    from wangjian.core.testing import ScopingCase, assert_scoping_matrix

    issue_id_code(actor=None, entity=entities["penalised"])
    response = assert_scoping_matrix(
        ScopingCase(
            url=f"/services/entities/{entities['penalised'].pk}/idcode.png",
            missing_url="/services/entities/999999/idcode.png",
            api=False,
        ),
        permitted=merchant_user,
        other_jurisdiction=other_merchant,
        no_permission=consumer,
    )
    assert response.content.startswith(b"\x89PNG")
