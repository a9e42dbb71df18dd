from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "wangjian.registry"
    label = "registry"
