from wangjian.core.audit_types import registered_labels
from wangjian.zones.lifecycle import STEPS


def test_every_lifecycle_step_has_a_registered_audit_type():
    # Steps are audited as f"zones.{step.name}", which the core source scan checks only by
    # prefix: each step needs its own labelled type.
    registered = registered_labels()
    assert [name for name in STEPS if f"zones.{name}" not in registered] == []
