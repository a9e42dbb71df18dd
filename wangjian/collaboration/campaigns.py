"""What a campaign counts: the monitoring findings of its theme's rule families in its period
and the lead unit's jurisdiction, the clues registered from them, the cases opened from those
clues and their outcomes (one aggregate query).

collaboration and enforcement share a layer and do not import each other: the cases are reached
through the clue's reverse relation ``enforcement_cases``. The joins repeat a finding once per
case of its clue, so every count is distinct."""

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone


def campaign_counts(campaign, user) -> dict:
    from wangjian.monitoring.models import Finding

    start = timezone.make_aware(dt.datetime.combine(campaign.starts_on, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(campaign.ends_on, dt.time.max))
    findings = Finding.objects.visible_to(user).filter(
        division__path__startswith=campaign.lead_unit.division.path,
        family__in=campaign.families,
        created_at__range=(start, end),
    )
    cases = "clue__enforcement_cases"
    return findings.aggregate(
        findings=Count("id", distinct=True),
        confirmed=Count("id", distinct=True, filter=Q(state="confirmed")),
        clues=Count("clue", distinct=True),
        referred=Count("clue", distinct=True, filter=Q(clue__state="referred")),
        cases=Count(cases, distinct=True),
        filed=Count(cases, distinct=True, filter=Q(**{f"{cases}__filed_on__isnull": False})),
        penalty=Count(cases, distinct=True, filter=Q(**{f"{cases}__outcome": "penalty"})),
        no_penalty=Count(cases, distinct=True, filter=Q(**{f"{cases}__outcome": "no_penalty"})),
    )
