"""Complaint facts on the respondent's profile timeline (registry ``@timeline_provider``).

Read through ``visible_to``: a regulator sees the complaints handled in their jurisdiction; the
merchant sees complaints against it (never reports, 暂行办法 第三十三条)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangjian.registry.timeline import TimelineFact, timeline_provider

SOURCE = _("投诉举报")


@timeline_provider(60)
def complaint_facts(entity, user):
    from wangjian.complaints.models import Complaint

    if not user.has_capability("complaints.view_complaint"):
        return
    rows = (
        Complaint.objects.visible_to(user)
        .filter(respondent_entity=entity)
        .order_by("-received_on", "-id")[:50]
    )
    for complaint in rows:
        yield TimelineFact(
            complaint.received_on,
            f"complaints.{complaint.kind}",
            f"{complaint.get_kind_display()} {complaint.receipt_number}："
            f"{complaint.category or complaint.issue or '—'}（{complaint.get_state_display()}）",
            str(SOURCE),
            reverse("complaints:detail", args=[complaint.pk]),
        )
        if complaint.decided_on:
            yield TimelineFact(
                complaint.decided_on,
                "complaints.outcome",
                f"{complaint.receipt_number} 办结：{complaint.get_state_display()}",
                str(SOURCE),
                reverse("complaints:detail", args=[complaint.pk]),
            )
