"""Jurisdiction filters for the registry (网络经营主体数据库).

Regulators see rows whose division lies inside their jurisdiction. Platform operators (linked to a
platform by ``PlatformAccount``) see their own platform, its shops and its submissions. Merchants
(linked to a market entity by ``MerchantAccount``) see their own entity and what hangs off it.
"""

from django.db.models import Q

from wangjian.core.choices import Role
from wangjian.core.querysets import JurisdictionQuerySet, jurisdiction_path


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def platform_ids_of(user) -> list[int]:
    if not _active(user) or user.role != Role.PLATFORM_OPERATOR:
        return []
    return list(user.platform_accounts.values_list("platform_id", flat=True))


def entity_ids_of(user) -> list[int]:
    if not _active(user) or user.role != Role.MERCHANT:
        return []
    return list(user.merchant_accounts.values_list("entity_id", flat=True))


class RegistryQuerySet(JurisdictionQuerySet):
    """``visible_to`` = jurisdiction, or the platform's / merchant's own rows."""

    platform_lookup: str | None = None
    entity_lookup: str | None = None

    def visible_to(self, user):
        if not _active(user):
            return self.none()
        if jurisdiction_path(user) is not None:
            return super().visible_to(user)
        if user.role == Role.PLATFORM_OPERATOR and self.platform_lookup:
            return self.filter(**{f"{self.platform_lookup}__in": platform_ids_of(user)})
        if user.role == Role.MERCHANT and self.entity_lookup:
            return self.filter(**{f"{self.entity_lookup}__in": entity_ids_of(user)})
        return self.none()


class MarketEntityQuerySet(RegistryQuerySet):
    entity_lookup = "pk"


class PlatformQuerySet(RegistryQuerySet):
    platform_lookup = "pk"


class OnlineShopQuerySet(RegistryQuerySet):
    platform_lookup = "platform_id"
    entity_lookup = "entity_id"

    def active(self):
        return self.filter(exited_on__isnull=True)


class EntityChildQuerySet(RegistryQuerySet):
    """Rows that belong to a market entity and are placed by its division."""

    division_path_lookup = "entity__division__path"
    entity_lookup = "entity_id"


class LicenceQuerySet(RegistryQuerySet):
    division_path_lookup = "holder__division__path"
    entity_lookup = "holder_id"


class LiveRoomQuerySet(RegistryQuerySet):
    division_path_lookup = "shop__division__path"
    platform_lookup = "shop__platform_id"
    entity_lookup = "shop__entity_id"


class SubmissionQuerySet(RegistryQuerySet):
    platform_lookup = "platform_id"


class FlagQuerySet(RegistryQuerySet):
    """A bureau sees the flags raised in its jurisdiction and those another bureau referred
    (移送) to it; a platform sees the flags on its own shops so it can correct them. Merchants do
    not see flags."""

    platform_lookup = "shop__platform_id"

    def visible_to(self, user):
        path = jurisdiction_path(user) if _active(user) else None
        if path is not None:
            return self.filter(
                Q(division__path__startswith=path) | Q(referred_division__path__startswith=path)
            )
        if _active(user) and user.role == Role.PLATFORM_OPERATOR:
            return self.filter(shop__platform_id__in=platform_ids_of(user))
        return self.none()

    def open(self):
        return self.filter(state__in=("open", "corrected"))


class ReferralQuerySet(RegistryQuerySet):
    """A referral concerns two bureaus: the one that listed it (``division``) and the one it is
    addressed to (``target_division``); both see it, a third bureau does not. Platforms and
    merchants never see referrals."""

    def visible_to(self, user):
        path = jurisdiction_path(user) if _active(user) else None
        if path is None:
            return self.none()
        return self.filter(
            Q(division__path__startswith=path) | Q(target_division__path__startswith=path)
        )

    def sent_by(self, user):
        """Referrals the user's bureau listed for another bureau."""
        path = jurisdiction_path(user) if _active(user) else None
        if path is None:
            return self.none()
        return self.filter(division__path__startswith=path)

    def received_by(self, user):
        """Referrals another bureau addressed to the user's jurisdiction."""
        path = jurisdiction_path(user) if _active(user) else None
        if path is None:
            return self.none()
        return self.filter(target_division__path__startswith=path).exclude(
            division__path__startswith=path
        )


class EntityLinkQuerySet(RegistryQuerySet):
    division_path_lookup = "shop__division__path"

    def pending(self):
        return self.filter(state="pending")


class RegisterLoadQuerySet(RegistryQuerySet):
    """Loads made in the user's jurisdiction, and those run from the command line (no
    division: the register is loaded for the whole installation)."""

    def visible_to(self, user):
        from django.db.models import Q

        path = jurisdiction_path(user)
        if path is None:
            return self.none()
        return self.filter(Q(division__path__startswith=path) | Q(division__isnull=True))
