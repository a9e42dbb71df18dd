from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "wangjian.enforcement"
    label = "enforcement"
