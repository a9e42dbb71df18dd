"""Who sees what in the platforms app.

Regulators see the rows of platforms whose submissions their jurisdiction receives; a platform
account sees its own platform's rows only; a merchant its own entity's self-assessments.
Published compliance guides are public.
"""

from django.db.models import Q

from wangjian.core.querysets import jurisdiction_path
from wangjian.registry.querysets import RegistryQuerySet


class PlatformRowQuerySet(RegistryQuerySet):
    division_path_lookup = "platform__division__path"
    platform_lookup = "platform_id"


class SelfAssessmentQuerySet(RegistryQuerySet):
    platform_lookup = "platform_id"
    entity_lookup = "entity_id"

    def visible_to(self, user):
        from wangjian.core.choices import Role

        if user is not None and getattr(user, "role", None) == Role.MERCHANT:
            # A merchant's own assessments, not those a platform filed about the same entity.
            return super().visible_to(user).filter(platform__isnull=True)
        return super().visible_to(user)


class ComplianceGuideQuerySet(RegistryQuerySet):
    def published(self):
        return self.filter(state="published")

    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.published()
        path = jurisdiction_path(user)
        if path is None:
            return self.published()
        return self.filter(Q(division__path__startswith=path) | Q(state="published"))


class PlatformCorrespondenceQuerySet(RegistryQuerySet):
    """Requests and notices a bureau addressed to a platform: the sending bureau's jurisdiction
    (its division) sees them, and the platform's own accounts; nobody else."""

    division_path_lookup = "division__path"
    platform_lookup = "platform_id"

    def overdue(self, today):
        return self.filter(state="awaiting", due_on__lt=today)


class ReplyAttachmentQuerySet(RegistryQuerySet):
    division_path_lookup = "request__division__path"
    platform_lookup = "request__platform_id"
