"""Services rows are placed by their entity's (or platform's) division; merchants see their own
entity's rows, platform operators their own platform's batches."""

from wangjian.core.querysets import JurisdictionQuerySet
from wangjian.registry.querysets import RegistryQuerySet


class EntityServiceQuerySet(RegistryQuerySet):
    division_path_lookup = "entity__division__path"
    entity_lookup = "entity_id"


class GigBatchQuerySet(RegistryQuerySet):
    division_path_lookup = "platform__division__path"
    platform_lookup = "platform_id"


class GigApplicationQuerySet(RegistryQuerySet):
    division_path_lookup = "batch__platform__division__path"
    platform_lookup = "batch__platform_id"


class GigDeregistrationQuerySet(RegistryQuerySet):
    division_path_lookup = "application__batch__platform__division__path"
    platform_lookup = "application__batch__platform_id"


class GigNoticeQuerySet(RegistryQuerySet):
    division_path_lookup = "application__batch__platform__division__path"
    platform_lookup = "application__batch__platform_id"


class ServiceRequestQuerySet(RegistryQuerySet):
    """Bureau staff: requests of entities in their jurisdiction. A merchant: its entities'
    requests. A partner body's account: the requests assigned to it, nothing else."""

    division_path_lookup = "entity__division__path"
    entity_lookup = "entity_id"
    assignee_lookup = "assignee"

    def visible_to(self, user):
        from wangjian.core.choices import Role
        from wangjian.core.roles import STAFF_ROLES

        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role == Role.PARTNER_DEPARTMENT:
            return self.filter(**{self.assignee_lookup: user})
        if user.role in STAFF_ROLES or user.role == Role.MERCHANT:
            return super().visible_to(user)
        return self.none()


class ServiceMessageQuerySet(ServiceRequestQuerySet):
    division_path_lookup = "request__entity__division__path"
    entity_lookup = "request__entity_id"
    assignee_lookup = "request__assignee"


class EducationQuerySet(JurisdictionQuerySet):
    """Staff see their jurisdiction's drafts and articles; the public sees what is published."""

    def published(self):
        return self.filter(state="published")


class AssociationQuerySet(JurisdictionQuerySet):
    """Bureau staff: associations registered in their jurisdiction. An association's account:
    its own association."""

    association_lookup = "pk"

    def visible_to(self, user):
        from wangjian.core.choices import Role

        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role == Role.INDUSTRY_ASSOCIATION:
            own = list(user.industry_associations.values_list("pk", flat=True))
            return self.filter(**{f"{self.association_lookup}__in": own})
        if user.role in (Role.REGULATOR, Role.SECTION_CHIEF, Role.SYSTEM_ADMIN):
            return super().visible_to(user)
        return self.none()


class AssociationChildQuerySet(AssociationQuerySet):
    division_path_lookup = "association__division__path"
    association_lookup = "association_id"
