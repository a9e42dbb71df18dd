"""A campaign counts the cases opened from the clues of its findings and their outcomes.

collaboration and enforcement share a layer and may not import each other, so a test that
builds cases and reads a campaign's counts lives here, in the top layer."""

import datetime as dt

from wangjian.collaboration import actions
from wangjian.collaboration.campaigns import campaign_counts
from wangjian.monitoring.models import Finding


def test_campaign_counts_cases_and_outcomes_from_its_clues(district, section_chief):
    campaign = actions.create_campaign(
        actor=section_chief,
        title="2026年网络价格标示专项整治",
        theme="整治网店价格标示不规范、虚构原价等问题。",
        starts_on=dt.date(2026, 11, 1),
        ends_on=dt.date(2026, 12, 31),
        families=["price"],
    )
    clues = district["clues"]
    findings = district["findings"]
    # Both 定海路 price findings went into the referred clue, whose case was filed and
    # decided with a penalty; 五角场's price finding went into a clue whose case source is
    # still being verified.
    Finding.objects.filter(pk__in=[f.pk for f in findings["d_price_nov"]]).update(
        clue=clues["referred"][0], state="confirmed"
    )
    Finding.objects.filter(pk=findings["w_price_nov"][0].pk).update(
        clue=clues["registered"][0], state="confirmed"
    )
    assert campaign_counts(campaign, section_chief) == {
        "findings": 3,
        "confirmed": 3,
        "clues": 2,
        "referred": 1,
        "cases": 2,
        "filed": 1,
        "penalty": 1,
        "no_penalty": 0,
    }
