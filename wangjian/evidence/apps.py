from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "wangjian.evidence"
    label = "evidence"

    def ready(self) -> None:
        from wangjian.core.audit import register_head_witness
        from wangjian.evidence import checks  # noqa: F401  (registers the system checks)
        from wangjian.evidence.witness import CustodyLogWitness

        register_head_witness(CustodyLogWitness())

        # Field photos of a 行政检查 are sealed here; inspections never imports evidence.
        from wangjian.core.file_seals import register_file_sealer
        from wangjian.evidence.field_files import seal_field_file

        register_file_sealer(seal_field_file)
