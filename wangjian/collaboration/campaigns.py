"""What a campaign counts: the monitoring findings of its theme's rule families in its period
and the lead unit's jurisdiction, and the clues registered from them (set-based)."""

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
    return findings.aggregate(
        findings=Count("id"),
        confirmed=Count("id", filter=Q(state="confirmed")),
        clues=Count("clue", distinct=True),
        referred=Count("clue", distinct=True, filter=Q(clue__state="referred")),
    )
