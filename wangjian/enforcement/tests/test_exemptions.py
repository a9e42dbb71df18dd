import datetime as dt
import subprocess

import pytest

from wangjian.credit.models import CreditEvent
from wangjian.enforcement import actions, exemptions
from wangjian.enforcement.actions import EnforcementError
from wangjian.enforcement.choices import CaseState, ErrorCode, Stage, Subject
from wangjian.enforcement.tests.factories import decide, file_case, propose

TODAY = dt.date(2026, 12, 2)
PRICE_ITEM = "2021-二-价格-明码标价"


def _price_case(regulator, entity, found_on=TODAY):
    case = actions.register_case(
        actor=regulator,
        conduct="网店商品页未明码标价",
        entity=entity,
        found_on=found_on,
        violated_articles=["price-marking-rules-2022:13"],
    )
    case.penalty_article = "price-law-1997:42"
    return case


def test_a_first_offence_on_a_listed_item_corrected_in_time_proposes_no_penalty(world, regulator):
    answer = exemptions.assess(_price_case(regulator, world["food"]), corrected=True, harm="none")
    assert answer["proposal"] == "no_penalty"
    assert answer["first_offence"]["value"] is True
    assert answer["first_offence"]["records"] == []
    # Two years back (国市监法〔2025〕10号), for conduct found from 2025-01-27 on.
    assert answer["first_offence"]["since"] == "2024-12-02"
    assert answer["first_offence"]["lookback_years"] == 2
    [item] = answer["items"]
    assert (item["list"], item["item"], item["applies"]) == (
        "shanghai-2021-list-2",
        PRICE_ITEM,
        "yes",
    )
    assert [c["status"] for c in item["conditions"]] == ["met", "met", "met"]
    assert answer["summary"].startswith("建议不予行政处罚：符合")
    assert PRICE_ITEM in answer["summary"]


def test_an_earlier_penalty_on_the_same_article_makes_it_not_a_first_offence(world, regulator):
    from wangjian.credit.actions import record_credit_event

    earlier = record_credit_event(
        actor=None,
        entity=world["food"],
        kind="penalty",
        occurred_on=dt.date(2025, 4, 10),
        legal_basis="price-law-1997:42",
        summary="沪市监杨处〔2025〕31号：未明码标价，罚款2000元",
        source_app="import",
        source_type="decision",
        source_id="沪市监杨处〔2025〕31号",
        severity="low",
    )
    answer = exemptions.assess(_price_case(regulator, world["food"]), corrected=True, harm="none")
    assert answer["first_offence"]["value"] is False
    assert answer["first_offence"]["records"] == [
        {
            "type": "credit_event",
            "id": earlier.pk,
            "number": "沪市监杨处〔2025〕31号",
            "on": "2025-04-10",
            "what": "沪市监杨处〔2025〕31号：未明码标价，罚款2000元",
        }
    ]
    assert answer["proposal"] == "penalty"
    assert answer["items"][0]["applies"] == "no"
    assert answer["summary"].startswith("非初次违法：2025-04-10")
    # Another party's record, or one outside the look-back, does not count.
    assert exemptions.assess(_price_case(regulator, world["tech"]), corrected=True, harm="none")[
        "first_offence"
    ]["value"]
    late = _price_case(regulator, world["food"], found_on=dt.date(2030, 6, 1))
    assert exemptions.assess(late, corrected=True, harm="none", on=dt.date(2030, 6, 1))[
        "first_offence"
    ]["value"]


def test_unknown_conditions_are_named(world, regulator):
    answer = exemptions.assess(_price_case(regulator, world["food"]))
    assert answer["proposal"] == "undetermined"
    assert answer["unknown_conditions"] == ["及时改正", "没有造成危害后果"]
    assert answer["summary"] == "尚待查明的条件：及时改正、没有造成危害后果。"


