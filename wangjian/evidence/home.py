from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangjian.core.home import HomeCard, home_card


@home_card(600)
def evidence_card(user):
    from wangjian.evidence.models import EvidenceItem

    if not user.has_capability("evidence.view_evidence"):
        return None
    return HomeCard(
        _("辖区内电子存证"), EvidenceItem.objects.visible_to(user).count(), reverse("evidence:list")
    )
