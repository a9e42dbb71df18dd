"""行政检查 outside the random draw: sources, the two-officer rule, the 现场检查笔录 with its
version check, photos in the custody log, signature or refusal, 责令改正 with the re-check date
on the working-day calendar (the cases opened from them: enforcement/tests)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wangjian.core.models import AuditEvent
from wangjian.core.working_days import add_working_days
from wangjian.inspections import actions
from wangjian.inspections.error_codes import InspectionNotPermitted, InspectionRefused
from wangjian.inspections.models import FieldState

# A 1×1 PNG: signature, IHDR, IDAT, IEND.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
TODAY = dt.date(2026, 12, 2)


def fill(inspection, actor, **extra):
    values = {
        "started_at": "2026-12-02T09:30",
        "ended_at": "2026-12-02T10:10",
        "place": "上海市杨浦区国权路100号",
        "place_source": "register",
        "present_persons": "赵一（法定代表人）",
        "checked": "查看网店首页与经营场所亮照情况",
        "findings": {
            "WJ-01": {"conforming": True, "note": ""},
            "WJ-02": {"conforming": False, "note": "网店首页未公示营业执照"},
        },
        **extra,
    }
    inspection = actions.save_field_record(
        actor=actor, inspection=inspection, version=inspection.version, values=values
    )
    return actions.record_party_signature(
        actor=actor, inspection=inspection, signed=True, signer_name="赵一"
    )


def test_an_inspection_starts_from_a_profile_with_two_certified_officers(started, entities):
    assert (started.source_type, started.source_id) == ("profile", str(entities["alpha"].pk))
    assert started.source_label == f"主体档案：{entities['alpha']}"
    assert [o["certificate"] for o in started.officers] == ["3101100000", "3101100001"]
    assert started.officer_rule["basis"] == "admin-penalty-law-2021:42"
    assert started.state == FieldState.DRAFT
    assert AuditEvent.objects.filter(event_type="inspections.field_started").count() == 1


def test_one_officer_or_the_same_officer_twice_is_refused_with_the_rule(
    regulator, entities, items, officers
):
    for team in ([officers[0]], [officers[0], officers[0]]):
        with pytest.raises(InspectionRefused) as error:
            actions.start_field_inspection(
                actor=regulator,
                entity=entities["alpha"],
                source_type="profile",
                source_id=entities["alpha"].pk,
                items=items,
                inspectors=team,
            )
        assert "须至少 2 名不同的执法人员" in str(error.value)
        assert "admin-penalty-law-2021:42" in str(error.value)


def test_an_expired_certificate_is_refused(regulator, entities, items, officers):
    officers[1].certificate_valid_until = dt.date(2026, 1, 1)
    officers[1].save()
    with pytest.raises(InspectionRefused, match="执法证无效或已过期"):
        actions.start_field_inspection(
            actor=regulator,
            entity=entities["alpha"],
            source_type="profile",
            source_id=entities["alpha"].pk,
            items=items,
            inspectors=officers[:2],
        )


def test_a_source_outside_the_jurisdiction_is_refused(
    other_regulator, regulator, entities, items, officers
):
    with pytest.raises(InspectionNotPermitted):
        actions.start_field_inspection(
            actor=other_regulator,
            entity=entities["alpha"],
            source_type="profile",
            source_id=entities["alpha"].pk,
            items=items,
            inspectors=officers[:2],
        )
    with pytest.raises(InspectionRefused, match="不属于被检查主体"):
        actions.start_field_inspection(
            actor=regulator,
            entity=entities["alpha"],
            source_type="profile",
            source_id=entities["beta"].pk,
            items=items,
            inspectors=officers[:2],
        )
    with pytest.raises(InspectionRefused, match="检查来源 'rumour' 未知"):
        actions.start_field_inspection(
            actor=regulator,
            entity=entities["alpha"],
            source_type="rumour",
            source_id=1,
            items=items,
            inspectors=officers[:2],
        )


def test_a_draft_made_on_an_older_version_is_refused(started, regulator):
    first = actions.save_field_record(
        actor=regulator, inspection=started, version=1, values={"place": "甲地"}
    )
    assert (first.version, first.place) == (2, "甲地")
    with pytest.raises(InspectionRefused) as error:
        actions.save_field_record(
            actor=regulator, inspection=started, version=1, values={"place": "乙地"}
        )
    assert "草稿基于第 1 版，而记录已被更新为第 2 版" in str(error.value)
    started.refresh_from_db()
    assert started.place == "甲地"


def test_a_photo_is_typed_hashed_and_sealed_in_the_custody_log(started, regulator):
    import hashlib

    photo = actions.add_field_attachment(
        actor=regulator,
        inspection=started,
        upload=SimpleUploadedFile("shop.jpg", PNG, content_type="image/jpeg"),
    )
    assert photo.content_type == "image/png"  # the bytes, not the name or the declared type
    assert photo.sha256 == hashlib.sha256(PNG).hexdigest()
    assert photo.custody_index is not None
    with pytest.raises(InspectionRefused, match="不是可接受的类型"):
        actions.add_field_attachment(
            actor=regulator,
            inspection=started,
            upload=SimpleUploadedFile("x.jpg", b"MZ\x90\x00" * 10, content_type="image/jpeg"),
        )


def test_a_refusal_needs_its_circumstances_and_a_witness(started, regulator):
    with pytest.raises(InspectionRefused, match="须注明拒签情况并由见证人签名"):
        actions.record_party_signature(
            actor=regulator, inspection=started, signed=False, refusal_reason="拒绝签字"
        )
    refused = actions.record_party_signature(
        actor=regulator,
        inspection=started,
        signed=False,
        refusal_reason="当事人拒绝在笔录上签名",
        witness_name="社区工作人员王五",
    )
    assert (refused.signature, refused.witness_name) == ("refused", "社区工作人员王五")


def test_an_incomplete_record_cannot_be_concluded(started, regulator):
    with pytest.raises(InspectionRefused) as error:
        actions.conclude_field_inspection(actor=regulator, inspection=started, outcome="rectify")
    expected = (
        "检查开始时间、检查地点、检查情况、逐项检查结论（WJ-01、WJ-02）、当事人签名或拒签记录"
    )
    assert expected in str(error.value)


def test_an_order_to_correct_sets_the_recheck_date_and_the_recheck_closes_it(started, regulator):
    from wangjian.credit.models import CreditEvent

    inspection = fill(started, regulator)
    ordered = actions.conclude_field_inspection(
        actor=regulator, inspection=inspection, outcome="rectify"
    )
    assert ordered.state == FieldState.RECTIFYING
    assert ordered.rectify_due_on == add_working_days(TODAY, 15)
    assert ordered.rectify_rule["verification"] == "local_practice"
    event = CreditEvent.objects.get(source_type="field_inspection", source_id=str(ordered.pk))
    assert (event.kind, event.severity) == ("spot_check", "problem")
    closed = actions.close_rectification(
        actor=regulator,
        inspection=ordered,
        rechecked_on=TODAY,
        corrected=True,
        notes="已在网店首页公示营业执照",
    )
    assert (closed.state, closed.recheck_corrected, closed.case_number) == ("closed", True, "")
