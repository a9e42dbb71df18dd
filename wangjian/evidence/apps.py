from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "wangjian.evidence"
    label = "evidence"
