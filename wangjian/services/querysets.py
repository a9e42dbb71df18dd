"""Services rows are placed by their entity's (or platform's) division; merchants see their own
entity's rows, platform operators their own platform's batches."""

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
