"""Whether the database is ready: for the command line on a checkout nobody has migrated yet.

Commands that can answer from packaged data (the working-day package, the rule packs, the draw
and bundle verifiers) ask ``has_table`` and skip the database when it is empty; every other
command runs as usual, and ``wangjian.cli`` turns the missing-table error it then meets into one
line saying what to run, after ``migrations_pending`` has confirmed that is the cause.
"""

from django.db import DatabaseError, connection


def has_table(model) -> bool:
    """Whether ``model``'s table exists (one catalogue query; False when it cannot be asked)."""
    try:
        return model._meta.db_table in connection.introspection.table_names()
    except DatabaseError:
        return False


def migrations_pending() -> bool:
    """Whether some migration of an installed app has not been applied to the database.

    Raises ``DatabaseError`` when the database cannot be reached at all, since migrating would
    not help then.
    """
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
