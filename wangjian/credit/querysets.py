"""Credit records are placed by their entity's division; only bureau staff see them."""

from wangjian.core.querysets import JurisdictionQuerySet


class CreditQuerySet(JurisdictionQuerySet):
    division_path_lookup = "entity__division__path"
