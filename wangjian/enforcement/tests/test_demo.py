import pytest

from wangjian.core.demo import load_demo
from wangjian.credit.models import CreditEvent
from wangjian.enforcement.models import Case, Guidance


@pytest.mark.django_db
def test_demo_loads_cases_in_several_states_once():
    load_demo()
    cases = Case.objects.all()
    states = set(cases.values_list("state", flat=True))
    assert {"verifying", "investigating", "served", "closed"} <= states
    clue_case = cases.get(source_kind="clue")
    assert clue_case.published_on is not None
    event = CreditEvent.objects.get(source_app="enforcement", source_id=str(clue_case.pk))
    assert event.legal_basis == "ad-law-2021:58"
    exempt = cases.get(outcome="no_penalty")
    assert exempt.exemption_answer["proposal"] == "no_penalty"
    assert exempt.education_record
    assert cases.filter(source_kind="report").exists()
    transferred = cases.get(transfers__isnull=False)
    assert transferred.division.code.startswith("310115")
    assert transferred.transfer_pending is False
    assert cases.get(pauses__isnull=False).pauses.get().ended_on is None
    spot = cases.get(summary_procedure=True)
    assert (spot.state, spot.penalty_kinds, spot.published_on) == ("served", ["warning"], None)
    from django.utils import timezone

    assert Guidance.objects.follow_up_overdue(timezone.localdate()).filter(kind="interview")
    count, guidance = cases.count(), Guidance.objects.count()
    load_demo()
    assert (Case.objects.count(), Guidance.objects.count()) == (count, guidance)
