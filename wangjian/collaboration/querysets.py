"""Who sees a 协查 request: both parties and the bureaus above either of them.

A request belongs to two jurisdictions at once, the requesting bureau's and the receiving
bureau's, so ``visible_to`` is the union of the two path filters. A province sees the requests
between its districts; a third bureau sees none of them.
"""

from django.db import models

from wangjian.core.querysets import jurisdiction_path


class AssistanceRequestQuerySet(models.QuerySet):
    prefix = ""

    def visible_to(self, user):
        path = jurisdiction_path(user)
        if path is None:
            return self.none()
        requesting = f"{self.prefix}requesting_unit__division__path__startswith"
        receiving = f"{self.prefix}receiving_unit__division__path__startswith"
        return self.filter(models.Q(**{requesting: path}) | models.Q(**{receiving: path}))

    def overdue(self, today):
        """Open requests past their answer date, or still unaccepted past the accept date."""
        open_states = ("sent", "accepted", "more_info")
        late = models.Q(answer_due_on__lt=today) | models.Q(state="sent", accept_due_on__lt=today)
        return self.filter(state__in=open_states).filter(late)

    def incoming_for(self, user):
        """Requests addressed to the user's own unit's division (the receiving side)."""
        if jurisdiction_path(user) is None:
            return self.none()
        return self.filter(**{f"{self.prefix}receiving_unit__division": user.jurisdiction})

    def outgoing_for(self, user):
        if jurisdiction_path(user) is None:
            return self.none()
        return self.filter(**{f"{self.prefix}requesting_unit__division": user.jurisdiction})


class RequestChildQuerySet(AssistanceRequestQuerySet):
    prefix = "request__"


class DisciplineQuerySet(models.QuerySet):
    """联合惩戒 notices: a partner department sees its own; bureau staff see those about the
    entities in their jurisdiction."""

    notice_prefix = ""

    def visible_to(self, user):
        from wangjian.core.choices import Role

        path = jurisdiction_path(user)
        if path is None:
            return self.none()
        if user.role == Role.PARTNER_DEPARTMENT:
            return self.filter(**{f"{self.notice_prefix}partner__org_unit": user.org_unit_id})
        lookup = f"{self.notice_prefix}list_entry__entity__division__path__startswith"
        return self.filter(**{lookup: path})


class AppliedMeasureQuerySet(DisciplineQuerySet):
    notice_prefix = "notice__"


class RiskAlertQuerySet(models.QuerySet):
    """Alerts are placed by their entity's division; staff see those in their jurisdiction."""

    def visible_to(self, user):
        path = jurisdiction_path(user)
        if path is None or user.role == "partner_department":
            return self.none()
        return self.filter(division__path__startswith=path)

    def open(self):
        return self.filter(state__in=("open", "acknowledged"))


class DeviceAlertQuerySet(models.QuerySet):
    """Device alerts are placed by the division of the sending unit (and of the matched
    entity); bureau staff see those in their jurisdiction, a sender its own."""

    def visible_to(self, user):
        path = jurisdiction_path(user)
        if path is None:
            return self.none()
        if user.role == "partner_department":
            return self.filter(source_unit=user.org_unit_id)
        return self.filter(division__path__startswith=path)


class CampaignQuerySet(models.QuerySet):
    """A campaign is seen by staff of the lead unit's jurisdiction (and above) and by the
    member units (partner departments included)."""

    prefix = ""

    def visible_to(self, user):
        path = jurisdiction_path(user)
        if path is None:
            return self.none()
        member = models.Q(**{f"{self.prefix}member_units": user.org_unit_id})
        if user.role == "partner_department":
            return self.filter(member).distinct()
        inside = models.Q(**{f"{self.prefix}lead_unit__division__path__startswith": path})
        return self.filter(inside | member).distinct()


class CampaignChildQuerySet(CampaignQuerySet):
    prefix = "campaign__"


class IndicatorRoundQuerySet(models.QuerySet):
    """Rounds are the bureau's; staff of its jurisdiction and partner departments in it see
    them (partners fill in their own indicators)."""

    prefix = ""

    def visible_to(self, user):
        path = jurisdiction_path(user)
        if path is None:
            return self.none()
        lookup = f"{self.prefix}division__path"
        if user.role == "partner_department":
            # A partner sees the rounds of the bureau whose area contains its own.
            ancestors = [c for c in path.strip("/").split("/") if c]
            return self.filter(**{f"{self.prefix}division__code__in": ancestors})
        return self.filter(**{f"{lookup}__startswith": path})


class IndicatorValueQuerySet(IndicatorRoundQuerySet):
    prefix = "round__"
