from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "wangjian.monitoring"
    label = "monitoring"
