import pytest

from wangjian.complaints.models import (
    Complaint,
    ConsumerWarning,
    DuplicateLink,
    HotSpot,
    SerialFlag,
)
from wangjian.core.demo import load_demo


@pytest.mark.django_db
def test_demo_loads_complaints_once():
    load_demo()
    count = Complaint.objects.count()
    # 16 ordinary, 11 against the spiking shop, 2 re-filed, 4 template, 2 mixed, 1 ODR and
    # one report of an illegal advertisement published by the platform.
    assert count == 37
    advertising = Complaint.objects.get(advertisement=True)
    assert (advertising.kind, advertising.ad_publisher) == ("report", "platform")
    assert advertising.ad_publisher_entity == advertising.platform.entity
    assert set(Complaint.objects.values_list("channel", flat=True)) == {
        "web_form",
        "api",
        "import_12315",
        "odr_desk",
    }
    assert DuplicateLink.objects.count() >= 1
    assert SerialFlag.objects.filter(reason="shared_template").exists()
    assert HotSpot.objects.filter(dimension="respondent").count() == 1
    assert ConsumerWarning.objects.filter(state="published").count() == 1
    load_demo()
    assert Complaint.objects.count() == count