def test_a_no_penalty_decision_records_the_answer_and_education_and_no_credit_event(
    world, regulator, reviewer, section_chief, tmp_path
):
    on = dt.date(2026, 6, 1)
    case = actions.register_case(
        actor=regulator,
        conduct="网店商品页未明码标价",
        entity=world["food"],
        found_on=dt.date(2026, 5, 25),
        violated_articles=["price-marking-rules-2022:13"],
    )
    file_case(case, regulator, reviewer, section_chief, on)
    propose(
        case,
        regulator,
        reviewer,
        section_chief,
        on,
        outcome="no_penalty",
        no_penalty_ground="first_offence",
        penalty_article="price-law-1997:42",
        corrected=True,
        harm="none",
    )
    actions.record_statement(actor=regulator, case=case, statement="当事人无异议", on=on)
    with pytest.raises(EnforcementError) as refused:
        decide(case, regulator, section_chief, on, education="")
    assert refused.value.field == "education_record"
    assert "第三十三条第三款" in str(refused.value)
    decide(case, regulator, section_chief, on, education="向当事人讲解明码标价规定，当事人签字确认")
    case.refresh_from_db()
    assert (case.state, case.outcome, case.no_penalty_ground) == (
        CaseState.DECIDED,
        "no_penalty",
        "first_offence",
    )
    assert case.exemption_answer["proposal"] == "no_penalty"
    assert case.exemption_answer["items"][0]["item"] == PRICE_ITEM
    assert case.education_record == "向当事人讲解明码标价规定，当事人签字确认"
    assert case.decision_number == "沪市监杨处〔2026〕1号"
    assert case.publicity_due is None
    from wangjian.enforcement.documents import render_case_document

    path = tmp_path / "no-penalty.pdf"
    path.write_bytes(render_case_document(case, "no-penalty-decision"))
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    compact = "".join(text.split())
    assert compact.startswith("上海市杨浦区市场监督管理局不予行政处罚决定书沪市监杨处〔2026〕1号")
    assert "上海杨浦甲乙食品有限公司" in compact
    assert "《中华人民共和国价格法》第四十二条" in compact
    # pdftotext drops a hyphen where the line breaks at it, so compare without hyphens.
    assert PRICE_ITEM.replace("-", "") in compact.replace("-", "")
    assert "向当事人讲解明码标价规定" in compact
    with pytest.raises(EnforcementError) as refused:
        actions.publish_penalty(actor=regulator, case=case, on=on)
    assert refused.value.code == ErrorCode.WRONG_STATE
    actions.serve_decision(actor=regulator, case=case, on=on)
    actions.approval_step(
        actor=regulator,
        case=case,
        subject=Subject.CLOSING,
        stage=Stage.PROPOSE,
        opinion="已送达，建议结案",
        on=on,
    )
    actions.approval_step(
        actor=section_chief,
        case=case,
        subject=Subject.CLOSING,
        stage=Stage.APPROVE,
        opinion="同意结案",
        on=on,
    )
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    assert not CreditEvent.objects.filter(entity=world["food"], kind="penalty").exists()
    # The decided case is history: the same conduct later is not a first offence.
    later = _price_case(regulator, world["food"], found_on=dt.date(2026, 11, 1))
    answer = exemptions.assess(later, corrected=True, harm="none", on=dt.date(2026, 11, 2))
    assert answer["first_offence"]["records"][0]["number"] == "沪市监杨处〔2026〕1号"


def test_exemption_lists_cli_lists_versions_and_item_counts(capsys):
    from wangjian.cli import main

    assert main(["enforcement", "exemption-lists"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "shanghai-2019 沪司规〔2019〕1号 2019-03-15–2023-12-24 1 项 / items (secondary)",
        "shanghai-2021-list-2 上海市市场监督管理局、上海市司法局 2021年印发（文号未核实） "
        "2021-01-01–— 2 项 / items (unverified)",
        "shanghai-2023 沪市监规范〔2023〕14号 2023-12-25–— 0 项 / items (unverified)",
    ]


def test_the_look_back_is_the_one_in_force_on_the_day_the_conduct_was_found(world, regulator):
    from wangjian.credit.actions import record_credit_event

    record_credit_event(
        actor=None,
        entity=world["food"],
        kind="penalty",
        occurred_on=dt.date(2023, 3, 1),
        legal_basis="price-law-1997:42",
        summary="沪市监杨处〔2023〕12号：未明码标价，罚款1000元",
        source_app="import",
        source_type="decision",
        source_id="沪市监杨处〔2023〕12号",
        severity="low",
    )
    # Found in 2024: the earlier version (five years, unconfirmed) still reaches the 2023 penalty.
    before = exemptions.assess(
        _price_case(regulator, world["food"], found_on=dt.date(2024, 6, 1)),
        corrected=True,
        harm="none",
        on=dt.date(2024, 6, 1),
    )["first_offence"]
    assert (before["value"], before["lookback_years"], before["since"]) == (
        False,
        5,
        "2019-06-01",
    )
    assert before["status"] == "unconfirmed"
    # Found today: two years back, so the 2023 penalty no longer makes it a repeat.
    after = exemptions.assess(_price_case(regulator, world["food"]), corrected=True, harm="none")[
        "first_offence"
    ]
    assert (after["value"], after["lookback_years"], after["since"]) == (True, 2, "2024-12-02")
    assert "国市监法〔2025〕10号" in after["basis"]
    assert after["status"] == "secondary"
