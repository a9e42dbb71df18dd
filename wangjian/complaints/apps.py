from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "wangjian.complaints"
    label = "complaints"
