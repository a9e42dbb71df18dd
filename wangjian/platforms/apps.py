from django.apps import AppConfig


class PlatformsConfig(AppConfig):
    name = "wangjian.platforms"
    label = "platforms"
