from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "wangjian.evidence"
    label = "evidence"

    def ready(self) -> None:
        from wangjian.evidence import checks  # noqa: F401  (registers the system checks)
