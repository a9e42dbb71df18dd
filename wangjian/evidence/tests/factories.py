"""Test data made through the app's own actions."""

from wangjian.evidence.actions import keep_capture


def make_evidence(actor, capture, **fields):
    """Seal a real capture for ``actor`` (run with the ``evidence_settings`` fixture)."""
    return keep_capture(actor=actor, capture=capture, **fields)
