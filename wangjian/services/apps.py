from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "wangjian.services"
    label = "services"
