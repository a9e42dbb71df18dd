"""Who sees which demonstration-zone application.

Bureau staff see the applications of the divisions inside their jurisdiction (the applicant's
county bureau, the city-level bureau above it, the provincial bureau). An evaluator
organisation sees only the applications entrusted to it (第二十九条), whatever its division.
"""

from django.db import models

from wangjian.core.choices import Role
from wangjian.core.querysets import jurisdiction_path

VIEW_CAPABILITY = "zones.view_application"

# States whose status, notice or designation the public pages show (第二十五条: 公示).
PUBLIC_STATES = (
    "evaluating",
    "evaluated",
    "in_notice",
    "designated",
    "expired",
    "reevaluation_applied",
    "revoked",
)


class ApplicationQuerySet(models.QuerySet):
    application_prefix = ""

    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.has_capability(VIEW_CAPABILITY):
            return self.none()
        prefix = self.application_prefix
        if user.role == Role.EVALUATOR:
            if user.org_unit_id is None:
                return self.none()
            return self.filter(**{f"{prefix}assignment__evaluator_unit_id": user.org_unit_id})
        path = jurisdiction_path(user)
        if path is None:
            return self.none()
        return self.filter(**{f"{prefix}division__path__startswith": path})

    def public(self):
        return self.filter(**{f"{self.application_prefix}state__in": PUBLIC_STATES})


class ApplicationChildQuerySet(ApplicationQuerySet):
    application_prefix = "application__"
