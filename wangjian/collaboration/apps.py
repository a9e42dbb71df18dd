from django.apps import AppConfig


class CollaborationConfig(AppConfig):
    name = "wangjian.collaboration"
    label = "collaboration"
