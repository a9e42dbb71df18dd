"""Who sees which complaint.

Regulators: records handled in their jurisdiction (``division``). The respondent side sees only
complaints (never reports, 暂行办法 第三十三条) against it: a platform operator those on its
platform that are in ODR or mediation; a merchant those against its entity. Consumers see
nothing here: they look a record up with its receipt number and lookup code.
"""

from django.db.models import Q

from wangjian.core.choices import Role
from wangjian.core.querysets import JurisdictionQuerySet, jurisdiction_path

RESPONDENT_STATES = ("odr", "accepted", "mediating", "settled_odr", "agreed", "terminated")


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


class ComplaintQuerySet(JurisdictionQuerySet):
    def visible_to(self, user):
        if not _active(user):
            return self.none()
        if jurisdiction_path(user) is not None:
            return super().visible_to(user)
        return self.respondent_side(user)

    def respondent_side(self, user):
        if not _active(user):
            return self.none()
        scope = Q(kind="complaint", state__in=RESPONDENT_STATES)
        if user.role == Role.PLATFORM_OPERATOR:
            platforms = user.platform_accounts.values_list("platform_id", flat=True)
            return self.filter(scope, platform_id__in=list(platforms))
        if user.role == Role.MERCHANT:
            entities = user.merchant_accounts.values_list("entity_id", flat=True)
            return self.filter(scope, respondent_entity_id__in=list(entities))
        return self.none()

    def filed_by(self, user):
        """The records a signed-in consumer filed online (their own, whatever the district)."""
        if not _active(user) or user.role != Role.CONSUMER:
            return self.none()
        return self.filter(filed_by=user)

    def open(self):
        from wangjian.complaints.choices import CLOSED_STATES

        return self.exclude(state__in=CLOSED_STATES)

    def published(self):
        """Decided complaints (not reports) marked for the open-data page, for anyone."""
        from wangjian.complaints.choices import RecordKind

        return self.filter(kind=RecordKind.COMPLAINT, published=True, decided_on__isnull=False)


class ClockStepQuerySet(JurisdictionQuerySet):
    division_path_lookup = "complaint__division__path"

    def pending(self):
        return self.filter(completed_on__isnull=True, paused_on__isnull=True)


class DuplicateLinkQuerySet(JurisdictionQuerySet):
    """A link names two records, possibly of two bureaus (a shop in Pudong on a Yangpu platform
    is within both bureaus' reach): it is visible only to those who see both sides, the common
    superior's staff, so that neither bureau learns the other's receipt number from it."""

    division_path_lookup = "complaint__division__path"

    def visible_to(self, user):
        path = jurisdiction_path(user)
        if path is None:
            return self.none()
        return self.filter(
            complaint__division__path__startswith=path, other__division__path__startswith=path
        )


class DivisionScopedQuerySet(JurisdictionQuerySet):
    pass


class AttachmentQuerySet(JurisdictionQuerySet):
    """证据材料: handlers see every file of the records in their jurisdiction; the respondent
    side sees only the files the respondent handed in, on complaints it sees. A complainant's
    receipts and photos carry names and addresses (暂行办法 第三十三条 and 《个人信息保护法》
    keep them from the respondent)."""

    division_path_lookup = "complaint__division__path"

    def visible_to(self, user):
        if jurisdiction_path(user) is not None:
            return super().visible_to(user)
        from wangjian.complaints.choices import AttachmentSource
        from wangjian.complaints.models import Complaint

        return self.filter(
            source=AttachmentSource.RESPONDENT,
            complaint__in=Complaint.objects.respondent_side(user),
        )


class WarningQuerySet(JurisdictionQuerySet):
    def published(self):
        return self.filter(state="published")
