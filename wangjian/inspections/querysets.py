"""Inspection rows are placed by their plan's (or officer's) division."""

from django.db.models import Q

from wangjian.core.querysets import JurisdictionQuerySet


class PlanQuerySet(JurisdictionQuerySet):
    def public(self):
        return self.exclude(state="draft")


class TaskQuerySet(JurisdictionQuerySet):
    division_path_lookup = "plan__division__path"

    def public(self):
        """Tasks of drawn plans, whose inspector draw records are published for anyone to
        re-run."""
        return self.filter(plan__state="drawn")


class ResultQuerySet(JurisdictionQuerySet):
    division_path_lookup = "task__plan__division__path"

    def published(self):
        return self.filter(published_on__isnull=False)

    def overdue(self, today):
        """Still unpublished after the publication deadline."""
        return self.filter(published_on__isnull=True, publish_due_on__lt=today)

    def published_late(self):
        from django.db.models import F

        return self.filter(Q(published_on__gt=F("publish_due_on")))


class InspectorQuerySet(JurisdictionQuerySet):
    pass


class RecusalQuerySet(JurisdictionQuerySet):
    division_path_lookup = "inspector__division__path"


class FieldInspectionQuerySet(JurisdictionQuerySet):
    pass


class FieldAttachmentQuerySet(JurisdictionQuerySet):
    division_path_lookup = "inspection__division__path"
