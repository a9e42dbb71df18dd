"""Every change to the registry, by topic: ``register`` (entities, platforms, accounts,
licences, the register load and deregistration), ``submissions`` (platform submissions received
and imported), ``flags`` (flags and proposed links raised by an import) and ``links`` (deciding
entity links, closing flags), ``flag_handling`` (处理 / 移送 / 忽略 and the platform's
已更正); constants and checks shared by all of them live in ``common``.

Each action takes a keyword-only ``actor``, runs in one transaction and writes its audit event
inside it. Every public name is re-exported here, so ``from wangjian.registry.actions import x``
keeps working.
"""

from wangjian.registry.actions.common import BATCH, CENT, SHOP_FIELDS, entity_search_text
from wangjian.registry.actions.flag_handling import (
    FLAG_OUTCOMES,
    flag_received_by,
    handle_flag,
    handle_flags,
    report_flag_correction,
)
from wangjian.registry.actions.links import close_flag, decide_link, reverse_link_decision
from wangjian.registry.actions.register import (
    add_licence,
    attach_shop_to_registered_entity,
    deregister_entity,
    link_merchant_account,
    link_platform_account,
    load_register,
    register_entity,
    register_platform,
)
from wangjian.registry.actions.submissions import (
    ImportOutcome,
    Receipt,
    import_submission,
    receive_submission,
)

__all__ = [
    "BATCH",
    "CENT",
    "FLAG_OUTCOMES",
    "SHOP_FIELDS",
    "ImportOutcome",
    "Receipt",
    "add_licence",
    "attach_shop_to_registered_entity",
    "close_flag",
    "decide_link",
    "deregister_entity",
    "entity_search_text",
    "flag_received_by",
    "handle_flag",
    "handle_flags",
    "import_submission",
    "link_merchant_account",
    "link_platform_account",
    "load_register",
    "receive_submission",
    "register_entity",
    "register_platform",
    "report_flag_correction",
    "reverse_link_decision",
]
