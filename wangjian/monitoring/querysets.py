"""Who sees which monitoring record: bureau staff, for their jurisdiction's divisions.

A finding's division is where its shop operates when the shop is in the registry (属地管辖),
otherwise the division of the bureau that ran the scan; a batch belongs to the bureau that ran or
received it. Platforms see the batches they posted (the feed's receipts), not the findings.
"""

from wangjian.core.choices import Role
from wangjian.core.querysets import JurisdictionQuerySet, jurisdiction_path


class ScanBatchQuerySet(JurisdictionQuerySet):
    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if jurisdiction_path(user) is not None:
            return super().visible_to(user)
        if user.role == Role.PLATFORM_OPERATOR:
            platforms = list(user.platform_accounts.values_list("platform_id", flat=True))
            return self.filter(platform_id__in=platforms, submitted_by=user)
        return self.none()


class FindingQuerySet(JurisdictionQuerySet):
    def open(self):
        return self.filter(state="open")

    def for_triage(self):
        """Open findings a regulator must decide; exempt ones are shown for explanation only."""
        return self.open().exclude(verdict="exempt")

    def about_platform_of(self, user):
        """Findings about the shops of the platforms ``user`` holds an account for: what the
        platform is asked to act on (电子商务法 第二十九条)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(shop__platform__accounts__user=user)


class MonitoredItemQuerySet(JurisdictionQuerySet):
    pass


class ClueQuerySet(JurisdictionQuerySet):
    pass
