from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "wangjian.evidence"
    label = "evidence"

    def ready(self) -> None:
        from wangjian.core.audit import register_head_witness
        from wangjian.evidence import checks  # noqa: F401  (registers the system checks)
        from wangjian.evidence.witness import CustodyLogWitness

        register_head_witness(CustodyLogWitness())
