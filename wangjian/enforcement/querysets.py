"""Reads of cases and guidance, scoped by jurisdiction.

A case belongs to the bureau holding it (``division``). A bureau that transferred a case away
keeps read access to it (移送 leaves the sender its file); every change needs the holder
(``handled_by``). Recipients of guidance see what is addressed to their platform or entity.
"""

import datetime as dt

from django.db import models

from wangjian.core.choices import Role
from wangjian.core.querysets import JurisdictionQuerySet, jurisdiction_path


def _divisions_under(path: str):
    # The divisions of a jurisdiction as a subquery on the small division table, so the case
    # table is read through its division_id indexes rather than joined row by row.
    from wangjian.core.models import Division

    return Division.objects.filter(path__startswith=path).values("pk")


class CaseQuerySet(JurisdictionQuerySet):
    def visible_to(self, user):
        from wangjian.enforcement.models import Transfer

        path = jurisdiction_path(user)
        if path is None:
            return self.none()
        sent = Transfer.objects.filter(from_division__in=_divisions_under(path)).values("case_id")
        return self.filter(models.Q(division__in=_divisions_under(path)) | models.Q(pk__in=sent))

    def handled_by(self, user):
        """Cases the user's bureau holds (and may change)."""
        path = jurisdiction_path(user)
        if path is None:
            return self.none()
        return self.filter(division__in=_divisions_under(path))

    def overdue(self, today: dt.date):
        from wangjian.enforcement.choices import DECISION_CLOCK_STATES, CaseState

        return self.filter(
            models.Q(state=CaseState.VERIFYING, verification_due__lt=today)
            | models.Q(state__in=DECISION_CLOCK_STATES, decision_due__lt=today)
            | models.Q(state=CaseState.NOTIFIED, statement_due__lt=today)
        )

    def due_within(self, today: dt.date, days: int):
        from wangjian.enforcement.choices import DECISION_CLOCK_STATES, CaseState

        until = today + dt.timedelta(days=days)
        return self.filter(
            models.Q(
                state=CaseState.VERIFYING,
                verification_due__gte=today,
                verification_due__lte=until,
            )
            | models.Q(
                state__in=DECISION_CLOCK_STATES, decision_due__gte=today, decision_due__lte=until
            )
        )


class GuidanceQuerySet(JurisdictionQuerySet):
    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if jurisdiction_path(user) is not None:
            return super().visible_to(user)
        return self.addressed_to(user)

    def addressed_to(self, user):
        """Guidance addressed to the platform or entity the user has an account for."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role == Role.PLATFORM_OPERATOR:
            platforms = user.platform_accounts.values_list("platform_id", flat=True)
            return self.filter(platform_id__in=list(platforms))
        if user.role == Role.MERCHANT:
            entities = user.merchant_accounts.values_list("entity_id", flat=True)
            return self.filter(entity_id__in=list(entities), platform__isnull=True)
        return self.none()

    def follow_up_overdue(self, today: dt.date):
        from wangjian.enforcement.choices import GuidanceState

        open_states = [GuidanceState.ISSUED, GuidanceState.ACKNOWLEDGED, GuidanceState.ANSWERED]
        return self.filter(state__in=open_states).filter(
            models.Q(follow_up_due__lt=today) | models.Q(rectification_due__lt=today)
        )
