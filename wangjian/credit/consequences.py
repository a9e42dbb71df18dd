"""What other apps do when an entity is listed, without credit importing them.

``LISTING_CONSEQUENCES`` holds actions that apps above credit register from their
``AppConfig.ready`` (services revokes the entity's 诚信网商 / 放心网店 commitments).
``decide_listing`` calls each one directly, inside its own transaction, after the entry is
listed: a consequence that fails rolls the listing back with it, so a listed entity never
keeps a commitment the rule says it loses. These are plain calls from an action, not Django
signals.
"""

from collections.abc import Callable

LISTING_CONSEQUENCES: list[Callable[..., None]] = []


def listing_consequence(function):
    if function not in LISTING_CONSEQUENCES:
        LISTING_CONSEQUENCES.append(function)
    return function
